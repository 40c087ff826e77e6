//! The storage port: every use case that must be atomic is one method here; the backend opens
//! the transaction, writes the state and its ledger entries, and commits them together.

mod breaches;

pub use breaches::BreachStore;

use async_trait::async_trait;
use std::fmt::Debug;
use time::OffsetDateTime;
use vern_core::Role;

use crate::api_key::ApiKey;
use crate::db::Dialect;
use crate::error::StoreResult;
use crate::ledger::{Actor, LedgerEntry, Verification};
use crate::model::{
    Activity, ActivityInput, ConsentInput, ConsentRecord, Controller, ControllerFields, Deal,
    DealInput, Hold, ImportOutcome, IndexedSuppression, NewMessage, ObjectionContext,
    ObjectionInput, ObjectionRecord, OutboxMessage, Person, PersonIndexFacts, PersonInput,
    PurgeOutcome, PurposeRecord, RegisterVersionRecord, RequestAction, RequestEvent, RequestFilter,
    RequestInput, RequestRecord, RestrictionRecord, Selection, ShareLink, SuppressionRecord, Todo,
    TodoInput, TrashEntry, WashRecord, Webhook, WebhookDelivery, WithdrawalInput, WithdrawalRecord,
};
use crate::seal::InstallationKeys;
use vern_core::{ControllerId, IdentifierDigest, IdentifierKind};

/// Receives packed chunks: digests (16 bytes each), and for registers one channel byte each.
pub type PackedSink<'s> = dyn for<'a> FnMut(&'a [u8], Option<&'a [u8]>) + Send + 's;

/// vern's storage.
#[async_trait]
pub trait Store: Send + Sync + Debug + BreachStore {
    /// Which engine is behind the store.
    fn dialect(&self) -> Dialect;

    /// The installation's keys.
    fn keys(&self) -> &InstallationKeys;

    /// Run pending migrations on the data and the keyring.
    async fn migrate(&self) -> StoreResult<()>;

    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;

    // ---- ledger ----

    /// The sequence number of the last entry.
    async fn ledger_head(&self) -> StoreResult<i64>;

    /// Entries after `after`, oldest first.
    async fn ledger_after(&self, after: i64, limit: i64) -> StoreResult<Vec<LedgerEntry>>;

    /// Walk the chain and recompute every hash.
    async fn verify_ledger(&self) -> StoreResult<Verification>;

    // ---- API keys ----

