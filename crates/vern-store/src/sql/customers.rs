//! Customer relationships and controller terms in SQL. Dates are stored as ISO 8601 text
//! (`2027-05-03`), which sorts and compares the same on both engines.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;
use vern_core::calendar::ISO_DATE;
use vern_core::{ControllerId, CustomerTerms, FinancialYear, ProductCategory};

use super::SqlStore;
use super::person_keys::live_controller;
use crate::codec::integrity;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, ControllerTermsSet, CustomerRelationshipChanged, LedgerEvent, NewEntry, WriteTx,
};
use crate::model::{
    ControllerTerms, ControllerTermsRecord, CustomerRelationshipRecord, RelationshipInput,
};
use crate::store::{CustomerStore, TermsStore};
use crate::time_codec::from_micros;

/// A person's relationships in their order: oldest first.
pub(super) const ORDER: &str = "started, id";

pub(super) const COLUMNS: &str =
    "id, person_id, controller, product_category, started, ended, deal_id, created_at";

pub(super) fn date_text(d: Date) -> String {
    // The ISO form of a `Date` cannot fail to format for years 0..=9999.
    d.format(ISO_DATE).unwrap_or_default()
}

pub(super) fn date_from(text: &str) -> StoreResult<Date> {
    Date::parse(text, ISO_DATE).map_err(|_| integrity("date"))
}

pub(super) fn record_from(row: &AnyRow) -> StoreResult<CustomerRelationshipRecord> {
    let ended: Option<String> = row.try_get("ended")?;
    Ok(CustomerRelationshipRecord {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        controller: ControllerId(row.try_get("controller")?),
        product_category: ProductCategory::parse(&row.try_get::<String, _>("product_category")?)
            .map_err(|_| integrity("product category"))?,
        started: date_from(&row.try_get::<String, _>("started")?)?,
        ended: ended.as_deref().map(date_from).transpose()?,
        deal: row.try_get("deal_id")?,
        created_at: from_micros(row.try_get("created_at")?),
    })
}

fn payload(r: &CustomerRelationshipRecord) -> CustomerRelationshipChanged {
    CustomerRelationshipChanged {
        relationship: r.id.clone(),
        person: r.person_id.clone(),
        product_category: r.product_category.as_str().to_owned(),
        started: date_text(r.started),
        ended: r.ended.map(date_text),
        deal: r.deal.clone(),
    }
}

/// Insert a relationship and its ledger entry inside an open write: the API's door and a won
/// deal's (which must start its relationship in the deal's own transaction) share it.
pub(super) async fn start_in(
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    person: &str,
    input: &RelationshipInput,
) -> StoreResult<CustomerRelationshipRecord> {
    let record = insert_relationship(tx, controller, person, input).await?;
    tx.record(
        NewEntry::event(LedgerEvent::CustomerRelationshipStarted(payload(&record)))
            .controller(controller.0)
            .subject(person, None),
    )
    .await?;
    Ok(record)
}

/// The relationship's row alone; the caller writes the ledger entry (`start_in` its own, an
/// import the person's `person.imported`).
pub(super) async fn insert_relationship(
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    person: &str,
    input: &RelationshipInput,
) -> StoreResult<CustomerRelationshipRecord> {
    if input.ended.is_some_and(|e| e < input.started) {
        return Err(StoreError::Invalid(
            "a customer relationship cannot end before it started".to_owned(),
        ));
    }
    let at = tx.at_micros();
    let record = CustomerRelationshipRecord {
        id: Uuid::now_v7().to_string(),
        person_id: person.to_owned(),
        controller,
        product_category: input.product_category.clone(),
        started: input.started,
        ended: input.ended,
        deal: input.deal.clone(),
        created_at: from_micros(at),
    };
    sqlx::query(&format!(
        "INSERT INTO customer_relationships ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(&record.id)
    .bind(person)
    .bind(controller.0)
    .bind(record.product_category.as_str())
    .bind(date_text(record.started))
    .bind(record.ended.map(date_text))
    .bind(&record.deal)
    .bind(at)
    .execute(tx.conn())
    .await?;
    Ok(record)
}

#[async_trait]
impl CustomerStore for SqlStore {
    async fn start_relationship(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &RelationshipInput,
    ) -> StoreResult<(CustomerRelationshipRecord, i64)> {
        let controller = live_controller(self, person).await?;
        let mut tx = self.write(actor, now).await?;
        let record = start_in(&mut tx, controller, person, input).await?;
        let seq = tx.commit().await?;
        Ok((record, seq))
    }

    async fn end_relationship(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        relationship: &str,
        ended: Date,
    ) -> StoreResult<(CustomerRelationshipRecord, i64)> {
        live_controller(self, person).await?;
        let mut tx = self.write(actor, now).await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM customer_relationships WHERE id = $1 AND person_id = $2"
        ))
        .bind(relationship)
        .bind(person)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut record = record_from(&row)?;
        if record.ended.is_some() {
            return Err(StoreError::Conflict(
                "the customer relationship has already ended".to_owned(),
            ));
        }
        if ended < record.started {
            return Err(StoreError::Invalid(
                "a customer relationship cannot end before it started".to_owned(),
            ));
        }
        sqlx::query("UPDATE customer_relationships SET ended = $1 WHERE id = $2")
            .bind(date_text(ended))
            .bind(relationship)
            .execute(tx.conn())
            .await?;
        record.ended = Some(ended);
        tx.record(
            NewEntry::event(LedgerEvent::CustomerRelationshipEnded(payload(&record)))
                .controller(record.controller.0)
                .subject(person, None),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((record, seq))
    }

    async fn list_relationships(
        &self,
        person: &str,
    ) -> StoreResult<Vec<CustomerRelationshipRecord>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM customer_relationships WHERE person_id = $1 ORDER BY {ORDER}"
        ))
        .bind(person)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(record_from)
        .collect()
    }
}

