//! Sales statistics: what anonymization keeps of deals, counted per seller, month and stage.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Auth;
use crate::auth::roles::ReadStatistics;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Params;
use crate::state::AppState;
use crate::statistics::{self, Line, Statistics};

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_statistics))
}

/// The window and controller counted.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct StatisticsQuery {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// The first day counted, in the controller's time zone (default: 1 January of `to`'s year).
    pub from: Option<String>,
    /// The last day counted (default: today in the controller's time zone).
    pub to: Option<String>,
}

/// One line of a breakdown.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LineOut {
    /// The seller (empty: none recorded), the month (`2026-03`) or the stage.
    pub key: String,
    /// ISO 4217 currency: amounts in different currencies are never added together.
    pub currency: String,
    /// How many deals.
    pub deals: u64,
    /// Their sum in minor units (öre, øre, cents).
    pub amount_minor: i64,
    /// How many of them were with people since erased or anonymized.
    pub anonymized: u64,
}

/// Sales statistics of one controller.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatisticsOut {
    /// The controller's key.
    pub controller: String,
    /// The controller's time zone: days and months are counted in it.
    pub time_zone: String,
    /// The first day counted.
    pub from: String,
    /// The last day counted.
    pub to: String,
    /// Won deals per seller, largest sum first within a currency.
    pub by_owner: Vec<LineOut>,
    /// Won deals per month they closed in.
    pub by_period: Vec<LineOut>,
    /// Every deal per stage.
    pub by_stage: Vec<LineOut>,
}

fn lines(lines: Vec<Line>) -> Vec<LineOut> {
    lines
        .into_iter()
        .map(|l| LineOut {
            key: l.key,
            currency: l.currency,
            deals: l.deals,
            amount_minor: l.amount_minor,
            anonymized: l.anonymized,
        })
        .collect()
}

impl From<Statistics> for StatisticsOut {
    fn from(s: Statistics) -> Self {
        StatisticsOut {
            controller: s.controller,
            time_zone: s.zone.name().to_owned(),
            from: s.from.to_string(),
            to: s.to.to_string(),
            by_owner: lines(s.by_owner),
            by_period: lines(s.by_period),
            by_stage: lines(s.by_stage),
        }
    }
}

/// Sales per seller, per month and per stage, counting the deals of erased and anonymized
/// people too (they keep amount, stage, seller and dates, never whom the sale was to).
#[utoipa::path(get, path = "/v1/statistics", tag = "register", params(StatisticsQuery),
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = StatisticsOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn get_statistics(
    _: Auth<ReadStatistics>,
    State(state): State<AppState>,
    Params(q): Params<StatisticsQuery>,
) -> ApiResult<Json<StatisticsOut>> {
    let from = statistics::day(q.from.as_deref(), "from")?;
    let to = statistics::day(q.to.as_deref(), "to")?;
    let s = statistics::statistics(&state, q.controller.as_deref(), from, to).await?;
    Ok(Json(s.into()))
}
