//! Authentication with API keys, and the roles each endpoint allows.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use vern_core::Role;
use vern_store::{Actor, ApiKey};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The role sets endpoints declare, as policies. Each endpoint takes `Auth<P>`, which refuses
/// with 403 before the body is read, and documents the same set in its OpenAPI security
/// requirement; a test walks every route with every role and holds the two together.
pub(crate) mod roles {
    use vern_core::Role::{self, *};

    /// A named set of roles.
    pub(crate) trait Policy: Send + Sync + 'static {
        /// The roles allowed.
        const ROLES: &'static [Role];
    }

    macro_rules! policy {
        ($(#[$doc:meta] $name:ident = [$($role:ident),*];)*) => {
            $(
                #[$doc]
                #[derive(Debug)]
                pub(crate) struct $name;
                impl Policy for $name {
                    const ROLES: &'static [Role] = &[$($role),*];
                }
            )*
        };
    }

    policy! {
        /// Every role.
        AnyRole = [Admin, PrivacyOfficer, Seller, Marketer, Auditor, AuthorizedAgent];
        /// Administration only.
        AdminOnly = [Admin];
        /// Staff who may read the configuration (controllers, purposes).
        ReadConfig = [Admin, PrivacyOfficer, Seller, Marketer, Auditor];
        /// Staff who may change purposes.
        ManagePurposes = [Admin, PrivacyOfficer];
        /// Staff who work with people: see them and record what they said.
        WorkPeople = [Admin, PrivacyOfficer, Seller];
        /// Staff who may change a person's data or restrict it.
        ManagePeople = [Admin, PrivacyOfficer];
        /// Who may submit objections.
        SubmitObjections = [Admin, PrivacyOfficer, Seller, AuthorizedAgent];
        /// Who may read the block list.
        ReadBlocklist = [Admin, PrivacyOfficer, Auditor];
        /// Who may change the block list.
        ManageBlocklist = [Admin, PrivacyOfficer];
        /// Who may check.
        Check = [Admin, PrivacyOfficer, Seller, Marketer];
        /// Who may wash lists: marketers and up.
        Wash = [Admin, PrivacyOfficer, Marketer];
        /// The request inbox.
        Inbox = [Admin, PrivacyOfficer];
        /// Who may submit requests: staff recording one, or an authorized agent.
        SubmitRequests = [Admin, PrivacyOfficer, AuthorizedAgent];
        /// Who may read requests (agents only their own, without personal data).
        ReadRequests = [Admin, PrivacyOfficer, AuthorizedAgent];
        /// Who may read wash records and registers.
        ReadWashes = [Admin, PrivacyOfficer, Marketer, Auditor];
        /// Who may produce an access report or a share link: it discloses everything held.
        Report = [Admin, PrivacyOfficer];
        /// Who may record and move breaches (GDPR Art. 33, 34).
        ManageBreaches = [Admin, PrivacyOfficer];
        /// Who may read the breach register: the controller's documentation.
        ReadBreaches = [Admin, PrivacyOfficer, Auditor];
        /// Who may issue one-click unsubscribe links for marketing e-mail: those who send it.
        IssueUnsubscribeLinks = [Admin, Marketer];
        /// Who may record and change processor agreements (GDPR Art. 28) and the record's settings (Art. 30).
        ManageProcessors = [Admin, PrivacyOfficer];
        /// Who may read the processor register and the record of processing (no personal data).
        ReadProcessors = [Admin, PrivacyOfficer, Auditor];
        /// SMS gateways delivering what people text: nothing else.
        DeliverSms = [Gateway];
        /// Who may read the inbound texts kept for staff.
        ReadSms = [Admin, PrivacyOfficer];
    }

    // Issue 20 §3.
    policy! {
        /// Who may read sales statistics: figures per seller, month and stage, nothing personal.
        ReadStatistics = [Admin, PrivacyOfficer, Seller, Marketer, Auditor];
    }
}

/// A caller whose role the policy `P` allows.
#[derive(Debug)]
pub(crate) struct Auth<P> {
    /// The caller.
    pub caller: Caller,
    policy: std::marker::PhantomData<P>,
}

impl<P: roles::Policy> FromRequestParts<AppState> for Auth<P> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Auth::new(Caller::from_request_parts(parts, state).await?)
    }
}

impl<P: roles::Policy> Auth<P> {
    /// The caller, if the policy `P` allows its role.
    pub(crate) fn new(caller: Caller) -> ApiResult<Self> {
        caller.require(P::ROLES)?;
        Ok(Auth {
            caller,
            policy: std::marker::PhantomData,
        })
    }
}

/// A verified caller.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The key's role.
    pub role: Role,
    /// The key.
    pub key: std::sync::Arc<ApiKey>,
}

impl Caller {
    /// Who the ledger names for what this caller does. Made when asked for: most requests (a
    /// contact check) change nothing and need no copy of the key's id.
    pub(crate) fn actor(&self) -> Actor {
        Actor::ApiKey(self.key.id.clone())
    }

    /// The caller, if its key is among those seen recently: no database round trip, so any
    /// runtime may answer it (see `front.rs`). `None` for a key not seen yet, a missing or
    /// malformed header, or a revoked key; the full extractor then decides.
    pub(crate) fn known(headers: &axum::http::HeaderMap, state: &AppState) -> Option<Caller> {
        let secret = bearer(headers)?;
        state
            .follower
            .keys
            .get(&state.store.keys().token_hash(secret))
            .map(Caller::from)
    }

    /// Refuse unless the caller's role is among `allowed`.
    pub(crate) fn require(&self, allowed: &[Role]) -> ApiResult<()> {
        if allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// The secret of an `Authorization: Bearer …` header, if it has a plausible one.
fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.len() < 200)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secret = bearer(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        let hash = state.store.keys().token_hash(secret);
        let key = match state.follower.keys.get(&hash) {
            Some(key) => key,
            None => {
                let key = std::sync::Arc::new(
                    state
                        .store
                        .find_api_key(secret)
                        .await?
                        .ok_or_else(ApiError::unauthorized)?,
                );
                state.follower.keys.put(hash, std::sync::Arc::clone(&key));
                key
            }
        };
        Ok(Caller::from(key))
    }
}

impl From<std::sync::Arc<ApiKey>> for Caller {
    fn from(key: std::sync::Arc<ApiKey>) -> Self {
        Caller {
            role: key.role,
            key,
        }
    }
}
