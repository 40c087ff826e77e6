//! One-click unsubscribe (RFC 8058): the links a mailing tool puts on marketing e-mail, and
//! what a click on them records.
//!
//! What "unsubscribe" means depends on why the mail was sent. For a purpose the person
//! consented to, it withdraws that consent on e-mail (Art. 7(3)), and nothing else. For any other
//! purpose (legitimate interests, a soft opt-in) there is no consent to withdraw: the click is the
//! person objecting to the controller's direct marketing by automated means (Art. 21(5)), which
//! stops all of it. So does a click about an address vern knows no single person for, since
//! without a person there is no consent to withdraw either. The page says which happened.

use std::sync::Arc;
use time::OffsetDateTime;
use vern_core::consent::ConsentAction;
use vern_core::objection::ObjectionSourceKind;
use vern_core::unsubscribe::{InvalidToken, Unsubscribe};
use vern_core::{Channel, ChannelSet, Identifier, IdentifierKind, LegalBasis, Purpose, PurposeKey};
use vern_store::Actor;
use vern_store::model::{ConsentInput, Evidence, Person};

use crate::error::{ApiError, ApiResult};
use crate::index::ControllerView;
use crate::input::Reading;
use crate::state::AppState;

/// The body RFC 8058 §3.2 has a mail client POST to the link.
pub(crate) const ONE_CLICK: &str = "List-Unsubscribe=One-Click";

/// The most addresses one request may ask links for.
pub(crate) const MAX_BATCH: usize = 1000;

/// An unsubscribe link for one address.
#[derive(Debug)]
pub(crate) struct IssuedLink {
    /// The address, as given.
    pub(crate) email: String,
    /// The link: `{base}/u/{token}`.
    pub(crate) url: String,
}