    /// Create a key; returns it with its secret, which is never stored.
    async fn create_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        role: Role,
    ) -> StoreResult<(ApiKey, String)>;

    /// Every key, newest first.
    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>>;

    /// Revoke a key by id, or by its prefix if unique.
    async fn revoke_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<ApiKey>;

    /// The active key with this secret.
    async fn find_api_key(&self, secret: &str) -> StoreResult<Option<ApiKey>>;

    // ---- controllers and purposes (writes return the record and the ledger sequence) ----

    /// Create a controller.
    async fn create_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)>;

    /// Replace a controller's fields.
    async fn update_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: ControllerId,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)>;

    /// Every controller.
    async fn list_controllers(&self) -> StoreResult<Vec<Controller>>;

    /// Create (`create`) or replace a purpose.
    async fn save_purpose(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        purpose: &PurposeRecord,
        create: bool,
    ) -> StoreResult<(PurposeRecord, i64)>;

    /// Purposes of one controller, or of all.
    async fn list_purposes(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<PurposeRecord>>;

    // ---- people ----

    /// Create a person with a key of their own.
    async fn create_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        input: &PersonInput,
    ) -> StoreResult<(Person, i64)>;

    /// Replace a person's profile, identifiers and lists (rectification, when `request` names one).
    async fn update_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        input: &PersonInput,
        request: Option<&str>,
    ) -> StoreResult<(Person, i64)>;

    /// One person, opened.
    async fn get_person(&self, id: &str) -> StoreResult<Person>;

    /// The people of `controller` holding any of these digests.
    async fn find_people(
        &self,
        controller: ControllerId,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<Person>>;

    /// Record a consent event on the channels it names.
    async fn record_consent(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &ConsentInput,
    ) -> StoreResult<(Vec<ConsentRecord>, i64)>;

    /// A person's consent history, oldest first.
    async fn list_consents(&self, person: &str) -> StoreResult<Vec<ConsentRecord>>;

    /// Place (`place`) or lift a restriction.
    async fn set_restriction(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        place: bool,
        reason: &str,
        request: Option<&str>,
    ) -> StoreResult<(RestrictionRecord, i64)>;

    /// A person's restrictions, oldest first.
    async fn list_restrictions(&self, person: &str) -> StoreResult<Vec<RestrictionRecord>>;

    // ---- objections and the block list ----

    /// Record an objection: a direct-marketing one becomes suppressions of its digests; a
    /// general one opens a request.
    async fn record_objection(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
    ) -> StoreResult<(ObjectionRecord, i64)> {
        self.record_objection_in(actor, now, input, ObjectionContext::default())
            .await
    }

    /// Record an objection with its context: the request a general objection opens (and its
    /// acknowledgement), or the request that is its evidence.
    async fn record_objection_in(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
        context: ObjectionContext<'_>,
    ) -> StoreResult<(ObjectionRecord, i64)>;

    /// Withdraw direct-marketing objections for a person's identifiers; fails with not found
    /// when none that the withdrawer may lift stands.
    async fn withdraw_objection(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &WithdrawalInput,
    ) -> StoreResult<(WithdrawalRecord, i64)>;

    /// Put one identifier on the global block list.
    async fn blocklist_add(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        kind: IdentifierKind,
        digest: &IdentifierDigest,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)>;

    /// Take an entry off the block list.
    async fn blocklist_remove(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)>;

    /// Load many identifiers onto the block list in one transaction and one ledger entry.
    async fn blocklist_import(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        entries: &[(IdentifierKind, IdentifierDigest)],
        reason: &str,
        source_name: &str,
    ) -> StoreResult<(ImportOutcome, i64)>;

    /// Active block-list entries, by id after `after`.
    async fn list_blocklist(
        &self,
        limit: i64,
        after: Option<&str>,
    ) -> StoreResult<Vec<SuppressionRecord>>;

    /// Suppressions with these digests.
    async fn suppressions_with(
        &self,
        digests: &[IdentifierDigest],
        include_removed: bool,
    ) -> StoreResult<Vec<SuppressionRecord>>;

    // ---- what the in-memory index is built from ----

    /// About how many digests [`Store::stream_suppressions`] will give for all suppressions,
    /// so that the index can be sized once; never used for an answer.
    async fn suppression_count_hint(&self) -> StoreResult<u64>;

    /// Every active suppression, or those of one import batch.
    async fn stream_suppressions(
        &self,
        batch: Option<&str>,
        sink: &mut (dyn FnMut(IndexedSuppression) + Send),
    ) -> StoreResult<u64>;

    /// The facts of these people (all people when `None`).
    async fn person_facts(
        &self,
        ids: Option<&[String]>,
        sink: &mut (dyn FnMut(PersonIndexFacts) + Send),
    ) -> StoreResult<()>;

    // ---- national registers and washes ----

    /// Import a register version, replacing the previous one atomically.
    #[allow(clippy::too_many_arguments)]
    async fn import_register(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        register: vern_core::register::Register,
        version_date: time::Date,
        listings: &[(IdentifierDigest, vern_core::ChannelSet)],
        source_name: &str,
        file_digest: &str,
    ) -> StoreResult<(RegisterVersionRecord, i64)>;

    /// Every register version, newest first.
    async fn list_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>>;

    /// The versions in force.
    async fn current_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>>;

    /// Hand a register version's (or import batch's) packed chunks to `sink`: digests, and one
    /// byte of channel bits each for registers.
    async fn stream_packed(
        &self,
        owner: &str,
        sink: &mut crate::store::PackedSink<'_>,
    ) -> StoreResult<()>;

    /// Record a wash.
    async fn record_wash(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        wash: &WashRecord,
    ) -> StoreResult<i64>;

    /// Recent washes, newest first.
    async fn list_washes(&self, limit: i64) -> StoreResult<Vec<WashRecord>>;

    /// One wash.
    async fn get_wash(&self, id: &str) -> StoreResult<WashRecord>;

    // ---- customer history ----

    /// Record an activity.
    async fn add_activity(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &ActivityInput,
    ) -> StoreResult<(Activity, i64)>;
    /// A person's activities, newest first.
    async fn list_activities(&self, person: &str) -> StoreResult<Vec<Activity>>;
    /// Record a deal.
    async fn add_deal(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &DealInput,
    ) -> StoreResult<(Deal, i64)>;
    /// A person's deals.
    async fn list_deals(&self, person: &str) -> StoreResult<Vec<Deal>>;
    /// Record a todo.
    async fn add_todo(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &TodoInput,
    ) -> StoreResult<(Todo, i64)>;
    /// A person's todos.
    async fn list_todos(&self, person: &str) -> StoreResult<Vec<Todo>>;

    // ---- requests ----

    /// Open a request, queueing `messages` in the same transaction.
    async fn create_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &RequestInput,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)>;
    /// One request, its details opened.
    async fn get_request(&self, id: &str) -> StoreResult<RequestRecord>;
    /// The inbox, without details.
    async fn list_requests(&self, filter: &RequestFilter) -> StoreResult<Vec<RequestRecord>>;
    /// Take a step, queueing `messages` in the same transaction.
    async fn advance_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        action: &RequestAction,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)>;
    /// Check a one-time code's keyed hash.
    async fn check_request_code(
        &self,
        id: &str,
        hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// A request's log, texts opened.
    async fn request_log(&self, id: &str) -> StoreResult<Vec<RequestEvent>>;
    /// The messages of a request, as staff see them: a one-time code's text is withheld.
    async fn request_messages(&self, id: &str) -> StoreResult<Vec<OutboxMessage>>;
    /// Set deadline flags; returns (due soon, overdue, changed).
    async fn flag_deadlines(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        soon: time::Duration,
    ) -> StoreResult<(i64, i64, i64)>;
    /// Requests naming any of these digests.
    async fn requests_with_digests(&self, digests: &[IdentifierDigest])
    -> StoreResult<Vec<String>>;

    // ---- outbox ----

    /// Queue messages to a person outside any request.
    async fn queue_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        controller: ControllerId,
        messages: &[NewMessage],
    ) -> StoreResult<i64>;
    /// Claim due messages for delivery.
    async fn claim_outbox(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>>;
    /// Record a delivery attempt.
    async fn finish_outbox(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        result: Result<(), String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<i64>;

    // ---- share links and disclosures ----

    /// Create a share link (its token is stored hashed).
    async fn create_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        token_hash: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<(ShareLink, i64)>;
    /// The link with this token hash.
    async fn find_share_link(&self, token_hash: &[u8; 32]) -> StoreResult<Option<ShareLink>>;
    /// A person's links.
    async fn list_share_links(&self, person: &str) -> StoreResult<Vec<ShareLink>>;
    /// Revoke a link.
    async fn revoke_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<(ShareLink, i64)>;
    /// Record a disclosure of a person's data (and count a link's opening).
    async fn record_disclosure(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        kind: &'static str,
        payload: serde_json::Value,
        link: Option<&str>,
    ) -> StoreResult<i64>;
    /// The ledger entries about a person.
    async fn ledger_for(&self, person: &str) -> StoreResult<Vec<LedgerEntry>>;

    // ---- staff users and web sessions ----

    /// Create a staff user (the password already hashed with argon2id).
    async fn create_user(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &crate::user::NewUser,
    ) -> StoreResult<(crate::user::User, i64)>;
    /// Every staff user, oldest first.
    async fn list_users(&self) -> StoreResult<Vec<crate::user::User>>;
    /// One user.
    async fn get_user(&self, id: &str) -> StoreResult<crate::user::User>;
    /// The user signing in with this e-mail, with their password hash.
    async fn user_credentials(
        &self,
        email: &str,
    ) -> StoreResult<Option<(crate::user::User, String)>>;
    /// Change a user's language and time zone.
    async fn set_user_preferences(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        language: &str,
        time_zone: &str,
    ) -> StoreResult<(crate::user::User, i64)>;
    /// Start a session (signing in), known by its token's keyed hash.
    async fn start_session(
        &self,
        now: OffsetDateTime,
        user: &str,
        token_hash: &[u8; 32],
        csrf_secret: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<i64>;
    /// The live session with this token hash, and its user (if not disabled).
    async fn find_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<Option<(crate::user::UserSession, crate::user::User)>>;
    /// Note a session's use and move its expiry.
    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// End a session (signing out).
    async fn end_session(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        token_hash: &[u8; 32],
    ) -> StoreResult<i64>;
    /// Ledger entries before `before` (all when `None`), newest first, optionally only kinds
    /// starting with `kind_prefix`.
    async fn ledger_page(
        &self,
        before: Option<i64>,
        kind_prefix: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<LedgerEntry>>;

    // ---- erasure ----

    /// Move a person to the recycle bin, queueing `messages` (the confirmation) under keys of
    /// their own so they outlive the purge.
    async fn erase_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
        messages: &[NewMessage],
    ) -> StoreResult<i64>;
    /// Take a person out of the recycle bin: the erasure's messages not yet tried are
    /// withdrawn; if one may have gone out, `tell` is queued to the person.
    async fn restore_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        tell: &[NewMessage],
    ) -> StoreResult<i64>;
    /// The recycle bin.
    async fn list_trash(&self) -> StoreResult<Vec<TrashEntry>>;
    /// Purge a person (kind `person.purged` or `person.anonymized`): everything goes but what a
    /// legal hold keeps; without a hold their key is destroyed.
    async fn purge_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        kind: &'static str,
        digests: Vec<String>,
    ) -> StoreResult<(PurgeOutcome, i64)>;
    /// The holds a purge of this person would leave, as of `now`.
    async fn holds_for(&self, id: &str, now: OffsetDateTime) -> StoreResult<Vec<Hold>>;
    /// The holds on a person now.
    async fn person_holds(&self, id: &str) -> StoreResult<Vec<Hold>>;
    /// A person in the recycle bin or held, with the instant they were erased.
    async fn get_person_any(&self, id: &str) -> StoreResult<(Person, Option<OffsetDateTime>)>;
    /// People in the recycle bin since before `before`, without holds.
    async fn trash_due(&self, before: OffsetDateTime) -> StoreResult<Vec<String>>;
    /// People whose holds have all ended.
    async fn holds_ended(&self, now: OffsetDateTime) -> StoreResult<Vec<String>>;
    /// People matching a selection.
    async fn select_people(&self, selection: &Selection) -> StoreResult<Vec<String>>;
    /// Delete message metadata older than `before`.
    async fn prune_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        before: OffsetDateTime,
    ) -> StoreResult<(u64, i64)>;
    /// Live people whose purposes may have ended at `now`: with a consent withdrawn or
    /// expired, or a deal closed. Nobody else can have a purpose that ended.
    async fn retention_candidates(&self, now: OffsetDateTime) -> StoreResult<Vec<String>>;
    /// Remove the custom fields that served `purposes` from a person's profile (their
    /// purposes ended and their retention ran). Returns how many fields went and the sequence
    /// number of the ledger entry.
    async fn drop_purpose_fields(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        purposes: &[String],
    ) -> StoreResult<(u64, i64)>;
    /// How many messages [`Store::prune_messages`] would delete (a dry run).
    async fn prunable_messages(&self, before: OffsetDateTime) -> StoreResult<u64>;
    /// Record a retention run.
    async fn record_retention_run(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        summary: serde_json::Value,
    ) -> StoreResult<i64>;
    /// Destroy keys whose person is gone, created before `created_before`.
    async fn reconcile_keyring(&self, created_before: OffsetDateTime) -> StoreResult<u64>;

    // ---- Art. 19 notices ----

    /// Register a recipient; `secret` signs its notices.
    async fn create_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        url: &str,
        events: &[String],
        secret: &str,
    ) -> StoreResult<(Webhook, i64)>;
    /// Every recipient.
    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>>;
    /// Disable a recipient.
    async fn disable_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<i64>;
    /// Turn ledger entries after the notifier's cursor into deliveries; returns how many.
    async fn queue_notices(&self, now: OffsetDateTime) -> StoreResult<u64>;
    /// Claim due deliveries, with their recipient's URL and secret.
    async fn claim_deliveries(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<(WebhookDelivery, String, String)>>;
    /// Record a delivery attempt.
    async fn finish_delivery(
        &self,
        now: OffsetDateTime,
        id: &str,
        status: Option<i64>,
        error: Option<String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<()>;
    /// A recipient's deliveries, newest first.
    async fn list_deliveries(&self, webhook: &str) -> StoreResult<Vec<WebhookDelivery>>;
}
