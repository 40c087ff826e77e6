//! Share links and disclosures in SQL: links to a person's report, created, found, listed and
//! revoked, and the ledger entries recording each disclosure of a person's data.

use crate::store::{PeopleStore, ShareLinkStore};
use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, NewEntry, ShareLinkCreated, ShareLinkRevoked};
use crate::model::{Disclosure, ShareLink};
use crate::time_codec::{from_micros, to_micros};

fn link_from(row: &AnyRow) -> StoreResult<ShareLink> {
    Ok(ShareLink {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        created_at: from_micros(row.try_get("created_at")?),
        expires_at: from_micros(row.try_get("expires_at")?),
        revoked_at: row
            .try_get::<Option<i64>, _>("revoked_at")?
            .map(from_micros),
        opened: row.try_get("opened")?,
    })
}

const LINK_COLUMNS: &str = "id, person_id, created_at, expires_at, revoked_at, opened";

pub(super) async fn get_share_link(store: &SqlStore, id: &str) -> StoreResult<ShareLink> {
    let row = sqlx::query(&format!(
        "SELECT {LINK_COLUMNS} FROM share_links WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(store.pool())
    .await?
    .ok_or(StoreError::NotFound)?;
    link_from(&row)
}

#[async_trait]
impl ShareLinkStore for SqlStore {
    async fn create_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        token_hash: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<(ShareLink, i64)> {
        let p = self.get_person(person).await?;
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        sqlx::query("INSERT INTO share_links (id, person_id, token_hash, created_at, expires_at, opened) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(&id)
            .bind(person)
            .bind(token_hash.to_vec())
            .bind(tx.at_micros())
            .bind(to_micros(expires_at))
            .execute(tx.conn())
            .await?;
        tx.record(
            NewEntry::event(LedgerEvent::ShareLinkCreated(ShareLinkCreated {
                link: id.clone(),
                person: person.to_owned(),
                expires_at: to_micros(expires_at),
            }))
            .controller(p.controller.0)
            .subject(person, None),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((get_share_link(self, &id).await?, seq))
    }

    async fn find_share_link(&self, token_hash: &[u8; 32]) -> StoreResult<Option<ShareLink>> {
        let row = sqlx::query(&format!(
            "SELECT {LINK_COLUMNS} FROM share_links WHERE token_hash = $1"
        ))
        .bind(token_hash.to_vec())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(link_from).transpose()
    }

    async fn list_share_links(&self, person: &str) -> StoreResult<Vec<ShareLink>> {
        let rows = sqlx::query(&format!(
            "SELECT {LINK_COLUMNS} FROM share_links WHERE person_id = $1 ORDER BY created_at DESC"
        ))
        .bind(person)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(link_from).collect()
    }

    async fn revoke_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<(ShareLink, i64)> {
        let link = get_share_link(self, id).await?;
        if link.revoked_at.is_some() {
            return Err(StoreError::Conflict(
                "the link is already revoked".to_owned(),
            ));
        }
        let mut tx = self.write(actor, now).await?;
        sqlx::query("UPDATE share_links SET revoked_at = $1 WHERE id = $2")
            .bind(tx.at_micros())
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.record(
            NewEntry::event(LedgerEvent::ShareLinkRevoked(ShareLinkRevoked {
                link: id.to_owned(),
                person: link.person_id.clone(),
            }))
            .subject(&link.person_id, None),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((get_share_link(self, id).await?, seq))
    }

    /// Record a disclosure of a person's data (a report generated, a link opened, an export
    /// downloaded): a ledger entry about the person, in its own transaction.
    async fn record_disclosure(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        disclosure: Disclosure,
    ) -> StoreResult<i64> {
        let (event, link) = match disclosure {
            Disclosure::Report(r) => (LedgerEvent::ReportGenerated(r), None),
            Disclosure::LinkOpened(l) => {
                let link = l.link.clone();
                (LedgerEvent::ShareLinkOpened(l), Some(link))
            }
            Disclosure::Downloaded(l) => {
                let link = l.link.clone();
                (LedgerEvent::ExportDownloaded(l), Some(link))
            }
            Disclosure::PreferencesShown(p) => (LedgerEvent::PreferencesShown(p), None),
        };
        let p = self.get_person(person).await?;
        let mut tx = self.write(actor, now).await?;
        if let Some(link) = link {
            sqlx::query("UPDATE share_links SET opened = opened + 1 WHERE id = $1")
                .bind(link)
                .execute(tx.conn())
                .await?;
        }
        tx.record(
            NewEntry::event(event)
                .controller(p.controller.0)
                .subject(person, None),
        )
        .await?;
        tx.commit().await
    }
}