/// Links for these addresses, for mail sent for `purpose` of `controller`, on `base`
/// (`https://vern.example.se`). Stateless: nothing is stored or written. Every address is
/// checked before any link is made; a bad one is named by its place in the list.
pub(crate) fn issue(
    state: &AppState,
    controller: &ControllerView,
    purpose: &str,
    emails: &[String],
    base: &str,
) -> ApiResult<Vec<IssuedLink>> {
    let declared = state
        .follower
        .index()
        .purpose(controller.record.id, purpose)
        .map(|p| p.channels.contains(Channel::Email));
    match declared {
        None => {
            return Err(ApiError::invalid_field(
                "purpose",
                "no purpose of the controller has this key",
            ));
        }
        Some(false) => {
            return Err(ApiError::invalid_field(
                "purpose",
                "the purpose does not declare the channel email",
            ));
        }
        Some(true) => {}
    }
    let key = PurposeKey::parse(purpose)
        .map_err(|e| ApiError::invalid_field("purpose", e.to_string()))?;
    if emails.is_empty() || emails.len() > MAX_BATCH {
        return Err(ApiError::invalid_field(
            "emails",
            format!("give between 1 and {MAX_BATCH} addresses"),
        ));
    }
    let now = state.clock.now();
    // To the second, as the token carries it: the same link whoever reads the time back.
    let issued_at = OffsetDateTime::from_unix_timestamp(now.unix_timestamp()).unwrap_or(now);
    let reading = Reading::of(controller, now, None);
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(emails.len());
    for (i, email) in emails.iter().enumerate() {
        match reading.email(email, format_args!("emails[{i}]")) {
            Ok(e) => parsed.push(e),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let keys = state.store.keys();
    Ok(emails
        .iter()
        .zip(parsed)
        .map(|(given, email)| {
            let token = Unsubscribe {
                controller: controller.record.id,
                purpose: key.clone(),
                digest: Identifier::Email(email).digest(keys.digest()),
                issued_at,
            }
            .sign(keys.unsubscribe());
            IssuedLink {
                email: given.clone(),
                url: format!("{base}/u/{token}"),
            }
        })
        .collect())
}

/// A link that verified, with what it names.
#[derive(Debug, Clone)]
pub(crate) struct Opened {
    /// What the token says.
    pub(crate) link: Unsubscribe,
    /// The controller that sent the mail.
    pub(crate) controller: ControllerView,
    /// The purpose the mail was sent for, if the controller still has it.
    pub(crate) purpose: Option<Arc<Purpose>>,
}

/// Check a token: signed by this installation, unaltered, for a controller that exists.
pub(crate) fn open(state: &AppState, token: &str) -> Result<Opened, InvalidToken> {
    let link = Unsubscribe::verify(token, &[state.store.keys().unsubscribe()])?;
    let index = state.follower.index();
    let controller = index
        .controller_by_id(link.controller)
        .cloned()
        .ok_or(InvalidToken)?;
    let purpose = index
        .purpose(link.controller, link.purpose.as_str())
        .cloned();
    Ok(Opened {
        link,
        controller,
        purpose,
    })
}

/// The one person of the link's controller with the link's address, if exactly one has it.
pub(crate) async fn person(state: &AppState, opened: &Opened) -> ApiResult<Option<Person>> {
    let mut found = state
        .store
        .find_people(opened.controller.record.id, &[opened.link.digest])
        .await?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// What holds after a click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unsubscribed {
    /// The person's consent to the purpose on e-mail is withdrawn.
    ConsentWithdrawn,
    /// The person objects to all the controller's direct marketing.
    Objected,
}

/// What a click on the link will record, for the person the address names (when exactly one
/// does): the one rule for the page that asks and the POST that acts, so that the page tells the
/// person what the button really does.
pub(crate) fn what_a_click_does(opened: &Opened, person: Option<&Person>) -> Unsubscribed {
    let consented = opened.purpose.as_ref().is_some_and(|p| {
        p.legal_basis == LegalBasis::Consent && p.channels.contains(Channel::Email)
    });
    if consented && person.is_some() {
        Unsubscribed::ConsentWithdrawn
    } else {
        Unsubscribed::Objected
    }
}

/// Act on a one-click POST: withdraw the consent or record the objection, unless that already
/// holds (then nothing is written and the answer is the same). `client` is the address the
/// request came from, kept in the consent's evidence when the installation records it.
/// Returns what holds, with the person the address names when exactly one does.
pub(crate) async fn unsubscribe(
    state: &AppState,
    opened: &Opened,
    client: Option<std::net::IpAddr>,
) -> ApiResult<(Unsubscribed, Option<Person>)> {
    let person = person(state, opened).await?;
    match (what_a_click_does(opened, person.as_ref()), person) {
        (Unsubscribed::ConsentWithdrawn, Some(person)) => {
            let withdrawal = ConsentInput {
                purpose: opened.link.purpose.to_string(),
                channels: ChannelSet::of(&[Channel::Email]),
                action: ConsentAction::Withdrawn,
                given_at: state.clock.now(),
                expires_at: None,
                source: "email".to_owned(),
                evidence: Evidence {
                    by: Some("the person, by the one-click unsubscribe link (RFC 8058)".to_owned()),
                    text: None,
                    version: None,
                    reference: Some(format!(
                        "list-unsubscribe issued {}",
                        opened.link.issued_at.unix_timestamp()
                    )),
                    ip: client.map(|a| a.to_string()),
                },
            };
            if let Some(seq) = state
                .store
                .record_consent_changes(
                    &Actor::Subject,
                    state.clock.now(),
                    &person.id,
                    &[withdrawal],
                )
                .await?
            {
                state.follower.sync_to(seq).await?;
            }
            Ok((Unsubscribed::ConsentWithdrawn, Some(person)))
        }
        (_, person) => {
            // The address clicked, and every identifier of its person: the objection is the
            // person's, whichever address the mail went to.
            let mut digests = vec![(IdentifierKind::Email, opened.link.digest)];
            let mut forms = Vec::new();
            if let Some(p) = &person {
                digests.extend(crate::objection::profile_digests(state, &p.profile));
                forms = p.profile.notice_forms();
            }
            let mut seen = std::collections::HashSet::new();
            digests.retain(|(_, d)| seen.insert(*d));
            super::object_once(
                state,
                opened.controller.record.id,
                digests,
                &forms,
                ObjectionSourceKind::UnsubscribeLink,
            )
            .await?;
            Ok((Unsubscribed::Objected, person))
        }
    }
}

/// Whether a POST body is RFC 8058's one-click request: `List-Unsubscribe=One-Click`, sent as
/// `application/x-www-form-urlencoded` or as a field of `multipart/form-data` (§3.2 allows
/// both, and prefers the second).
pub(crate) fn is_one_click(content_type: Option<&str>, body: &[u8]) -> bool {
    let content_type = content_type.unwrap_or("").trim();
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("multipart/form-data") {
        let Some(boundary) = content_type
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v.trim_matches('"'))
        else {
            return false;
        };
        let Ok(text) = std::str::from_utf8(body) else {
            return false;
        };
        let delimiter = format!("--{boundary}");
        return text.split(delimiter.as_str()).any(|part| {
            let Some((head, value)) = part
                .split_once("\r\n\r\n")
                .or_else(|| part.split_once("\n\n"))
            else {
                return false;
            };
            let named = head.lines().any(|line| {
                let line = line.to_ascii_lowercase();
                line.starts_with("content-disposition:")
                    && line.contains("form-data")
                    && line.contains("name=\"list-unsubscribe\"")
            });
            named && value.trim_end_matches(['\r', '\n', '-']).trim() == "One-Click"
        });
    }
    form_urlencoded::parse(body).any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_click_body_is_read_in_both_encodings() {
        // RFC 8058 §3.2: the POST body is "List-Unsubscribe=One-Click", multipart/form-data or
        // application/x-www-form-urlencoded.
        let form = Some("application/x-www-form-urlencoded");
        assert!(is_one_click(form, b"List-Unsubscribe=One-Click"));
        assert!(is_one_click(None, b"List-Unsubscribe=One-Click"));
        assert!(!is_one_click(form, b"List-Unsubscribe=Two-Clicks"));
        assert!(!is_one_click(form, b""));
        let multipart = Some("multipart/form-data; boundary=\"xyz\"");
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--xyz--\r\n";
        assert!(is_one_click(multipart, body));
        let other = b"--xyz\r\nContent-Disposition: form-data; name=\"Other\"\r\n\r\nOne-Click\r\n--xyz--\r\n";
        assert!(!is_one_click(multipart, other));
        assert!(!is_one_click(Some("multipart/form-data"), body));
    }
}
