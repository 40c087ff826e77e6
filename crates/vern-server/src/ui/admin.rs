//! The staff member's own settings, staff users, purposes and controllers, and the ledger
//! browser with verification.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use vern_core::Role;
use vern_core::zone::Zone;
use vern_store::user::NewUser;

use super::i18n::{self, Texts};
use super::inbox::{actor_name, actor_names};
use super::page::{Form, Layout, Me, UiError, UiResult, render, render_status, see_other};
use super::password;
use super::policies::{AnyStaff, ReadLedger};
use super::session::Staff;
use crate::auth::roles::{AdminOnly, ReadConfig};
use crate::error::ApiError;
use crate::lang::Lang;
use crate::state::AppState;

pub(crate) struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

fn languages(selected: &str) -> Vec<Choice> {
    Lang::ALL
        .into_iter()
        .map(|l| Choice {
            value: l.code(),
            label: i18n::texts(l).language_name,
            selected: l.code() == selected,
        })
        .collect()
}

fn zones(selected: &str) -> Vec<Choice> {
    Zone::ALL
        .into_iter()
        .map(|z| Choice {
            value: z.name(),
            label: z.name(),
            selected: z.name() == selected,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ui/settings.html")]
struct SettingsPage {
    l: Layout,
    t: &'static Texts,
    languages: Vec<Choice>,
    zones: Vec<Choice>,
    now: String,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct DoneQuery {
    pub(crate) done: Option<String>,
}

/// The user's own settings: language and time zone.
pub(crate) async fn settings_page(
    Staff { me, .. }: Staff<AnyStaff>,
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
) -> UiResult {
    render(&SettingsPage {
        l: me.layout("settings").done(q.done.as_deref()),
        t: me.t,
        languages: languages(&me.user.language),
        zones: zones(&me.user.time_zone),
        now: me.when(state.clock.now()),
    })
}

/// Save language and time zone.
pub(crate) async fn save_settings(
    Staff { me, .. }: Staff<AnyStaff>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let language = form.text("language");
    let zone = form.text("time_zone");
    if Lang::from_code(&language).is_none_or(|l| l.code() != language)
        || Zone::from_name(&zone).is_none()
    {
        return Err(me.fail(ApiError::invalid_field("language", me.t.bad_settings)));
    }
    let (_, seq) = state
        .store
        .set_user_preferences(&me.actor, state.clock.now(), &me.user.id, &language, &zone)
        .await
        .map_err(|e| me.fail(e.into()))?;
    state
        .follower
        .sync_to(seq)
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(see_other("/ui/settings?done=settings"))
}

pub(crate) struct UserRow {
    email: String,
    role: &'static str,
    language: String,
    zone: String,
    created: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "ui/users.html")]
struct UsersPage {
    l: Layout,
    t: &'static Texts,
    users: Vec<UserRow>,
    roles: Vec<Choice>,
    languages: Vec<Choice>,
    zones: Vec<Choice>,
    created: Option<(String, String)>,
}

const STAFF_ROLES: [Role; 5] = [
    Role::Admin,
    Role::PrivacyOfficer,
    Role::Seller,
    Role::Marketer,
    Role::Auditor,
];

async fn users_view(
    me: &Me,
    state: &AppState,
    created: Option<(String, String)>,
    error: Option<String>,
) -> Result<UsersPage, UiError> {
    let users = state
        .store
        .list_users()
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(UsersPage {
        l: me.layout("users").with_error(error),
        t: me.t,
        users: users
            .into_iter()
            .map(|u| UserRow {
                role: me.t.role_name(u.role),
                created: me.day(u.created_at),
                disabled: u.disabled_at.is_some(),
                email: u.email,
                language: u.language,
                zone: u.time_zone,
            })
            .collect(),
        roles: STAFF_ROLES
            .into_iter()
            .map(|r| Choice {
                value: r.as_str(),
                label: me.t.role_name(r),
                selected: r == Role::Seller,
            })
            .collect(),
        languages: languages(&me.user.language),
        zones: zones(&me.user.time_zone),
        created,
    })
}

/// Staff users (administrators only).
pub(crate) async fn users_page(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
) -> UiResult {
    render(&users_view(&me, &state, None, None).await?)
}

/// Create a staff user with a generated password, shown once.
pub(crate) async fn create_user(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let role = form
        .text("role")
        .parse::<Role>()
        .ok()
        .filter(|r| STAFF_ROLES.contains(r));
    let language = form.text("language");
    let zone = form.text("time_zone");
    let (Some(role), Some(_), Some(_)) = (
        role,
        Lang::from_code(&language).filter(|l| l.code() == language),
        Zone::from_name(&zone),
    ) else {
        let page = users_view(&me, &state, None, Some(me.t.bad_settings.to_owned())).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let secret = password::generate();
    let hash = password::hash(secret.clone())
        .await
        .map_err(|e| me.fail(ApiError::internal(&e)))?;
    let input = NewUser {
        email: form.text("email"),
        role,
        password_hash: hash,
        language,
        time_zone: zone,
    };
    match state
        .store
        .create_user(&me.actor, state.clock.now(), &input)
        .await
    {
        Ok((user, seq)) => {
            state
                .follower
                .sync_to(seq)
                .await
                .map_err(|e| me.fail(e.into()))?;
            render(&users_view(&me, &state, Some((user.email, secret)), None).await?)
        }
        Err(e @ (vern_store::StoreError::Invalid(_) | vern_store::StoreError::Conflict(_))) => {
            let message = format!(
                "{} {}",
                me.t.not_done,
                ApiError::from(e).into_body().message
            );
            let page = users_view(&me, &state, None, Some(message)).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(me.fail(e.into())),
    }
}

pub(crate) struct ControllerView {
    name: String,
    key: String,
    country: String,
    dpo_name: String,
    dpo_email: String,
    dpo_phone: String,
    notice: String,
    purposes: Vec<PurposeRow>,
    public_form: bool,
    zone: &'static str,
}

pub(crate) struct PurposeRow {
    key: String,
    name: String,
    basis: String,
    marketing: bool,
    channels: String,
    retention: String,
    description: String,
    recipients: String,
}

#[derive(Template)]
#[template(path = "ui/purposes.html")]
struct PurposesPage {
    l: Layout,
    t: &'static Texts,
    controllers: Vec<ControllerView>,
    /// Administrators create and edit controllers.
    may_controllers: bool,
    /// The roles that manage purposes create and edit them.
    may_purposes: bool,
}

/// Controllers with their DPO contacts, and the purposes each declares.
pub(crate) async fn purposes(
    Staff { me, .. }: Staff<ReadConfig>,
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
) -> UiResult {
    let controllers = state
        .store
        .list_controllers()
        .await
        .map_err(|e| me.fail(e.into()))?;
    let purposes = state
        .store
        .list_purposes(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let agreements = state
        .store
        .list_processors(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let t = me.t;
    let views = controllers
        .into_iter()
        .map(|c| ControllerView {
            purposes: purposes
                .iter()
                .filter(|p| p.controller == c.id)
                .map(|p| PurposeRow {
                    key: p.purpose.key.to_string(),
                    name: p.purpose.name.clone(),
                    basis: format!(
                        "{} ({})",
                        t.legal_basis(p.purpose.legal_basis.as_str()),
                        p.purpose.legal_basis.article()
                    ),
                    marketing: p.purpose.direct_marketing,
                    channels: p
                        .purpose
                        .channels
                        .iter()
                        .map(|ch| t.channel_name(ch))
                        .collect::<Vec<_>>()
                        .join(", "),
                    retention: p
                        .purpose
                        .retention
                        .map(|r| r.to_string())
                        .unwrap_or_default(),
                    description: p.purpose.description.clone(),
                    // The agreements the purpose names, then its free-text recipients.
                    recipients: agreements
                        .iter()
                        .filter(|a| p.processors.contains(&a.id))
                        .map(|a| a.name.clone())
                        .chain(
                            p.recipients
                                .iter()
                                .filter(|r| {
                                    !agreements.iter().any(|a| {
                                        p.processors.contains(&a.id)
                                            && crate::processors::same_name(&a.name, r)
                                    })
                                })
                                .cloned(),
                        )
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
            public_form: c.public_form,
            zone: c
                .time_zone
                .unwrap_or_else(|| Zone::of_country(c.country))
                .name(),
            name: c.name,
            key: c.key,
            country: c.country.map(|k| k.code().to_owned()).unwrap_or_default(),
            dpo_name: c.dpo_name.unwrap_or_default(),
            dpo_email: c.dpo_email.unwrap_or_default(),
            dpo_phone: c.dpo_phone.unwrap_or_default(),
            notice: c.privacy_notice_url.unwrap_or_default(),
        })
        .collect();
    render(&PurposesPage {
        l: me.layout("purposes").done(q.done.as_deref()),
        t,
        controllers: views,
        may_controllers: me.may::<AdminOnly>(),
        may_purposes: me.may::<crate::auth::roles::ManagePurposes>(),
    })
}

pub(crate) struct EntryRow {
    seq: i64,
    at: String,
    actor: String,
    kind: String,
    subject: String,
    payload: String,
    sealed: bool,
    hash: String,
}

#[derive(Template)]
#[template(path = "ui/ledger.html")]
struct LedgerPage {
    l: Layout,
    t: &'static Texts,
    kind: String,
    rows: Vec<EntryRow>,
    older: Option<i64>,
    verified: Option<(bool, String)>,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct LedgerQuery {
    before: Option<i64>,
    kind: Option<String>,
}

const PAGE: i64 = 100;

async fn ledger_view(
    me: &Me,
    state: &AppState,
    q: &LedgerQuery,
    verified: Option<(bool, String)>,
) -> Result<LedgerPage, UiError> {
    let kind = q.kind.clone().unwrap_or_default().trim().to_owned();
    let entries = state
        .store
        .ledger_page(
            q.before,
            Some(kind.as_str()).filter(|k| !k.is_empty()),
            PAGE,
        )
        .await
        .map_err(|e| me.fail(e.into()))?;
    let names = actor_names(state).await;
    let older = (i64::try_from(entries.len()).unwrap_or(0) == PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    Ok(LedgerPage {
        l: me.layout("ledger"),
        t: me.t,
        rows: entries
            .into_iter()
            .map(|e| EntryRow {
                seq: e.seq,
                at: me.when(e.at),
                actor: actor_name(me.t, &names, &e.actor),
                kind: e.kind,
                subject: e.subject.unwrap_or_default(),
                payload: e.payload.chars().take(200).collect(),
                sealed: e.has_sealed,
                hash: e.hash.chars().take(12).collect(),
            })
            .collect(),
        kind,
        older,
        verified,
    })
}

/// The ledger, newest first, with a filter by kind.
pub(crate) async fn ledger(
    Staff { me, .. }: Staff<ReadLedger>,
    State(state): State<AppState>,
    Query(q): Query<LedgerQuery>,
) -> UiResult {
    render(&ledger_view(&me, &state, &q, None).await?)
}

/// Recompute the whole chain and say whether it holds.
pub(crate) async fn verify_ledger(
    Staff { me, .. }: Staff<ReadLedger>,
    State(state): State<AppState>,
    _form: Form,
) -> UiResult {
    let v = state
        .store
        .verify_ledger()
        .await
        .map_err(|e| me.fail(e.into()))?;
    let result = match v.broken {
        None => (
            true,
            me.t.ledger_intact.replace("{n}", &v.checked.to_string()),
        ),
        Some(b) => (
            false,
            me.t.ledger_broken
                .replace("{seq}", &b.seq.to_string())
                .replace("{problem}", &b.problem),
        ),
    };
    render(&ledger_view(&me, &state, &LedgerQuery::default(), Some(result)).await?)
}
