//! The national registers page: each version with its validity.

use askama::Template;
use axum::extract::State;
use vern_core::register::RegisterVersion;

use crate::auth::roles::ReadWashes;
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Layout, UiResult, render};
use crate::ui::session::Staff;

pub(crate) struct RegisterRow {
    name: &'static str,
    version: String,
    imported: String,
    entries: i64,
    valid_until: String,
    status: &'static str,
    status_label: &'static str,
    source: String,
}

#[derive(Template)]
#[template(path = "ui/registers.html")]
struct RegistersPage {
    l: Layout,
    t: &'static Texts,
    rows: Vec<RegisterRow>,
}

/// The national registers: each version with its validity; stale ones stand out.
pub(crate) async fn registers(
    Staff { me, .. }: Staff<ReadWashes>,
    State(state): State<AppState>,
) -> UiResult {
    let today = me.zone.local(state.clock.now()).date();
    let versions = state
        .store
        .list_register_versions()
        .await
        .map_err(|e| me.fail(e.into()))?;
    let t = me.t;
    let rows = versions
        .into_iter()
        .map(|v| {
            let status = if v.superseded_at.is_some() {
                "superseded"
            } else if (RegisterVersion {
                version_date: v.version_date,
            })
            .valid_on(v.register, today)
            {
                "in_force"
            } else {
                "stale"
            };
            RegisterRow {
                name: t.register_name(v.register),
                version: v.version_date.to_string(),
                imported: me.when(v.imported_at),
                entries: v.entries,
                valid_until: v.register.valid_until(v.version_date).to_string(),
                status,
                status_label: t.register_status(status),
                source: v.source_name,
            }
        })
        .collect();
    render(&RegistersPage {
        l: me.layout("registers"),
        t,
        rows,
    })
}
