//! Suppressions that outlive the link between a person and their identifiers.
//!
//! A direct-marketing objection, a block or an opt-out recorded through one identifier protects
//! the person's other identifiers only through the person (the decision reads every digest the
//! person holds). The recycle bin hides that link and a purge destroys it, so before either,
//! every suppression in force on one of the person's identifiers is copied onto each of their
//! other identifiers, with the same scope, channels and source: the person stays protected on
//! every identifier once nobody links them any more.

use sqlx::Row;
use std::collections::HashSet;
use vern_core::ControllerId;
use vern_core::objection::SuppressionSource;

use super::suppression_rows::insert_suppression;
use crate::codec::{channels_from_i64, digest_from, kind_from_text, source_from_text};
use crate::error::StoreResult;
use crate::ledger::{LedgerEvent, NewEntry, SuppressionKept, WriteTx};

/// What a reader of the block list or the person's report sees on a copied suppression.
const REASON: &str = "kept for an identifier of an erased person";

/// Copy every suppression in force on one of `person`'s identifiers (in scope for the person's
/// controller) onto the person's other identifiers, in `tx`, and record it in the ledger so the
/// suppression index of every server picks the new digests up. Returns how many were written.
pub(super) async fn keep_for(
    tx: &mut WriteTx<'_>,
    person: &str,
    controller: ControllerId,
) -> StoreResult<usize> {
    let identifiers =
        sqlx::query("SELECT kind, digest FROM person_identifiers WHERE person_id = $1")
            .bind(person)
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(|r| {
                Ok((
                    kind_from_text(&r.try_get::<String, _>("kind")?)?,
                    digest_from(&r.try_get::<Vec<u8>, _>("digest")?)?,
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
    if identifiers.len() < 2 {
        return Ok(0);
    }
    // Every suppression in force on the person's identifiers that covers their controller.
    let rows = sqlx::query(
        "SELECT s.digest, s.controller, s.channels, s.source, s.objection_id FROM suppressions s \
         WHERE s.removed_at IS NULL AND (s.controller IS NULL OR s.controller = $2) \
         AND s.digest IN (SELECT i.digest FROM person_identifiers i WHERE i.person_id = $1) \
         ORDER BY s.created_at, s.id",
    )
    .bind(person)
    .bind(controller.0)
    .fetch_all(tx.conn())
    .await?;
    type Shape = (Option<i64>, i64, SuppressionSource);
    let mut held: HashSet<([u8; 16], Shape)> = HashSet::new();
    let mut shapes: Vec<(Shape, Option<String>)> = Vec::new();
    for r in &rows {
        let digest = digest_from(&r.try_get::<Vec<u8>, _>("digest")?)?;
        let shape: Shape = (
            r.try_get("controller")?,
            r.try_get("channels")?,
            source_from_text(&r.try_get::<String, _>("source")?)?,
        );
        held.insert((*digest.as_bytes(), shape));
        if !shapes.iter().any(|(s, _)| *s == shape) {
            shapes.push((shape, r.try_get("objection_id")?));
        }
    }
    // And the entries of block-list imports kept packed, which have no row.
    let digests: Vec<[u8; 16]> = identifiers.iter().map(|(_, d)| *d.as_bytes()).collect();
    for entry in super::packed::find_sorted(tx.conn(), &digests).await? {
        if entry.controller.is_some_and(|c| c != controller.0) {
            continue;
        }
        let shape: Shape = (
            entry.controller,
            entry.channels,
            source_from_text(&entry.source)?,
        );
        held.insert((entry.digest, shape));
        if !shapes.iter().any(|(s, _)| *s == shape) {
            shapes.push((shape, None));
        }
    }
    let mut written = Vec::new();
    for ((controller, channels, source), objection) in &shapes {
        for (kind, digest) in &identifiers {
            if held.insert((*digest.as_bytes(), (*controller, *channels, *source))) {
                insert_suppression(
                    tx,
                    digest,
                    *kind,
                    controller.map(ControllerId),
                    channels_from_i64(*channels),
                    *source,
                    objection.as_deref(),
                    Some(REASON),
                    None,
                )
                .await?;
                written.push(digest.to_hex());
            }
        }
    }
    if !written.is_empty() {
        tx.record(
            NewEntry::event(LedgerEvent::SuppressionKept(SuppressionKept {
                person: person.to_owned(),
                digests: written.clone(),
            }))
            .controller(controller.0)
            .subject(person, None),
        )
        .await?;
    }
    Ok(written.len())
}