fn terms_from(row: &AnyRow) -> StoreResult<ControllerTermsRecord> {
    let month = |c: &str| -> StoreResult<u8> {
        u8::try_from(row.try_get::<i64, _>(c)?).map_err(|_| integrity(c))
    };
    Ok(ControllerTermsRecord {
        controller: ControllerId(row.try_get("controller")?),
        terms: ControllerTerms {
            financial_year: FinancialYear::starting_in(month("financial_year_start_month")?)
                .map_err(|_| integrity("financial year"))?,
            customer: CustomerTerms::new(
                month("nix_telefon_months")?,
                month("reservasjonsregisteret_months")?,
            )
            .map_err(|_| integrity("customer terms"))?,
        },
    })
}

const TERMS_COLUMNS: &str =
    "controller, financial_year_start_month, nix_telefon_months, reservasjonsregisteret_months";

#[async_trait]
impl TermsStore for SqlStore {
    async fn list_controller_terms(&self) -> StoreResult<Vec<ControllerTermsRecord>> {
        sqlx::query(&format!(
            "SELECT {TERMS_COLUMNS} FROM controller_terms ORDER BY controller"
        ))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(terms_from)
        .collect()
    }

    async fn controller_terms(&self, controller: ControllerId) -> StoreResult<ControllerTerms> {
        let row = sqlx::query(&format!(
            "SELECT {TERMS_COLUMNS} FROM controller_terms WHERE controller = $1"
        ))
        .bind(controller.0)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(row) => terms_from(&row)?.terms,
            None => ControllerTerms::default(),
        })
    }

    async fn set_controller_terms(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        terms: &ControllerTerms,
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let exists = sqlx::query("SELECT id FROM controllers WHERE id = $1")
            .bind(controller.0)
            .fetch_optional(tx.conn())
            .await?
            .is_some();
        if !exists {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM controller_terms WHERE controller = $1")
            .bind(controller.0)
            .execute(tx.conn())
            .await?;
        let month = terms.financial_year.start_month();
        sqlx::query(&format!(
            "INSERT INTO controller_terms ({TERMS_COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, $5)"
        ))
        .bind(controller.0)
        .bind(i64::from(month))
        .bind(i64::from(terms.customer.nix_telefon_months))
        .bind(i64::from(terms.customer.reservasjonsregisteret_months))
        .bind(at)
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::ControllerTermsSet(ControllerTermsSet {
                controller: controller.0,
                financial_year_start_month: month,
                nix_telefon_months: terms.customer.nix_telefon_months,
                reservasjonsregisteret_months: terms.customer.reservasjonsregisteret_months,
            }))
            .controller(controller.0),
        )
        .await?;
        tx.commit().await
    }
}

/// What a bookkeeping hold counts with: the controller's country, financial year and clock.
pub(super) struct Bookkeeping {
    country: Option<vern_core::Country>,
    year: vern_core::FinancialYear,
    zone: vern_core::zone::Zone,
}

impl Bookkeeping {
    pub(super) async fn of(store: &SqlStore, controller: ControllerId) -> StoreResult<Bookkeeping> {
        let row = sqlx::query("SELECT country, time_zone FROM controllers WHERE id = $1")
            .bind(controller.0)
            .fetch_optional(store.pool())
            .await?;
        let (country, zone): (Option<String>, Option<String>) = match row {
            Some(r) => (r.try_get("country")?, r.try_get("time_zone")?),
            None => (None, None),
        };
        let country = country.and_then(|c| c.parse().ok());
        Ok(Bookkeeping {
            country,
            year: store.controller_terms(controller).await?.financial_year,
            zone: zone
                .as_deref()
                .and_then(vern_core::zone::Zone::from_name)
                .unwrap_or_else(|| vern_core::zone::Zone::of_country(country)),
        })
    }

    /// The end of the last day the record from `start` is kept, on the controller's clock: the
    /// acts keep records "till och med" (through) that day where the controller keeps them, so
    /// the day is the same whether read in UTC or in the controller's zone.
    pub(super) fn until(
        &self,
        period: Option<vern_core::Retention>,
        start: OffsetDateTime,
    ) -> OffsetDateTime {
        let day = vern_core::bookkeeping::hold_until(self.country, self.year, period, start.date());
        let end = time::PrimitiveDateTime::new(
            day,
            time::Time::from_hms(23, 59, 59).unwrap_or(time::Time::MIDNIGHT),
        );
        // Nordic clocks change at 01:00 UTC, never in a day's last hours: the offset at this
        // UTC reading is the one in force that evening.
        end.assume_offset(self.zone.offset_at(end.assume_utc()))
            .to_offset(time::UtcOffset::UTC)
    }
}
