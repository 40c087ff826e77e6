//! The disclosures from the card: the printable access report (Art. 15) and the export (Art. 20).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use vern_store::ledger::ReportGenerated;
use vern_store::model::Disclosure;

use super::card::load_error;
use crate::auth::roles::Report;
use crate::error::ApiError;
use crate::lang::Lang;
use crate::report::{self, Page};
use crate::state::AppState;
use crate::ui::page::UiResult;
use crate::ui::session::Staff;

/// The printable access report (Art. 15). A disclosure: recorded in the ledger.
pub(crate) async fn report(
    Staff { me, .. }: Staff<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let person = state
        .store
        .get_person(&id)
        .await
        .map_err(|e| load_error(&me, e))?;
    let now = state.clock.now();
    let lang = person
        .profile
        .language
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(me.lang);
    let gathered = report::gather(&state, person, now)
        .await
        .map_err(|e| me.fail(e))?;
    let zone = report::zone_of(&state, &gathered);
    let html = report::to_html(&gathered, lang, zone, Page::Report)
        .map_err(|e| me.fail(ApiError::internal(&e)))?;
    state
        .store
        .record_disclosure(
            &me.actor,
            now,
            &id,
            Disclosure::Report(ReportGenerated {
                format: "html".to_owned(),
                schema: report::SCHEMA.to_owned(),
                via: Some("ui".to_owned()),
            }),
        )
        .await
        .map_err(|e| me.fail(e.into()))?;
    let mut r = axum::response::Html(html).into_response();
    // The printable page carries its own style sheet inline, and no script at all.
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    Ok(r)
}

/// Everything held, as a zip of CSV files (Art. 20). A disclosure: recorded in the ledger.
pub(crate) async fn export(
    Staff { me, .. }: Staff<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let person = state
        .store
        .get_person(&id)
        .await
        .map_err(|e| load_error(&me, e))?;
    let now = state.clock.now();
    let gathered = report::gather(&state, person, now)
        .await
        .map_err(|e| me.fail(e))?;
    let body = report::to_zip(&gathered).map_err(|e| me.fail(ApiError::internal(&e)))?;
    state
        .store
        .record_disclosure(
            &me.actor,
            now,
            &id,
            Disclosure::Report(ReportGenerated {
                format: "csv".to_owned(),
                schema: report::SCHEMA.to_owned(),
                via: Some("ui".to_owned()),
            }),
        )
        .await
        .map_err(|e| me.fail(e.into()))?;
    let name: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"vern-access-report-{name}.zip\""
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
