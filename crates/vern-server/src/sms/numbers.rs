//! Configuring SMS keywords: which controller each receiving number or short code texts for,
//! for which purposes, with which extra words, and each gateway's signing secret.

use vern_core::ControllerId;
use vern_store::Actor;
use vern_store::model::{ExtraKeywords, SmsGateway, SmsNumber};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;

/// The default confirmation window of a double opt-in: 24 hours.
pub(crate) const DEFAULT_WINDOW_MINUTES: i64 = 24 * 60;

/// The longest confirmation window: a week. Consent confirmed later than that is no longer an
/// answer to the question.
const MAX_WINDOW_MINUTES: i64 = 7 * 24 * 60;

/// The shortest signing secret, in bytes.
const MIN_SECRET_BYTES: usize = 32;

/// A receiving number's configuration, as a door read it.
#[derive(Debug)]
pub(crate) struct NumberFields {
    pub(crate) controller: ControllerId,
    pub(crate) number: String,
    pub(crate) purposes: Vec<String>,
    pub(crate) keywords: ExtraKeywords,
    pub(crate) all_keyword: Option<String>,
    pub(crate) confirm_window_minutes: Option<i64>,
}

/// A receiving number: `+` and 7 to 15 digits, or a short code of 3 to 8 digits.
fn valid_number(number: &str) -> bool {
    let digits = number.strip_prefix('+').unwrap_or(number);
    let long = number.starts_with('+') && (7..=15).contains(&digits.len());
    let short = !number.starts_with('+') && (3..=8).contains(&digits.len());
    (long || short) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Create or replace a receiving number's configuration.
pub(crate) async fn put_number(
    state: &AppState,
    actor: &Actor,
    fields: NumberFields,
) -> ApiResult<SmsNumber> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        });
    };
    let number = super::receiving(&fields.number);
    if !valid_number(&number) {
        bad(
            "number",
            "a number in E.164 (+46701234567) or a short code of 3 to 8 digits".to_owned(),
        );
    }
    if fields.purposes.is_empty() {
        bad(
            "purposes",
            "name at least one purpose the number sends for".to_owned(),
        );
    }
    {
        let index = state.follower.index();
        for (i, key) in fields.purposes.iter().enumerate() {
            match index.purpose(fields.controller, key) {
                None => bad(
                    &format!("purposes[{i}]"),
                    "no purpose of the controller has this key".to_owned(),
                ),
                Some(p) if !p.channels.contains(vern_core::Channel::Sms) => bad(
                    &format!("purposes[{i}]"),
                    "the purpose does not declare the channel sms".to_owned(),
                ),
                Some(_) => {}
            }
        }
    }
    let window = fields
        .confirm_window_minutes
        .unwrap_or(DEFAULT_WINDOW_MINUTES);
    if !(1..=MAX_WINDOW_MINUTES).contains(&window) {
        bad(
            "confirm_window_minutes",
            format!("between 1 and {MAX_WINDOW_MINUTES} minutes (a week)"),
        );
    }
    let record = SmsNumber {
        id: String::new(),
        controller: fields.controller,
        number,
        purposes: fields.purposes,
        keywords: fields.keywords,
        all_keyword: fields.all_keyword.filter(|w| !w.trim().is_empty()),
        confirm_window_minutes: window,
        updated_at: state.clock.now(),
    };
    if let Err(e) = super::keywords_of(&record) {
        bad("keywords", e.to_string());
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let (saved, seq) = state
        .store
        .put_sms_number(actor, state.clock.now(), &record)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(saved)
}

/// A new signing secret for a gateway: 32 random bytes, hex.
pub fn new_gateway_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Set the signing secret of the gateway that delivers with the API key `key_id`.
pub(crate) async fn set_gateway_secret(
    state: &AppState,
    actor: &Actor,
    key_id: &str,
    secret: &str,
) -> ApiResult<SmsGateway> {
    if secret.len() < MIN_SECRET_BYTES || secret.len() > 512 || secret.chars().any(char::is_control)
    {
        return Err(ApiError::invalid_field(
            "secret",
            format!("{MIN_SECRET_BYTES} to 512 bytes without control characters"),
        ));
    }
    let (gateway, seq) = state
        .store
        .set_sms_gateway(actor, state.clock.now(), key_id, secret.as_bytes())
        .await
        .map_err(|e| match e {
            vern_store::StoreError::NotFound => {
                ApiError::not_found("an active API key with this id was")
            }
            vern_store::StoreError::Invalid(_) => ApiError::invalid_field(
                "key_id",
                "the API key's role is not gateway: create one with the role gateway",
            ),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(gateway)
}

#[cfg(test)]
mod tests {
    use super::valid_number;

    #[test]
    fn numbers_and_short_codes() {
        for good in ["+46701234567", "72080", "1919", "+4512345678"] {
            assert!(valid_number(good), "{good}");
        }
        for bad in [
            "",
            "12",
            "+46",
            "123456789",
            "+46 70",
            "0701234567a",
            "+1234567890123456",
        ] {
            assert!(!valid_number(bad), "{bad}");
        }
    }
}
