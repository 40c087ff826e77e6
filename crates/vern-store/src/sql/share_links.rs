//! Share links and disclosures in SQL: links to a person's report, created, found, listed and
//! revoked, and the ledger entries recording each disclosure of a person's data.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEntry, LedgerEvent, NewEntry, ShareLinkCreated, ShareLinkRevoked,
};
use crate::model::ShareLink;
use crate::time_codec::{from_micros, to_micros};

pub(super) async fn create_share_link(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    person: &str,
    token_hash: &[u8; 32],
    expires_at: OffsetDateTime,
) -> StoreResult<(ShareLink, i64)> {
    let p = super::people::get_person(store, person).await?;
    let id = Uuid::now_v7().to_string();
    let mut tx = store.write(actor, now).await?;
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
    Ok((get_share_link(store, &id).await?, seq))
}

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

pub(super) async fn find_share_link(
    store: &SqlStore,
    token_hash: &[u8; 32],
) -> StoreResult<Option<ShareLink>> {
    let row = sqlx::query(&format!(
        "SELECT {LINK_COLUMNS} FROM share_links WHERE token_hash = $1"
    ))
    .bind(token_hash.to_vec())
    .fetch_optional(store.pool())
    .await?;
    row.as_ref().map(link_from).transpose()
}

pub(super) async fn list_share_links(
    store: &SqlStore,
    person: &str,
) -> StoreResult<Vec<ShareLink>> {
    let rows = sqlx::query(&format!(
        "SELECT {LINK_COLUMNS} FROM share_links WHERE person_id = $1 ORDER BY created_at DESC"
    ))
    .bind(person)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(link_from).collect()
}

pub(super) async fn revoke_share_link(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    id: &str,
) -> StoreResult<(ShareLink, i64)> {
    let link = get_share_link(store, id).await?;
    if link.revoked_at.is_some() {
        return Err(StoreError::Conflict(
            "the link is already revoked".to_owned(),
        ));
    }
    let mut tx = store.write(actor, now).await?;
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
    Ok((get_share_link(store, id).await?, seq))
}

/// Record a disclosure of a person's data (a report generated, a link opened, an export
/// downloaded): a ledger entry about the person, in its own transaction.
pub(super) async fn record_disclosure(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    person: &str,
    kind: &'static str,
    payload: serde_json::Value,
    link: Option<&str>,
) -> StoreResult<i64> {
    let p = super::people::get_person(store, person).await?;
    let mut tx = store.write(actor, now).await?;
    if let Some(link) = link {
        sqlx::query("UPDATE share_links SET opened = opened + 1 WHERE id = $1")
            .bind(link)
            .execute(tx.conn())
            .await?;
    }
    tx.record(
        NewEntry::new(kind, payload)
            .controller(p.controller.0)
            .subject(person, None),
    )
    .await?;
    tx.commit().await
}

/// The ledger entries about a person, oldest first.
pub(super) async fn ledger_for(store: &SqlStore, person: &str) -> StoreResult<Vec<LedgerEntry>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, kind, controller, subject, payload, CASE WHEN sealed IS NULL THEN 0 ELSE 1 END AS has_sealed, hash \
         FROM ledger WHERE subject = $1 ORDER BY seq",
    )
    .bind(person)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(crate::ledger::entry_from_row).collect()
}
