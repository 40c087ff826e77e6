//! Controllers and the purposes they declare: creating and changing them. The API
//! (`routes/controllers.rs`) and the staff UI's admin pages (`ui/controllers.rs`) both read their
//! input into the fields here and call these functions, so a bad value is refused with the same
//! message whichever door it came through.

use vern_core::zone::Zone;
use vern_core::{
    Channel, ChannelSet, Country, LegalBasis, Purpose, PurposeKey, Region, Retention, Rule, RuleSet,
};
use vern_store::Actor;
use vern_store::model::{Controller, ControllerFields, PurposeRecord};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::input;
use crate::state::AppState;

/// The contact of a data protection officer, as a door read it.
#[derive(Debug, Default, Clone)]
pub(crate) struct DpoFields {
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
}

/// A controller to create, or the fields of one to change (`None`: unchanged).
#[derive(Debug, Default)]
pub(crate) struct ControllerChange {
    /// Lower-case letters, digits and `-`.
    pub(crate) key: Option<String>,
    pub(crate) name: Option<String>,
    /// SE, NO, DK or FI; setting it sets the phone region too unless one is given.
    pub(crate) country: Option<String>,
    pub(crate) default_region: Option<String>,
    pub(crate) dpo: Option<DpoFields>,
    pub(crate) privacy_notice_url: Option<String>,
    /// The national rules' names.
    pub(crate) rules: Option<Vec<String>>,
    /// Whether the public request form is open.
    pub(crate) public_form: Option<bool>,
    /// An IANA zone name; empty: the country's zone.
    pub(crate) time_zone: Option<String>,
}

fn field(errors: &mut Vec<FieldError>, name: &str, message: &str) {
    errors.push(FieldError {
        field: name.into(),
        message: message.into(),
    });
}

/// An empty text is no value: a form's blank field clears an optional one.
fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The controller's fields with the change applied; every bad field named in one error.
fn apply(
    mut fields: ControllerFields,
    input: ControllerChange,
) -> Result<ControllerFields, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    if let Some(key) = input.key {
        let ok = !key.is_empty()
            && key.len() <= 40
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && key != "all";
        if ok {
            fields.key = key;
        } else {
            field(
                &mut errors,
                "key",
                "1 to 40 lower-case letters, digits or '-', not \"all\"",
            );
        }
    }
    if let Some(name) = input.name {
        match input::text(&name, "name", 200) {
            Ok(n) => fields.name = n,
            Err(e) => errors.push(e),
        }
    }
    if let Some(country) = input.country {
        match country.parse::<Country>() {
            Ok(c) => {
                fields.country = Some(c);
                if input.default_region.is_none() {
                    fields.default_region = c.code().to_owned();
                }
            }
            Err(_) => field(&mut errors, "country", "one of SE, NO, DK, FI"),
        }
    }
    if let Some(region) = input.default_region {
        match region.parse::<Region>() {
            Ok(r) => fields.default_region = r.as_str().to_owned(),
            Err(_) => field(
                &mut errors,
                "default_region",
                "an ISO 3166 region the phone library knows, such as SE",
            ),
        }
    }
    if let Some(dpo) = input.dpo {
        fields.dpo_name = optional(dpo.name);
        fields.dpo_email = optional(dpo.email);
        fields.dpo_phone = optional(dpo.phone);
    }
    if let Some(url) = input.privacy_notice_url {
        if url.starts_with("https://") || url.starts_with("http://") {
            fields.privacy_notice_url = Some(url);
        } else {
            field(&mut errors, "privacy_notice_url", "must be an http(s) link");
        }
    }
    if let Some(rules) = input.rules {
        match rules
            .iter()
            .map(|r| r.parse::<Rule>())
            .collect::<Result<RuleSet, _>>()
        {
            Ok(r) => fields.rules = r,
            Err(e) => field(&mut errors, "rules", &e.to_string()),
        }
    }
    if let Some(open) = input.public_form {
        fields.public_form = open;
    }
    if let Some(zone) = input.time_zone {
        let zone = zone.trim();
        if zone.is_empty() {
            fields.time_zone = None;
        } else {
            match Zone::from_name(zone) {
                Some(z) => fields.time_zone = Some(z),
                None => field(
                    &mut errors,
                    "time_zone",
                    "one of Europe/Stockholm, Europe/Oslo, Europe/Copenhagen, Europe/Helsinki, UTC",
                ),
            }
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(ApiError::invalid(errors))
    }
}

