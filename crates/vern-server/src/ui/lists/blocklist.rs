//! The global block list page: looking an identifier up, adding one, taking one off.

use askama::Template;
use axum::extract::{Extension, Multipart, Query, State};
use serde::Deserialize;

use crate::auth::roles::{ManageBlocklist, ReadBlocklist};
use crate::error::ApiError;
use crate::input::{IdentifiersIn, Reading};
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{
    CsrfExpected, Form, Layout, Me, UiError, UiResult, render, render_status, see_other,
};
use crate::ui::session::Staff;
use crate::ui::upload;

/// The largest block-list file the UI takes.
pub(crate) const MAX_BLOCKLIST_FILE: usize = 512 * 1024 * 1024;

pub(crate) struct BlockRow {
    id: String,
    kind: &'static str,
    digest: String,
    reason: String,
    since: String,
}

#[derive(Template)]
#[template(path = "ui/blocklist.html")]
struct BlocklistPage {
    l: Layout,
    t: &'static Texts,
    q: String,
    looked_up: bool,
    matches: Vec<BlockRow>,
    rows: Vec<BlockRow>,
    next: Option<String>,
    may_change: bool,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct BlockQuery {
    q: Option<String>,
    after: Option<String>,
    done: Option<String>,
}

fn block_row(me: &Me, s: vern_store::model::SuppressionRecord) -> BlockRow {
    BlockRow {
        kind: me.t.identifier_kind(s.identifier_kind.as_str()),
        digest: s.digest.chars().take(16).collect(),
        reason: s.reason.unwrap_or_default(),
        since: me.day(s.created_at),
        id: s.id,
    }
}

/// Parse a typed identifier as the default controller reads it.
fn block_identifiers(
    state: &AppState,
    text: &str,
) -> Result<Vec<(vern_core::IdentifierKind, vern_core::IdentifierDigest)>, ApiError> {
    let controller = crate::input::controller(&state.follower.index(), None)?;
    let reading = Reading::of(&controller, state.clock.now(), None);
    let mut ids = IdentifiersIn::default();
    if text.contains('@') {
        ids.email = Some(text.to_owned());
    } else if reading.phone(text, "q").is_err() && reading.national_id(text, "q").is_ok() {
        ids.national_id = Some(text.to_owned());
    } else {
        ids.phone = Some(text.to_owned());
    }
    let parsed = reading
        .identifiers(&ids, "identifier")
        .map_err(ApiError::invalid)?;
    Ok(crate::input::digests(state.store.keys(), &parsed))
}

async fn blocklist_view(
    me: &Me,
    state: &AppState,
    q: &BlockQuery,
    error: Option<String>,
) -> Result<BlocklistPage, UiError> {
    blocklist_page(me, state, q, error, None).await
}

async fn blocklist_page(
    me: &Me,
    state: &AppState,
    q: &BlockQuery,
    error: Option<String>,
    notice: Option<String>,
) -> Result<BlocklistPage, UiError> {
    let text = q.q.clone().unwrap_or_default().trim().to_owned();
    let mut matches = Vec::new();
    let mut error = error;
    if !text.is_empty() {
        match block_identifiers(state, &text) {
            Ok(digests) => {
                let d: Vec<_> = digests.iter().map(|(_, d)| *d).collect();
                matches = state
                    .store
                    .suppressions_with(&d, false)
                    .await
                    .map_err(|e| me.fail(e.into()))?
                    .into_iter()
                    .filter(|s| s.source == "blocklist")
                    .map(|s| block_row(me, s))
                    .collect();
            }
            Err(e) => error = Some(e.into_body().message),
        }
    }
    let page = state
        .store
        .list_blocklist(100, q.after.as_deref())
        .await
        .map_err(|e| me.fail(e.into()))?;
    let next = (page.len() == 100)
        .then(|| page.last().map(|e| e.id.clone()))
        .flatten();
    let mut l = me
        .layout("blocklist")
        .done(q.done.as_deref())
        .with_error(error);
    if notice.is_some() {
        l.notice = notice;
    }
    Ok(BlocklistPage {
        l,
        t: me.t,
        looked_up: !text.is_empty(),
        q: text,
        matches,
        rows: page.into_iter().map(|s| block_row(me, s)).collect(),
        next,
        may_change: me.may::<ManageBlocklist>(),
    })
}

/// The global block list: look an identifier up, add one, take one off.
pub(crate) async fn blocklist(
    Staff { me, .. }: Staff<ReadBlocklist>,
    State(state): State<AppState>,
    Query(q): Query<BlockQuery>,
) -> UiResult {
    render(&blocklist_view(&me, &state, &q, None).await?)
}

/// Add to or remove from the block list.
pub(crate) async fn blocklist_change(
    Staff { me, .. }: Staff<ManageBlocklist>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let now = state.clock.now();
    let result: Result<&str, ApiError> = async {
        if form.text("action") == "remove" {
            let reason = form.get("reason").unwrap_or_else(|| "removed".to_owned());
            let (_, seq) = state
                .store
                .blocklist_remove(&me.actor, now, &form.text("id"), &reason)
                .await
                .map_err(|e| match e {
                    vern_store::StoreError::NotFound => ApiError::not_found("block-list entry"),
                    other => other.into(),
                })?;
            state.follower.sync_to(seq).await?;
            Ok("unblocked")
        } else {
            let reason = crate::input::text(&form.text("reason"), "reason", 500)
                .map_err(|e| ApiError::invalid(vec![e]))?;
            let digests = block_identifiers(&state, &form.text("identifier"))?;
            let mut last = 0;
            for (kind, digest) in &digests {
                let (_, seq) = state
                    .store
                    .blocklist_add(&me.actor, now, *kind, digest, &reason)
                    .await?;
                last = seq;
            }
            state.follower.sync_to(last).await?;
            Ok("blocked")
        }
    }
    .await;
    match result {
        Ok(done) => Ok(see_other(&format!("/ui/blocklist?done={done}"))),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            let page = blocklist_view(&me, &state, &BlockQuery::default(), Some(message)).await?;
            render_status(status, &page)
        }
        Err(e) => Err(me.fail(e)),
    }
}

