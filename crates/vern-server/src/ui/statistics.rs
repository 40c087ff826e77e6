//! The sales statistics page: the same figures as `GET /v1/statistics`, from the same use case.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::i18n::Texts;
use super::page::{Layout, UiResult, render, render_status};
use super::session::Staff;
use crate::auth::roles::ReadStatistics;
use crate::state::AppState;
use crate::statistics::{self, Line};

pub(crate) struct Row {
    key: String,
    currency: String,
    deals: u64,
    amount: String,
    anonymized: u64,
}

pub(crate) struct ControllerChoice {
    key: String,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "ui/statistics.html")]
struct StatisticsPage {
    l: Layout,
    t: &'static Texts,
    controllers: Vec<ControllerChoice>,
    from: String,
    to: String,
    zone: String,
    tables: Vec<Table>,
}

/// One breakdown as a table.
pub(crate) struct Table {
    id: &'static str,
    title: &'static str,
    column: &'static str,
    rows: Vec<Row>,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct StatisticsQuery {
    controller: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// An amount in minor units as a person reads it: `1 299.00`.
fn amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let whole = (minor / 100).unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", (minor % 100).unsigned_abs())
}

fn rows(t: &Texts, lines: Vec<Line>, owners: bool) -> Vec<Row> {
    lines
        .into_iter()
        .map(|l| Row {
            key: if owners && l.key.is_empty() {
                t.st_unknown_owner.to_owned()
            } else {
                l.key
            },
            currency: l.currency,
            deals: l.deals,
            amount: amount(l.amount_minor),
            anonymized: l.anonymized,
        })
        .collect()
}

fn choices(state: &AppState, selected: &str) -> Vec<ControllerChoice> {
    state
        .follower
        .index()
        .controllers()
        .map(|c| ControllerChoice {
            selected: c.record.key == selected,
            key: c.record.key.clone(),
            name: c.record.name.clone(),
        })
        .collect()
}

/// Sales per seller, month and stage for a controller and a window of days.
pub(crate) async fn statistics_page(
    Staff { me, .. }: Staff<ReadStatistics>,
    State(state): State<AppState>,
    Query(q): Query<StatisticsQuery>,
) -> UiResult {
    let result = async {
        let from = statistics::day(q.from.as_deref(), "from")?;
        let to = statistics::day(q.to.as_deref(), "to")?;
        let controller = q.controller.as_deref().filter(|c| !c.is_empty());
        statistics::statistics(&state, controller, from, to).await
    }
    .await;
    match result {
        Ok(s) => render(&StatisticsPage {
            l: me.layout("statistics"),
            t: me.t,
            controllers: choices(&state, &s.controller),
            from: s.from.to_string(),
            to: s.to.to_string(),
            zone: s.zone.name().to_owned(),
            tables: vec![
                Table {
                    id: "by-owner",
                    title: me.t.st_by_owner,
                    column: me.t.st_owner,
                    rows: rows(me.t, s.by_owner, true),
                },
                Table {
                    id: "by-period",
                    title: me.t.st_by_period,
                    column: me.t.st_period,
                    rows: rows(me.t, s.by_period, false),
                },
                Table {
                    id: "by-stage",
                    title: me.t.st_by_stage,
                    column: me.t.st_stage,
                    rows: rows(me.t, s.by_stage, false),
                },
            ],
        }),
        Err(e)
            if e.status().is_client_error() && e.status() != axum::http::StatusCode::NOT_FOUND =>
        {
            let status = e.status();
            let message = super::controllers::refusal(me.t, e);
            render_status(
                status,
                &StatisticsPage {
                    l: me.layout("statistics").with_error(Some(message)),
                    t: me.t,
                    controllers: choices(&state, q.controller.as_deref().unwrap_or_default()),
                    from: q.from.clone().unwrap_or_default(),
                    to: q.to.clone().unwrap_or_default(),
                    zone: String::new(),
                    tables: Vec::new(),
                },
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_with_thousands_apart() {
        assert_eq!(super::amount(129_900), "1\u{a0}299.00");
        assert_eq!(super::amount(5), "0.05");
        assert_eq!(super::amount(-12_345_678), "-123\u{a0}456.78");
    }
}
