//! Creating and editing controllers (administrators) and purposes (those the API lets manage
//! them), through the same use cases as `POST`/`PATCH /v1/controllers` and `/v1/purposes`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use vern_core::zone::Zone;
use vern_core::{Channel, Country, LegalBasis, Rule};
use vern_store::model::{Controller, ProcessorRecord, PurposeRecord};

use super::i18n::Texts;
use super::page::{Form, Layout, Me, UiResult, render_status, see_other};
use super::session::Staff;
use crate::auth::roles::{AdminOnly, ManagePurposes};
use crate::controllers::{self, ControllerChange, DpoFields, PurposeChange};
use crate::error::ApiError;
use crate::state::AppState;

/// One option of a list or a check box.
pub(crate) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// The refusal's text as the page shows it: every field the use case named, as the API's
/// `details` carry them.
pub(crate) fn refusal(t: &Texts, e: ApiError) -> String {
    let body = e.into_body();
    let said = if body.details.len() > 1 {
        body.details
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        body.message
    };
    format!("{} {said}", t.not_done)
}

/// A failed change shows the form again with the use case's words; anything else is an
/// error page.
fn refused(me: &Me, e: ApiError) -> Result<(StatusCode, String), super::page::UiError> {
    let status = e.status();
    if status.is_client_error() && status != StatusCode::NOT_FOUND {
        Ok((status, refusal(me.t, e)))
    } else {
        Err(me.fail(e))
    }
}

#[derive(Template)]
#[template(path = "ui/controller_form.html")]
struct ControllerPage {
    l: Layout,
    t: &'static Texts,
    /// None: a new controller.
    editing: Option<String>,
    key: String,
    name: String,
    countries: Vec<Choice>,
    region: String,
    dpo_name: String,
    dpo_email: String,
    dpo_phone: String,
    notice: String,
    rules: Vec<Choice>,
    public_form: bool,
    zones: Vec<Choice>,
}

fn controller_page(me: &Me, editing: Option<String>, c: Option<&Controller>) -> ControllerPage {
    let country = c.and_then(|c| c.country);
    let zone = c.and_then(|c| c.time_zone);
    ControllerPage {
        l: me.layout("purposes"),
        t: me.t,
        editing,
        key: c.map(|c| c.key.clone()).unwrap_or_default(),
        name: c.map(|c| c.name.clone()).unwrap_or_default(),
        countries: std::iter::once(Choice {
            value: String::new(),
            label: me.t.ctl_no_country.to_owned(),
            selected: country.is_none(),
        })
        .chain(Country::ALL.into_iter().map(|k| Choice {
            value: k.code().to_owned(),
            label: k.code().to_owned(),
            selected: country == Some(k),
        }))
        .collect(),
        // Empty for a new one: the country's region (SE without a country).
        region: c.map(|c| c.default_region.clone()).unwrap_or_default(),
        dpo_name: c.and_then(|c| c.dpo_name.clone()).unwrap_or_default(),
        dpo_email: c.and_then(|c| c.dpo_email.clone()).unwrap_or_default(),
        dpo_phone: c.and_then(|c| c.dpo_phone.clone()).unwrap_or_default(),
        notice: c
            .and_then(|c| c.privacy_notice_url.clone())
            .unwrap_or_default(),
        rules: Rule::ALL
            .into_iter()
            .map(|r| Choice {
                value: r.as_str().to_owned(),
                label: r.as_str().to_owned(),
                selected: c.is_some_and(|c| c.rules.contains(r)),
            })
            .collect(),
        public_form: c.is_none_or(|c| c.public_form),
        zones: std::iter::once(Choice {
            value: String::new(),
            label: me.t.ctl_zone_country.to_owned(),
            selected: zone.is_none(),
        })
        .chain(Zone::ALL.into_iter().map(|z| Choice {
            value: z.name().to_owned(),
            label: z.name().to_owned(),
            selected: zone == Some(z),
        }))
        .collect(),
    }
}