/// The fields a controller has now, to change.
fn fields_of(c: Controller) -> ControllerFields {
    ControllerFields {
        key: c.key,
        name: c.name,
        country: c.country,
        default_region: c.default_region,
        dpo_name: c.dpo_name,
        dpo_email: c.dpo_email,
        dpo_phone: c.dpo_phone,
        privacy_notice_url: c.privacy_notice_url,
        rules: c.rules,
        public_form: c.public_form,
        time_zone: c.time_zone,
    }
}

/// Create a controller: a key and a name are required, the rest optional.
pub(crate) async fn create_controller(
    state: &AppState,
    actor: &Actor,
    input: ControllerChange,
) -> ApiResult<Controller> {
    let mut missing = Vec::new();
    for (name, present) in [("key", input.key.is_some()), ("name", input.name.is_some())] {
        if !present {
            field(&mut missing, name, "required");
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::invalid(missing));
    }
    let empty = ControllerFields {
        key: String::new(),
        name: String::new(),
        country: None,
        default_region: "SE".into(),
        dpo_name: None,
        dpo_email: None,
        dpo_phone: None,
        privacy_notice_url: None,
        rules: RuleSet::EMPTY,
        public_form: true,
        time_zone: None,
    };
    let fields = apply(empty, input)?;
    let (c, seq) = state
        .store
        .create_controller(actor, state.clock.now(), &fields)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(c)
}

/// Change the controller with this key or number.
pub(crate) async fn update_controller(
    state: &AppState,
    actor: &Actor,
    key: &str,
    input: ControllerChange,
) -> ApiResult<Controller> {
    let view = state
        .follower
        .index()
        .controller(key)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let id = view.record.id;
    let fields = apply(fields_of(view.record), input)?;
    let (c, seq) = state
        .store
        .update_controller(actor, state.clock.now(), id, &fields)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(c)
}

/// A purpose to create, or the fields of one to change (`None`: unchanged).
#[derive(Debug, Default)]
pub(crate) struct PurposeChange {
    /// The controller's key (none: the default controller).
    pub(crate) controller: Option<String>,
    pub(crate) key: Option<String>,
    pub(crate) name: Option<String>,
    /// A legal basis's name (`consent`, `contract`, …).
    pub(crate) legal_basis: Option<String>,
    pub(crate) direct_marketing: Option<bool>,
    /// The channels' names.
    pub(crate) channels: Option<Vec<String>>,
    /// An ISO 8601 period.
    pub(crate) retention: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) dk_telemarketing_exception: Option<bool>,
    pub(crate) recipients: Option<Vec<String>>,
    /// Processor agreements' ids.
    pub(crate) processors: Option<Vec<String>>,
    pub(crate) data_source: Option<String>,
    pub(crate) holds_fields: Option<Vec<String>>,
    pub(crate) product_category: Option<String>,
    pub(crate) retention_from: Option<String>,
}

fn apply_purpose(record: &mut PurposeRecord, input: PurposeChange) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let p = &mut record.purpose;
    if let Some(name) = input.name {
        match input::text(&name, "name", 200) {
            Ok(n) => p.name = n,
            Err(e) => errors.push(e),
        }
    }
    if let Some(basis) = input.legal_basis {
        match basis.parse::<LegalBasis>() {
            Ok(b) => p.legal_basis = b,
            Err(e) => field(&mut errors, "legal_basis", &e.to_string()),
        }
    }
    if let Some(dm) = input.direct_marketing {
        p.direct_marketing = dm;
    }
    if let Some(channels) = input.channels {
        match channels
            .iter()
            .map(|c| c.parse::<Channel>())
            .collect::<Result<ChannelSet, _>>()
        {
            Ok(set) if !set.is_empty() => p.channels = set,
            Ok(_) => field(&mut errors, "channels", "name at least one channel"),
            Err(e) => field(&mut errors, "channels", &e.to_string()),
        }
    }
    if let Some(r) = input.retention {
        match Retention::parse(&r) {
            Ok(r) => p.retention = Some(r),
            Err(e) => field(&mut errors, "retention", &e.to_string()),
        }
    }
    if let Some(d) = input.description {
        p.description = d;
    }
    if let Some(x) = input.dk_telemarketing_exception {
        p.dk_telemarketing_exception = x;
    }
    if let Some(r) = input.recipients {
        record.recipients = r;
    }
    if let Some(mut ids) = input.processors {
        ids.dedup();
        record.processors = ids;
    }
    if let Some(s) = input.data_source {
        record.data_source = Some(s);
    }
    if let Some(fields) = input.holds_fields {
        const HOLDABLE: [&str; 5] = ["name", "address", "national_id", "emails", "phones"];
        match fields.iter().find(|f| !HOLDABLE.contains(&f.as_str())) {
            Some(bad) => field(
                &mut errors,
                "holds_fields",
                &format!(
                    "{bad:?} is not a profile field: use name, address, national_id, emails or phones"
                ),
            ),
            None => record.holds_fields = fields,
        }
    }
    apply_category_and_anchor(p, input.product_category, input.retention_from, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(errors))
    }
}

