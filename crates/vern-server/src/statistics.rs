//! Sales statistics built on what erasure and anonymization keep of a deal (amount, currency,
//! stage, seller and dates, never whom it was with): a sales manager still knows who sold how
//! much this year, and nobody learns to whom. `GET /v1/statistics` and the staff UI's
//! statistics page both call [`statistics`].

use std::collections::BTreeMap;

use time::{Date, Month, OffsetDateTime, Time};
use vern_core::zone::Zone;
use vern_store::model::DealFact;

use crate::error::{ApiError, ApiResult};
use crate::input;
use crate::state::AppState;

/// The stage that counts as a sale.
pub(crate) const WON: &str = "won";

/// The widest window one call counts (about five years): the store reads every deal in it.
const MAX_DAYS: i64 = 5 * 366;

/// One line of a breakdown: the deals of one key (seller, month or stage) in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// The seller (empty: none recorded), the month (`2026-03`) or the stage.
    pub(crate) key: String,
    /// ISO 4217; amounts in different currencies are never added together.
    pub(crate) currency: String,
    /// How many deals.
    pub(crate) deals: u64,
    /// Their sum, in minor units.
    pub(crate) amount_minor: i64,
    /// How many of them are erased or anonymized people's.
    pub(crate) anonymized: u64,
}

/// The statistics of one controller over a window of calendar days in its time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statistics {
    /// The controller's key.
    pub(crate) controller: String,
    /// Its time zone: the days and months are its.
    pub(crate) zone: Zone,
    /// The first day counted.
    pub(crate) from: Date,
    /// The last day counted.
    pub(crate) to: Date,
    /// Won deals per seller, largest sum first.
    pub(crate) by_owner: Vec<Line>,
    /// Won deals per month of their closing, in order.
    pub(crate) by_period: Vec<Line>,
    /// Every deal per stage.
    pub(crate) by_stage: Vec<Line>,
}

/// The day a deal counts on: when it closed, or while open when it was opened.
fn counted_at(d: &DealFact) -> OffsetDateTime {
    d.closed_at.unwrap_or(d.opened_at)
}

fn add(map: &mut BTreeMap<(String, String), Line>, key: String, d: &DealFact) {
    let line = map
        .entry((key.clone(), d.currency.clone()))
        .or_insert_with(|| Line {
            key,
            currency: d.currency.clone(),
            deals: 0,
            amount_minor: 0,
            anonymized: 0,
        });
    line.deals += 1;
    line.amount_minor = line.amount_minor.saturating_add(d.amount_minor);
    line.anonymized += u64::from(d.anonymized);
}

/// The three breakdowns of these deals, months read in `zone`.
pub(crate) fn summarize(deals: &[DealFact], zone: Zone) -> (Vec<Line>, Vec<Line>, Vec<Line>) {
    let (mut owners, mut periods, mut stages) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for d in deals {
        add(&mut stages, d.stage.clone(), d);
        if d.stage.eq_ignore_ascii_case(WON) {
            add(&mut owners, d.owner.clone().unwrap_or_default(), d);
            let local = zone.local(counted_at(d));
            let month = format!("{:04}-{:02}", local.year(), u8::from(local.month()));
            add(&mut periods, month, d);
        }
    }
    let mut by_owner: Vec<Line> = owners.into_values().collect();
    by_owner.sort_by(|a, b| {
        (&a.currency, std::cmp::Reverse(a.amount_minor), &a.key).cmp(&(
            &b.currency,
            std::cmp::Reverse(b.amount_minor),
            &b.key,
        ))
    });
    (
        by_owner,
        periods.into_values().collect(),
        stages.into_values().collect(),
    )
}

/// The instant a calendar day begins in `zone`.
fn start_of(day: Date, zone: Zone) -> OffsetDateTime {
    let naive = day.with_time(Time::MIDNIGHT);
    // Summer time changes at night, never at midnight: the offset a few hours on is the
    // offset of the day's midnight.
    naive.assume_offset(zone.offset_at(naive.assume_utc()))
}