/// The form as posted, shown again with the refusal: nothing typed is lost.
fn controller_again(
    me: &Me,
    editing: Option<String>,
    form: &Form,
    error: String,
) -> ControllerPage {
    let mut page = controller_page(me, editing, None);
    page.l = page.l.with_error(Some(error));
    page.key = form.text("key");
    page.name = form.text("name");
    let country = form.text("country");
    for c in &mut page.countries {
        c.selected = c.value == country;
    }
    page.region = form.text("default_region");
    page.dpo_name = form.text("dpo_name");
    page.dpo_email = form.text("dpo_email");
    page.dpo_phone = form.text("dpo_phone");
    page.notice = form.text("privacy_notice_url");
    let rules = form.all("rules");
    for r in &mut page.rules {
        r.selected = rules.contains(&r.value);
    }
    page.public_form = form.get("public_form").is_some();
    let zone = form.text("time_zone");
    for z in &mut page.zones {
        z.selected = z.value == zone;
    }
    page
}

/// What the form says, as the use case reads it. Every field is sent: an empty country,
/// region or notice link leaves it as it is (as the API's absent field does); the DPO's
/// contact, the rules, the form switch and the zone are set as shown.
fn controller_change(form: &Form, creating: bool) -> ControllerChange {
    ControllerChange {
        key: if creating {
            Some(form.text("key"))
        } else {
            None
        },
        name: Some(form.text("name")),
        country: form.get("country"),
        default_region: form.get("default_region"),
        dpo: Some(DpoFields {
            name: form.get("dpo_name"),
            email: form.get("dpo_email"),
            phone: form.get("dpo_phone"),
        }),
        privacy_notice_url: form.get("privacy_notice_url"),
        rules: Some(form.all("rules")),
        public_form: Some(form.get("public_form").is_some()),
        time_zone: Some(form.text("time_zone")),
    }
}

/// The form for a new controller.
pub(crate) async fn new_controller(Staff { me, .. }: Staff<AdminOnly>) -> UiResult {
    render_status(StatusCode::OK, &controller_page(&me, None, None))
}

/// Create a controller.
pub(crate) async fn create_controller(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    match controllers::create_controller(&state, &me.actor, controller_change(&form, true)).await {
        Ok(_) => Ok(see_other("/ui/purposes?done=controller")),
        Err(e) => {
            let (status, message) = refused(&me, e)?;
            render_status(status, &controller_again(&me, None, &form, message))
        }
    }
}

fn find_controller(
    me: &Me,
    state: &AppState,
    key: &str,
) -> Result<Controller, super::page::UiError> {
    state
        .follower
        .index()
        .controller(key)
        .map(|v| v.record.clone())
        .ok_or_else(|| me.fail(ApiError::not_found("controller")))
}

