//! How long a wash's result may be used (issue 17 §5). A wash is only as good as the register
//! versions it was decided against: NIX-Telefon "i två månader … från uppdateringsdagen av den
//! använda versionen", Reservasjonsregisteret a month ("minst hver måned"), Robinsonlisten until
//! the next quarterly list (`Register::valid_until`). The record says, per register, until when
//! (`valid_until`), and once that day has passed it shows itself `expired` and no longer
//! `valid`; the wash as a whole is good until the earliest of its registers' days.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use vern_core::calendar::iso_date;
use vern_store::model::{AppliedRegister, WashCounts, WashRecord};

/// One register a wash applied, with its validity today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RegisterUseOut {
    /// Which register.
    #[schema(value_type = String)]
    pub register: vern_core::register::Register,
    /// The version's id, if one was loaded.
    pub version_id: Option<String>,
    /// The version's own date (ISO 8601).
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub version_date: Option<Date>,
    /// The last day the wash's result may be used for this register (ISO 8601).
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_until: Option<Date>,
    /// Valid at the planned time of contact and not yet expired.
    pub valid: bool,
    /// `valid_until` has passed: wash the list again.
    pub expired: bool,
}

/// A wash's record, with how long its result may be used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct WashOut {
    /// Id (X-Vern-Wash-Id).
    pub id: String,
    /// The controller's number.
    #[schema(value_type = i64)]
    pub controller: vern_core::ControllerId,
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    #[schema(value_type = String)]
    pub channel: vern_core::Channel,
    /// The list's name.
    pub list_name: String,
    /// BLAKE3 of the list as received.
    pub file_digest: String,
    /// The planned time of contact (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub planned_at: OffsetDateTime,
    /// The registers applied, each with its validity.
    pub registers: Vec<RegisterUseOut>,
    /// The last day the result may be used: the earliest of the registers' (ISO 8601); `null`
    /// when no register applied (nothing expires).
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_until: Option<Date>,
    /// Every register applied is valid and none has expired.
    pub valid: bool,
    /// Some register's `valid_until` has passed.
    pub expired: bool,
    /// Counts.
    #[schema(value_type = Object)]
    pub counts: WashCounts,
    /// `cli`, `api` or `ui`.
    pub via: String,
    /// When it ran (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

fn register_use(r: &AppliedRegister, today: Date) -> RegisterUseOut {
    let valid_until = r.version_date.map(|d| r.register.valid_until(d));
    // No version loaded: there was never a result to use, which is not valid (and not expired).
    let expired = valid_until.is_some_and(|until| today > until);
    RegisterUseOut {
        register: r.register,
        version_id: r.version_id.clone(),
        version_date: r.version_date,
        valid_until,
        valid: r.valid && !expired,
        expired,
    }
}

/// The record as the API and the UI show it on `today`.
pub(crate) fn view(w: WashRecord, today: Date) -> WashOut {
    let registers: Vec<RegisterUseOut> =
        w.registers.iter().map(|r| register_use(r, today)).collect();
    let valid_until = registers.iter().filter_map(|r| r.valid_until).min();
    let expired = registers.iter().any(|r| r.expired);
    WashOut {
        valid: registers.iter().all(|r| r.valid),
        expired,
        valid_until,
        registers,
        id: w.id,
        controller: w.controller,
        purpose: w.purpose,
        channel: w.channel,
        list_name: w.list_name,
        file_digest: w.file_digest,
        planned_at: w.planned_at,
        counts: w.counts,
        via: w.via,
        created_at: w.created_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};
    use vern_core::register::Register;

    fn record(registers: Vec<AppliedRegister>) -> WashRecord {
        WashRecord {
            id: "w".into(),
            controller: vern_core::ControllerId(1),
            purpose: "tm".into(),
            channel: vern_core::Channel::Phone,
            list_name: "list.csv".into(),
            file_digest: "00".into(),
            planned_at: datetime!(2026-11-10 10:00 UTC),
            registers,
            counts: WashCounts::default(),
            via: "api".into(),
            created_at: datetime!(2026-11-10 09:00 UTC),
        }
    }

    // NIX-Telefon (nixtelefon.org/for-foretag): a number found not to be listed may be called
    // "i två månader" counted from the update date of the version used; Reservasjonsregisteret
    // (brreg.no): lists are updated "minst hver måned".
    #[test]
    fn a_wash_is_valid_until_its_earliest_register_and_expired_after() {
        let w = || {
            record(vec![
                AppliedRegister {
                    register: Register::NixTelefon,
                    version_id: Some("n".into()),
                    version_date: Some(date!(2026 - 11 - 01)),
                    valid: true,
                },
                AppliedRegister {
                    register: Register::Reservasjonsregisteret,
                    version_id: Some("r".into()),
                    version_date: Some(date!(2026 - 11 - 01)),
                    valid: true,
                },
            ])
        };
        let fresh = view(w(), date!(2026 - 12 - 01));
        assert_eq!(fresh.registers[0].valid_until, Some(date!(2027 - 01 - 01)));
        assert_eq!(fresh.registers[1].valid_until, Some(date!(2026 - 12 - 01)));
        assert_eq!(fresh.valid_until, Some(date!(2026 - 12 - 01)));
        assert!(fresh.valid && !fresh.expired);
        let later = view(w(), date!(2026 - 12 - 02));
        assert!(!later.valid && later.expired);
        assert!(later.registers[0].valid && !later.registers[0].expired);
        assert!(!later.registers[1].valid && later.registers[1].expired);
        let json = serde_json::to_value(&later).unwrap();
        assert_eq!(json["valid_until"], "2026-12-01");
        assert_eq!(json["registers"][0]["version_date"], "2026-11-01");
        let none = view(record(Vec::new()), date!(2040 - 01 - 01));
        assert!(none.valid && !none.expired && none.valid_until.is_none());
    }
}