/// The product category and the retention anchor (issue 17 §2, §4).
fn apply_category_and_anchor(
    p: &mut Purpose,
    category: Option<String>,
    from: Option<String>,
    errors: &mut Vec<FieldError>,
) {
    if let Some(c) = category {
        match vern_core::ProductCategory::parse(&c) {
            Ok(c) => p.product_category = Some(c),
            Err(e) => field(errors, "product_category", &e.to_string()),
        }
    }
    if let Some(f) = from {
        match f.parse::<vern_core::RetentionFrom>() {
            Ok(f) => p.retention_from = Some(f),
            Err(e) => field(errors, "retention_from", &e.to_string()),
        }
    }
    // The bookkeeping acts bind records kept under a legal obligation; counting another
    // basis's retention from a financial year would invent a rule.
    if p.retention_from == Some(vern_core::RetentionFrom::FinancialYearEnd)
        && p.legal_basis != LegalBasis::LegalObligation
    {
        field(
            errors,
            "retention_from",
            "financial_year_end counts a legal obligation's retention (bookkeeping); this purpose's legal basis is not legal_obligation",
        );
    }
}

/// The purposes' processor ids must name agreements of their controller.
async fn check_processors(state: &AppState, record: &PurposeRecord) -> ApiResult<()> {
    if record.processors.is_empty() {
        return Ok(());
    }
    let agreements = state.store.list_processors(Some(record.controller)).await?;
    match record
        .processors
        .iter()
        .find(|id| !agreements.iter().any(|a| &a.id == *id))
    {
        Some(bad) => Err(ApiError::invalid_field(
            "processors",
            format!("the controller has no processor agreement {bad:?}"),
        )),
        None => Ok(()),
    }
}

/// Declare a purpose: key, name, legal basis and channels are required.
pub(crate) async fn create_purpose(
    state: &AppState,
    actor: &Actor,
    mut input: PurposeChange,
) -> ApiResult<PurposeRecord> {
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let mut missing = Vec::new();
    for (name, present) in [
        ("key", input.key.is_some()),
        ("name", input.name.is_some()),
        ("legal_basis", input.legal_basis.is_some()),
        ("channels", input.channels.is_some()),
    ] {
        if !present {
            field(&mut missing, name, "required");
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::invalid(missing));
    }
    let key = input.key.take().unwrap_or_default();
    let key = PurposeKey::parse(&key).map_err(|e| ApiError::invalid_field("key", e.to_string()))?;
    let now = state.clock.now();
    let mut record = PurposeRecord {
        controller: controller.record.id,
        purpose: Purpose {
            key,
            name: String::new(),
            legal_basis: LegalBasis::Consent,
            direct_marketing: false,
            channels: ChannelSet::EMPTY,
            retention: None,
            description: String::new(),
            dk_telemarketing_exception: false,
            product_category: None,
            retention_from: None,
        },
        processors: Vec::new(),
        recipients: Vec::new(),
        data_source: None,
        holds_fields: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    apply_purpose(&mut record, input)?;
    check_processors(state, &record).await?;
    let (saved, seq) = state.store.save_purpose(actor, now, &record, true).await?;
    state.follower.sync_to(seq).await?;
    Ok(saved)
}

/// The purpose with this key of a controller (none: the default controller).
pub(crate) async fn purpose(
    state: &AppState,
    controller: Option<&str>,
    key: &str,
) -> ApiResult<PurposeRecord> {
    let controller = input::controller(&state.follower.index(), controller)?;
    state
        .store
        .list_purposes(Some(controller.record.id))
        .await?
        .into_iter()
        .find(|p| p.purpose.key.as_str() == key)
        .ok_or_else(|| ApiError::not_found("purpose"))
}

/// Change the purpose with this key; its key itself cannot change.
pub(crate) async fn update_purpose(
    state: &AppState,
    actor: &Actor,
    key: &str,
    input: PurposeChange,
) -> ApiResult<PurposeRecord> {
    input::controller(&state.follower.index(), input.controller.as_deref())?;
    if input.key.as_ref().is_some_and(|k| k != key) {
        return Err(ApiError::invalid_field(
            "key",
            "a purpose's key cannot change",
        ));
    }
    let mut record = purpose(state, input.controller.as_deref(), key).await?;
    apply_purpose(&mut record, input)?;
    check_processors(state, &record).await?;
    let (saved, seq) = state
        .store
        .save_purpose(actor, state.clock.now(), &record, false)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(saved)
}
