//! What every aggregate that keeps a person's data needs: the person's own key, sealing a
//! value with it, and the person's controller. Kept apart from `people.rs` so that the
//! aggregates people's writes call into (customers, marketing) do not import people back.

use sqlx::Row;
use vern_core::ControllerId;

use super::SqlStore;
use crate::codec::integrity;
use crate::error::{StoreError, StoreResult};
use crate::seal::PersonKey;

pub(super) fn profile_context(id: &str) -> String {
    format!("person:{id}:profile")
}

/// A value sealed as JSON with the person's key.
pub(super) fn seal_json<T: serde::Serialize>(
    key: &PersonKey,
    context: &str,
    value: &T,
) -> StoreResult<Vec<u8>> {
    let bytes = serde_json::to_vec(value).map_err(|e| StoreError::Other(e.to_string()))?;
    Ok(key.seal(context, &bytes))
}

/// A value sealed with [`seal_json`], opened.
pub(super) fn open_json<T: serde::de::DeserializeOwned>(
    key: &PersonKey,
    context: &str,
    sealed: &[u8],
) -> StoreResult<T> {
    let bytes = key.open(context, sealed)?;
    serde_json::from_slice(&bytes).map_err(|_| integrity("sealed record"))
}

/// The person's key; a purged person has none.
pub(super) async fn person_key(store: &SqlStore, id: &str) -> StoreResult<PersonKey> {
    store
        .keyring()
        .get(&store.keys, id)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The controller of a person who is not in the recycle bin; nothing is decrypted.
pub(super) async fn live_controller(store: &SqlStore, id: &str) -> StoreResult<ControllerId> {
    let row = sqlx::query("SELECT controller FROM people WHERE id = $1 AND erased_at IS NULL")
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(ControllerId(row.try_get("controller")?))
}