/// The form to edit a controller.
pub(crate) async fn edit_controller(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> UiResult {
    let c = find_controller(&me, &state, &key)?;
    render_status(
        StatusCode::OK,
        &controller_page(&me, Some(c.key.clone()), Some(&c)),
    )
}

/// Save a controller's changes.
pub(crate) async fn update_controller(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    form: Form,
) -> UiResult {
    match controllers::update_controller(&state, &me.actor, &key, controller_change(&form, false))
        .await
    {
        Ok(_) => Ok(see_other("/ui/purposes?done=controller")),
        Err(e) => {
            let (status, message) = refused(&me, e)?;
            let mut page = controller_again(&me, Some(key.clone()), &form, message);
            page.key = key;
            render_status(status, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "ui/purpose_form.html")]
struct PurposePage {
    l: Layout,
    t: &'static Texts,
    controller: String,
    controller_name: String,
    /// None: a new purpose.
    editing: Option<String>,
    key: String,
    name: String,
    bases: Vec<Choice>,
    marketing: bool,
    channels: Vec<Choice>,
    retention: String,
    description: String,
    /// Free-text recipients, one a line.
    recipients: String,
    /// The controller's processor agreements, those the purpose names checked.
    processors: Vec<Choice>,
    product_category: String,
    /// What the retention counts from: the legal basis's default, or one named.
    anchors: Vec<Choice>,
}

/// The anchors a purpose's retention may count from; empty: the legal basis's default.
fn anchors(t: &Texts, chosen: &str) -> Vec<Choice> {
    [
        ("", t.pur_anchor_default),
        ("record", t.pur_anchor_record),
        ("financial_year_end", t.pur_anchor_year_end),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: value == chosen,
    })
    .collect()
}

fn purpose_page(
    me: &Me,
    controller: &Controller,
    p: Option<&PurposeRecord>,
    agreements: &[ProcessorRecord],
) -> PurposePage {
    let basis = p.map(|p| p.purpose.legal_basis);
    PurposePage {
        l: me.layout("purposes"),
        t: me.t,
        controller: controller.key.clone(),
        controller_name: controller.name.clone(),
        editing: p.map(|p| p.purpose.key.to_string()),
        key: p.map(|p| p.purpose.key.to_string()).unwrap_or_default(),
        name: p.map(|p| p.purpose.name.clone()).unwrap_or_default(),
        bases: LegalBasis::ALL
            .into_iter()
            .map(|b| Choice {
                value: b.as_str().to_owned(),
                label: format!("{} ({})", me.t.legal_basis(b.as_str()), b.article()),
                selected: basis == Some(b),
            })
            .collect(),
        marketing: p.is_some_and(|p| p.purpose.direct_marketing),
        channels: Channel::ALL
            .into_iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: me.t.channel_name(c).to_owned(),
                selected: p.is_some_and(|p| p.purpose.channels.contains(c)),
            })
            .collect(),
        retention: p
            .and_then(|p| p.purpose.retention.map(|r| r.to_string()))
            .unwrap_or_default(),
        description: p.map(|p| p.purpose.description.clone()).unwrap_or_default(),
        recipients: p.map(|p| p.recipients.join("\n")).unwrap_or_default(),
        processors: agreements
            .iter()
            .map(|a| Choice {
                value: a.id.clone(),
                label: a.name.clone(),
                selected: p.is_some_and(|p| p.processors.contains(&a.id)),
            })
            .collect(),
        product_category: p
            .and_then(|p| p.purpose.product_category.as_ref())
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        anchors: anchors(
            me.t,
            p.and_then(|p| p.purpose.retention_from)
                .map_or("", |f| f.as_str()),
        ),
    }
}

fn purpose_again(
    me: &Me,
    controller: &Controller,
    editing: Option<String>,
    form: &Form,
    error: String,
    agreements: &[ProcessorRecord],
) -> PurposePage {
    let mut page = purpose_page(me, controller, None, agreements);
    page.l = page.l.with_error(Some(error));
    page.key = editing.clone().unwrap_or_else(|| form.text("key"));
    page.editing = editing;
    page.name = form.text("name");
    let basis = form.text("legal_basis");
    for b in &mut page.bases {
        b.selected = b.value == basis;
    }
    page.marketing = form.get("direct_marketing").is_some();
    let channels = form.all("channels");
    for c in &mut page.channels {
        c.selected = channels.contains(&c.value);
    }
    page.retention = form.text("retention");
    page.description = form.text("description");
    page.recipients = form.text("recipients");
    let processors = form.all("processors");
    for a in &mut page.processors {
        a.selected = processors.contains(&a.value);
    }
    page.product_category = form.text("product_category");
    page.anchors = anchors(me.t, &form.text("retention_from"));
    page
}

