//! The national registers page: each version with its validity.

use askama::Template;
use axum::extract::{Extension, Multipart, State};
use vern_core::register::{Register, RegisterVersion};

use crate::auth::roles::ReadWashes;
use crate::error::ApiError;
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{CsrfExpected, Layout, Me, UiError, UiResult, render, render_status};
use crate::ui::policies::ImportRegisters;
use crate::ui::session::Staff;
use crate::ui::upload;

/// The largest register file the UI takes (a national register of some million numbers).
pub(crate) const MAX_REGISTER_FILE: usize = 512 * 1024 * 1024;

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
    /// Whether the role may load a new version, and the registers to choose from.
    may_import: bool,
    registers: Vec<(&'static str, &'static str)>,
    today: String,
}

/// The national registers: each version with its validity; stale ones stand out.
pub(crate) async fn registers(
    Staff { me, .. }: Staff<ReadWashes>,
    State(state): State<AppState>,
) -> UiResult {
    render(&registers_view(&me, &state, None, None).await?)
}

async fn registers_view(
    me: &Me,
    state: &AppState,
    notice: Option<String>,
    error: Option<String>,
) -> Result<RegistersPage, UiError> {
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
    let mut l = me.layout("registers").with_error(error);
    l.notice = notice;
    Ok(RegistersPage {
        l,
        t,
        rows,
        may_import: me.may::<ImportRegisters>(),
        registers: Register::ALL
            .into_iter()
            .map(|r| (r.as_str(), t.register_name(r)))
            .collect(),
        today: today.to_string(),
    })
}

/// Load a new version of a register from an uploaded file, through the same reading and store
/// method as `vern registers import`; the page then shows what was read, or the refusal.
pub(crate) async fn register_upload(
    Staff { me, .. }: Staff<ImportRegisters>,
    Extension(expected): Extension<CsrfExpected>,
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> UiResult {
    let form = match upload::read(&me, expected, multipart, "file", MAX_REGISTER_FILE).await {
        Ok(f) => f,
        Err(response) => return Ok(response),
    };
    let result: Result<_, ApiError> = async {
        let register = form
            .get("register")
            .unwrap_or_default()
            .parse::<Register>()
            .map_err(|e| ApiError::invalid_field("register", e.to_string()))?;
        let date = time::Date::parse(
            &form.get("version_date").unwrap_or_default(),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|_| ApiError::invalid_field("version_date", me.t.give_a_date))?;
        let Some((name, bytes)) = &form.file else {
            return Err(ApiError::invalid_field("file", me.t.choose_file));
        };
        crate::uploads::import_register(&state, &me.actor, register, date, bytes, name).await
    }
    .await;
    match result {
        Ok(loaded) => {
            let shown: Vec<String> = loaded
                .unparseable_lines
                .iter()
                .map(u64::to_string)
                .collect();
            let mut notice =
                me.t.register_loaded
                    .replace("{entries}", &loaded.version.entries.to_string())
                    .replace("{lines}", &loaded.lines.to_string())
                    .replace("{bad}", &loaded.unparseable.to_string());
            if !shown.is_empty() {
                notice = format!("{notice} {}: {}", me.t.on_lines, shown.join(", "));
            }
            render(&registers_view(&me, &state, Some(notice), None).await?)
        }
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(
                status,
                &registers_view(&me, &state, None, Some(message)).await?,
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}