/// Load a CSV file of phone numbers and e-mail addresses onto the block list, in one
/// transaction and one ledger entry, as `vern blocklist import` does.
pub(crate) async fn blocklist_import(
    Staff { me, .. }: Staff<ManageBlocklist>,
    Extension(expected): Extension<CsrfExpected>,
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> UiResult {
    let form = match upload::read(&me, expected, multipart, "file", MAX_BLOCKLIST_FILE).await {
        Ok(f) => f,
        Err(response) => return Ok(response),
    };
    let result = match &form.file {
        Some((name, bytes)) => {
            crate::uploads::import_blocklist(
                &state,
                &me.actor,
                bytes,
                name,
                &form.get("reason").unwrap_or_default(),
            )
            .await
        }
        None => Err(ApiError::invalid_field("file", me.t.choose_file)),
    };
    let q = BlockQuery::default();
    match result {
        Ok(loaded) => {
            let mut notice =
                me.t.blocklist_loaded
                    .replace("{rows}", &loaded.rows.to_string())
                    .replace("{added}", &loaded.outcome.added.to_string())
                    .replace("{duplicates}", &loaded.outcome.duplicates.to_string())
                    .replace("{bad}", &loaded.unparseable.to_string());
            if !loaded.unparseable_lines.is_empty() {
                let shown: Vec<String> = loaded
                    .unparseable_lines
                    .iter()
                    .map(u64::to_string)
                    .collect();
                notice = format!("{notice} {}: {}", me.t.on_lines, shown.join(", "));
            }
            render(&blocklist_page(&me, &state, &q, None, Some(notice)).await?)
        }
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(
                status,
                &blocklist_page(&me, &state, &q, Some(message), None).await?,
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}