/// What the form says, as the use case reads it. An empty retention, product category or
/// anchor leaves it as it is (as the API's absent field does); the recipients (one a line) and
/// the processor agreements are set as shown.
fn purpose_change(form: &Form, controller: &str, creating: bool) -> PurposeChange {
    PurposeChange {
        controller: Some(controller.to_owned()),
        key: if creating {
            Some(form.text("key"))
        } else {
            None
        },
        name: Some(form.text("name")),
        legal_basis: Some(form.text("legal_basis")),
        direct_marketing: Some(form.get("direct_marketing").is_some()),
        channels: Some(form.all("channels")),
        retention: form.get("retention"),
        description: Some(form.text("description")),
        recipients: Some(
            form.text("recipients")
                .lines()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        processors: Some(form.all("processors")),
        product_category: form.get("product_category"),
        retention_from: form.get("retention_from"),
        ..PurposeChange::default()
    }
}

/// The controller's processor agreements (Art. 28), which a purpose may name as recipients.
async fn agreements(
    me: &Me,
    state: &AppState,
    c: &Controller,
) -> Result<Vec<ProcessorRecord>, super::page::UiError> {
    state
        .store
        .list_processors(Some(c.id))
        .await
        .map_err(|e| me.fail(e.into()))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ControllerQuery {
    controller: Option<String>,
}

/// The form for a new purpose of a controller (`?controller=`; default: the default one).
pub(crate) async fn new_purpose(
    Staff { me, .. }: Staff<ManagePurposes>,
    State(state): State<AppState>,
    Query(q): Query<ControllerQuery>,
) -> UiResult {
    let c = crate::input::controller(&state.follower.index(), q.controller.as_deref())
        .map_err(|e| me.fail(e))?;
    let agreements = agreements(&me, &state, &c.record).await?;
    render_status(
        StatusCode::OK,
        &purpose_page(&me, &c.record, None, &agreements),
    )
}

/// Declare a purpose.
pub(crate) async fn create_purpose(
    Staff { me, .. }: Staff<ManagePurposes>,
    State(state): State<AppState>,
    Path(controller): Path<String>,
    form: Form,
) -> UiResult {
    let c = find_controller(&me, &state, &controller)?;
    match controllers::create_purpose(&state, &me.actor, purpose_change(&form, &c.key, true)).await
    {
        Ok(_) => Ok(see_other("/ui/purposes?done=purpose")),
        Err(e) => {
            let (status, message) = refused(&me, e)?;
            let agreements = agreements(&me, &state, &c).await?;
            let page = purpose_again(&me, &c, None, &form, message, &agreements);
            render_status(status, &page)
        }
    }
}

/// The form to edit a purpose.
pub(crate) async fn edit_purpose(
    Staff { me, .. }: Staff<ManagePurposes>,
    State(state): State<AppState>,
    Path((controller, key)): Path<(String, String)>,
) -> UiResult {
    let c = find_controller(&me, &state, &controller)?;
    let p = controllers::purpose(&state, Some(&c.key), &key)
        .await
        .map_err(|e| me.fail(e))?;
    let agreements = agreements(&me, &state, &c).await?;
    render_status(
        StatusCode::OK,
        &purpose_page(&me, &c, Some(&p), &agreements),
    )
}

/// Save a purpose's changes.
pub(crate) async fn update_purpose(
    Staff { me, .. }: Staff<ManagePurposes>,
    State(state): State<AppState>,
    Path((controller, key)): Path<(String, String)>,
    form: Form,
) -> UiResult {
    let c = find_controller(&me, &state, &controller)?;
    match controllers::update_purpose(
        &state,
        &me.actor,
        &key,
        purpose_change(&form, &c.key, false),
    )
    .await
    {
        Ok(_) => Ok(see_other("/ui/purposes?done=purpose")),
        Err(e) => {
            let (status, message) = refused(&me, e)?;
            let agreements = agreements(&me, &state, &c).await?;
            let page = purpose_again(&me, &c, Some(key), &form, message, &agreements);
            render_status(status, &page)
        }
    }
}