/// The statistics of a controller (none: the default one) from `from` to `to`, both calendar
/// days in its zone and both counted (default: this calendar year so far).
pub(crate) async fn statistics(
    state: &AppState,
    controller: Option<&str>,
    from: Option<Date>,
    to: Option<Date>,
) -> ApiResult<Statistics> {
    let view = input::controller(&state.follower.index(), controller)?;
    let zone = view.zone();
    let today = zone.local(state.clock.now()).date();
    let to = to.unwrap_or(today);
    let from = match from {
        Some(f) => f,
        None => Date::from_calendar_date(to.year(), Month::January, 1)
            .map_err(|_| ApiError::invalid_field("to", "not a day vern can count from"))?,
    };
    if from > to {
        return Err(ApiError::invalid_field("from", "must not be after to"));
    }
    if (to - from).whole_days() > MAX_DAYS {
        return Err(ApiError::invalid_field(
            "from",
            "the window may be at most five years",
        ));
    }
    let end = to
        .next_day()
        .ok_or_else(|| ApiError::invalid_field("to", "not a day vern can count to"))?;
    let deals = state
        .store
        .deal_facts(view.record.id, start_of(from, zone), start_of(end, zone))
        .await?;
    let (by_owner, by_period, by_stage) = summarize(&deals, zone);
    Ok(Statistics {
        controller: view.record.key.clone(),
        zone,
        from,
        to,
        by_owner,
        by_period,
        by_stage,
    })
}

/// A day as a door reads it (`2026-03-31`), or none when empty.
pub(crate) fn day(value: Option<&str>, field: &str) -> ApiResult<Option<Date>> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Date::parse(v, &format)
            .map(Some)
            .map_err(|_| ApiError::invalid_field(field, "a date such as 2026-03-31")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use time::macros::datetime;

    fn deal(owner: &str, stage: &str, amount: i64, closed: OffsetDateTime, anon: bool) -> DealFact {
        DealFact {
            owner: Some(owner.to_owned()).filter(|o| !o.is_empty()),
            stage: stage.to_owned(),
            amount_minor: amount,
            currency: "SEK".to_owned(),
            opened_at: closed - time::Duration::days(3),
            closed_at: Some(closed),
            anonymized: anon,
        }
    }

    #[test]
    fn sales_count_per_seller_month_and_stage_with_anonymized_peoples_deals() {
        let deals = [
            deal(
                "anna",
                "won",
                10_000,
                datetime!(2026-01-10 12:00 UTC),
                false,
            ),
            // Anonymized: still Anna's sale, and still counted.
            deal("anna", "won", 5_000, datetime!(2026-02-02 09:00 UTC), true),
            deal("bo", "won", 30_000, datetime!(2026-02-15 09:00 UTC), false),
            deal("bo", "lost", 99_900, datetime!(2026-02-16 09:00 UTC), true),
            deal("", "won", 100, datetime!(2026-02-20 09:00 UTC), false),
        ];
        let (owners, periods, stages) = summarize(&deals, Zone::Stockholm);
        let line = |key: &str, n, sum, anon| Line {
            key: key.to_owned(),
            currency: "SEK".to_owned(),
            deals: n,
            amount_minor: sum,
            anonymized: anon,
        };
        assert_eq!(
            owners,
            [
                line("bo", 1, 30_000, 0),
                line("anna", 2, 15_000, 1),
                line("", 1, 100, 0)
            ]
        );
        assert_eq!(
            periods,
            [line("2026-01", 1, 10_000, 0), line("2026-02", 3, 35_100, 1)]
        );
        assert_eq!(
            stages,
            [line("lost", 1, 99_900, 1), line("won", 4, 45_100, 1)]
        );
    }

    #[test]
    fn a_month_is_the_controllers_and_currencies_stay_apart() {
        // 23:30 UTC on 31 January is 1 February in Helsinki.
        let mut late = deal("anna", "won", 1_000, datetime!(2026-01-31 23:30 UTC), false);
        let (_, periods, _) = summarize(std::slice::from_ref(&late), Zone::Helsinki);
        assert_eq!(periods[0].key, "2026-02");
        let (_, periods, _) = summarize(std::slice::from_ref(&late), Zone::Utc);
        assert_eq!(periods[0].key, "2026-01");
        let sek = late.clone();
        late.currency = "EUR".to_owned();
        let (owners, _, _) = summarize(&[sek, late], Zone::Utc);
        assert_eq!(owners.len(), 2);
        assert_eq!(
            owners
                .iter()
                .map(|l| l.currency.as_str())
                .collect::<Vec<_>>(),
            ["EUR", "SEK"]
        );
    }

    #[test]
    fn a_day_begins_at_the_controllers_midnight() {
        let day = time::macros::date!(2026 - 07 - 01);
        assert_eq!(
            start_of(day, Zone::Stockholm),
            datetime!(2026-06-30 22:00 UTC)
        );
        assert_eq!(
            start_of(time::macros::date!(2026 - 01 - 01), Zone::Helsinki),
            datetime!(2025-12-31 22:00 UTC)
        );
        assert_eq!(day_parse("2026-3-1"), None);
        assert_eq!(
            day_parse("2026-03-01"),
            Some(time::macros::date!(2026 - 03 - 01))
        );
    }

    fn day_parse(v: &str) -> Option<Date> {
        day(Some(v), "from").ok().flatten()
    }
}
