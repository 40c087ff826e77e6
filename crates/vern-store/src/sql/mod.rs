//! The SQL backend, for SQLite and PostgreSQL alike.
//!
//! One implementation serves both engines: the SQL is written once in the subset both speak
//! (BIGINT, TEXT and BLOB/BYTEA columns, `$n` parameters, `ON CONFLICT`, `RETURNING`), and
//! [`Dialect`] decides the few statements that differ. Each engine keeps its own migrations.
//! Writing the queries once avoids the drift that two hand-kept copies suffer.

mod api_keys;
mod controllers;
mod erasure;
mod history;
mod kept_suppressions;
mod ledger_browse;
mod outbox;
mod packed;
mod people;
mod registers;
mod requests;
mod share_links;
mod suppressions;
mod users;
mod webhooks;

use async_trait::async_trait;
use sqlx::AnyPool;
use time::OffsetDateTime;
use vern_core::Role;

use crate::api_key::ApiKey;
use crate::db::{Dialect, Location, open_pool, prepare_keyring_schema, prepare_sqlite_files};
use crate::error::{StoreError, StoreResult};
use crate::keyring::Keyring;
use crate::ledger::{self, Actor, LedgerEntry, Verification, WriteTx};
use crate::master_key::{MasterKey, key_check, write_new};
use crate::model::{
    Activity, ActivityInput, ConsentInput, ConsentRecord, Controller, ControllerFields, Deal,
    DealInput, Hold, ImportOutcome, IndexedSuppression, NewMessage, ObjectionContext,
    ObjectionInput, ObjectionRecord, OutboxMessage, Person, PersonIndexFacts, PersonInput,
    PurgeOutcome, PurposeRecord, RegisterVersionRecord, RequestAction, RequestEvent, RequestFilter,
    RequestInput, RequestRecord, RestrictionRecord, Selection, ShareLink, SuppressionRecord, Todo,
    TodoInput, TrashEntry, WashRecord, Webhook, WebhookDelivery, WithdrawalInput, WithdrawalRecord,
};
use crate::seal::InstallationKeys;
use crate::store::Store;
use vern_core::{ControllerId, IdentifierDigest, IdentifierKind};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
static SQLITE_KEYRING_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("keyring-migrations/sqlite");
static POSTGRES_KEYRING_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("keyring-migrations/postgres");

/// The SQL store.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
    keyring: Keyring,
    dialect: Dialect,
    keys: InstallationKeys,
    location: Location,
}

impl SqlStore {
    /// Connect to the data and the keyring. Does not migrate.
    pub async fn open(location: Location, keys: InstallationKeys) -> StoreResult<SqlStore> {
        let dialect = location.dialect;
        let max = match dialect {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        };
        prepare_sqlite_files(&location)?;
        let pool = open_pool(dialect, &location.data_url, max).await?;
        prepare_keyring_schema(&pool, &location).await?;
        let keyring_pool = open_pool(dialect, &location.keyring_url, 4).await?;
        Ok(SqlStore {
            pool,
            keyring: Keyring::new(keyring_pool, dialect),
            dialect,
            keys,
            location,
        })
    }

    /// Where the store lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The keyring.
    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) async fn write(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> StoreResult<WriteTx<'_>> {
        WriteTx::begin(&self.pool, self.dialect, &self.keys, actor, now).await
    }

    /// Confirm the database belongs to this master key. A fresh installation is claimed for
    /// it (and a newly generated key file written first); a database sealed with another key
    /// is refused, since writing to it would make data that nobody can read.
    pub async fn claim(&self, master: &MasterKey, now: OffsetDateTime) -> StoreResult<()> {
        use sqlx::Row;
        let check = key_check(&master.bytes).to_vec();
        let row = sqlx::query("SELECT key_check FROM installation WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => {
                let stored: Vec<u8> = row.try_get("key_check")?;
                if stored != check {
                    return Err(StoreError::Invalid(match &master.pending_file {
                        Some(path) => format!(
                            "the database already holds data but the key file {} is missing: restore it (or set VERN_MASTER_KEY)",
                            path.display()
                        ),
                        None => {
                            "the master key does not match the one this database was created with"
                                .to_owned()
                        }
                    }));
                }
            }
            None => {
                if let Some(path) = &master.pending_file {
                    write_new(path, &master.bytes)?;
                }
                // A fresh installation: claim it and create the default controller, which
                // starts with no national rules until someone configures them.
                let mut tx = self.write(&Actor::System("install"), now).await?;
                sqlx::query(
                    "INSERT INTO installation (id, key_check, created_at) VALUES (1, $1, $2)",
                )
                .bind(check)
                .bind(tx.at_micros())
                .execute(tx.conn())
                .await?;
                let default = ControllerFields {
                    key: "default".to_owned(),
                    name: "Default controller".to_owned(),
                    country: None,
                    default_region: "SE".to_owned(),
                    dpo_name: None,
                    dpo_email: None,
                    dpo_phone: None,
                    privacy_notice_url: None,
                    rules: vern_core::RuleSet::EMPTY,
                };
                controllers::insert_controller(&mut tx, &default).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Close the pools, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
        self.keyring.pool().close().await;
    }
}

#[async_trait]
impl Store for SqlStore {
    fn dialect(&self) -> Dialect {
        self.dialect
    }

    fn keys(&self) -> &InstallationKeys {
        &self.keys
    }

    async fn migrate(&self) -> StoreResult<()> {
        let (data, keyring) = match self.dialect {
            Dialect::Sqlite => (&SQLITE_MIGRATIONS, &SQLITE_KEYRING_MIGRATIONS),
            Dialect::Postgres => (&POSTGRES_MIGRATIONS, &POSTGRES_KEYRING_MIGRATIONS),
        };
        data.run(&self.pool).await?;
        keyring.run(self.keyring.pool()).await?;
        Ok(())
    }

    async fn ping(&self) -> StoreResult<()> {
        // Both at once: a database that has gone away is reported after one acquire timeout.
        tokio::try_join!(
            sqlx::query("SELECT 1").execute(&self.pool),
            sqlx::query("SELECT 1").execute(self.keyring.pool()),
        )?;
        Ok(())
    }

    async fn ledger_head(&self) -> StoreResult<i64> {
        use sqlx::Row;
        let row = sqlx::query("SELECT seq FROM ledger_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("seq")?)
    }

    async fn ledger_after(&self, after: i64, limit: i64) -> StoreResult<Vec<LedgerEntry>> {
        ledger::read_after(&self.pool, after, limit).await
    }

    async fn verify_ledger(&self) -> StoreResult<Verification> {
        ledger::verify(&self.pool, &self.keys).await
    }

    async fn create_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        role: Role,
    ) -> StoreResult<(ApiKey, String)> {
        api_keys::create(self, actor, now, name, role).await
    }

    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>> {
        api_keys::list(self).await
    }

    async fn revoke_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<ApiKey> {
        api_keys::revoke(self, actor, now, id).await
    }

    async fn find_api_key(&self, secret: &str) -> StoreResult<Option<ApiKey>> {
        api_keys::find(self, secret).await
    }

    async fn create_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)> {
        controllers::create_controller(self, actor, now, fields).await
    }

    async fn update_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: ControllerId,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)> {
        controllers::update_controller(self, actor, now, id, fields).await
    }

    async fn list_controllers(&self) -> StoreResult<Vec<Controller>> {
        controllers::list_controllers(self).await
    }

    async fn save_purpose(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        purpose: &PurposeRecord,
        create: bool,
    ) -> StoreResult<(PurposeRecord, i64)> {
        controllers::save_purpose(self, actor, now, purpose, create).await
    }

    async fn list_purposes(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<PurposeRecord>> {
        controllers::list_purposes(self, controller).await
    }

    async fn create_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        input: &PersonInput,
    ) -> StoreResult<(Person, i64)> {
        people::create_person(self, actor, now, controller, input).await
    }

    async fn update_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        input: &PersonInput,
        request: Option<&str>,
    ) -> StoreResult<(Person, i64)> {
        people::update_person(self, actor, now, id, input, request).await
    }

    async fn get_person(&self, id: &str) -> StoreResult<Person> {
        people::get_person(self, id).await
    }

    async fn find_people(
        &self,
        controller: ControllerId,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<Person>> {
        people::find_people(self, controller, digests).await
    }

    async fn record_consent(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &ConsentInput,
    ) -> StoreResult<(Vec<ConsentRecord>, i64)> {
        people::record_consent(self, actor, now, person, input).await
    }

    async fn list_consents(&self, person: &str) -> StoreResult<Vec<ConsentRecord>> {
        people::list_consents(self, person).await
    }

    async fn set_restriction(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        place: bool,
        reason: &str,
        request: Option<&str>,
    ) -> StoreResult<(RestrictionRecord, i64)> {
        people::set_restriction(self, actor, now, person, place, reason, request).await
    }

    async fn list_restrictions(&self, person: &str) -> StoreResult<Vec<RestrictionRecord>> {
        people::list_restrictions(self, person).await
    }

    async fn record_objection_in(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
        context: ObjectionContext<'_>,
    ) -> StoreResult<(ObjectionRecord, i64)> {
        suppressions::record_objection(self, actor, now, input, context).await
    }

    async fn withdraw_objection(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &WithdrawalInput,
    ) -> StoreResult<(WithdrawalRecord, i64)> {
        suppressions::withdraw_objection(self, actor, now, input).await
    }

    async fn blocklist_add(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        kind: IdentifierKind,
        digest: &IdentifierDigest,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)> {
        suppressions::blocklist_add(self, actor, now, kind, digest, reason).await
    }

    async fn blocklist_remove(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)> {
        suppressions::blocklist_remove(self, actor, now, id, reason).await
    }

    async fn blocklist_import(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        entries: &[(IdentifierKind, IdentifierDigest)],
        reason: &str,
        source_name: &str,
    ) -> StoreResult<(ImportOutcome, i64)> {
        suppressions::blocklist_import(self, actor, now, entries, reason, source_name).await
    }

    async fn list_blocklist(
        &self,
        limit: i64,
        after: Option<&str>,
    ) -> StoreResult<Vec<SuppressionRecord>> {
        suppressions::list_blocklist(self, limit, after).await
    }

    async fn suppressions_with(
        &self,
        digests: &[IdentifierDigest],
        include_removed: bool,
    ) -> StoreResult<Vec<SuppressionRecord>> {
        suppressions::suppressions_with(self, digests, include_removed).await
    }

    async fn suppression_count_hint(&self) -> StoreResult<u64> {
        suppressions::count_hint(self).await
    }

    async fn stream_suppressions(
        &self,
        batch: Option<&str>,
        sink: &mut (dyn FnMut(IndexedSuppression) + Send),
    ) -> StoreResult<u64> {
        suppressions::stream_active(self, batch, sink).await
    }

    async fn person_facts(
        &self,
        ids: Option<&[String]>,
        sink: &mut (dyn FnMut(PersonIndexFacts) + Send),
    ) -> StoreResult<()> {
        people::person_facts(self, ids, sink).await
    }

    async fn import_register(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        register: vern_core::register::Register,
        version_date: time::Date,
        listings: &[(IdentifierDigest, vern_core::ChannelSet)],
        source_name: &str,
        file_digest: &str,
    ) -> StoreResult<(RegisterVersionRecord, i64)> {
        registers::import_register(
            self,
            actor,
            now,
            register,
            version_date,
            listings,
            source_name,
            file_digest,
        )
        .await
    }

    async fn list_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>> {
        registers::list_versions(self).await
    }

    async fn current_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>> {
        registers::current_versions(self).await
    }

    async fn stream_packed(
        &self,
        owner: &str,
        sink: &mut crate::store::PackedSink<'_>,
    ) -> StoreResult<()> {
        packed::stream(self, owner, sink).await
    }

    async fn record_wash(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        wash: &WashRecord,
    ) -> StoreResult<i64> {
        registers::record_wash(self, actor, now, wash).await
    }

    async fn list_washes(&self, limit: i64) -> StoreResult<Vec<WashRecord>> {
        registers::list_washes(self, limit).await
    }

    async fn get_wash(&self, id: &str) -> StoreResult<WashRecord> {
        registers::get_wash(self, id).await
    }

    async fn add_activity(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &ActivityInput,
    ) -> StoreResult<(Activity, i64)> {
        history::add_activity(self, actor, now, person, input).await
    }
    async fn list_activities(&self, person: &str) -> StoreResult<Vec<Activity>> {
        history::list_activities(self, person).await
    }
    async fn add_deal(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &DealInput,
    ) -> StoreResult<(Deal, i64)> {
        history::add_deal(self, actor, now, person, input).await
    }
    async fn list_deals(&self, person: &str) -> StoreResult<Vec<Deal>> {
        history::list_deals(self, person).await
    }
    async fn add_todo(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &TodoInput,
    ) -> StoreResult<(Todo, i64)> {
        history::add_todo(self, actor, now, person, input).await
    }
    async fn list_todos(&self, person: &str) -> StoreResult<Vec<Todo>> {
        history::list_todos(self, person).await
    }
    async fn create_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &RequestInput,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)> {
        requests::create_request(self, actor, now, input, messages).await
    }
    async fn get_request(&self, id: &str) -> StoreResult<RequestRecord> {
        requests::get_request(self, id).await
    }
    async fn list_requests(&self, filter: &RequestFilter) -> StoreResult<Vec<RequestRecord>> {
        requests::list_requests(self, filter).await
    }
    async fn advance_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        action: &RequestAction,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)> {
        requests::advance_request(self, actor, now, id, action, messages).await
    }
    async fn check_request_code(
        &self,
        id: &str,
        hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        requests::check_code(self, id, hash, now).await
    }
    async fn request_log(&self, id: &str) -> StoreResult<Vec<RequestEvent>> {
        requests::request_log(self, id).await
    }
    async fn request_messages(&self, id: &str) -> StoreResult<Vec<OutboxMessage>> {
        requests::request_messages(self, id).await
    }
    async fn flag_deadlines(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        soon: time::Duration,
    ) -> StoreResult<(i64, i64, i64)> {
        requests::flag_deadlines(self, actor, now, soon).await
    }
    async fn requests_with_digests(
        &self,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<String>> {
        requests::requests_with_digests(self, digests).await
    }
    async fn queue_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        controller: ControllerId,
        messages: &[NewMessage],
    ) -> StoreResult<i64> {
        requests::queue_messages(self, actor, now, person, controller, messages).await
    }
    async fn claim_outbox(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>> {
        requests::claim_outbox(self, now, lease, limit).await
    }
    async fn finish_outbox(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        result: Result<(), String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<i64> {
        requests::finish_outbox(self, actor, now, id, result, retry_at).await
    }
    async fn create_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        token_hash: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<(ShareLink, i64)> {
        requests::create_share_link(self, actor, now, person, token_hash, expires_at).await
    }
    async fn find_share_link(&self, token_hash: &[u8; 32]) -> StoreResult<Option<ShareLink>> {
        requests::find_share_link(self, token_hash).await
    }
    async fn list_share_links(&self, person: &str) -> StoreResult<Vec<ShareLink>> {
        requests::list_share_links(self, person).await
    }
    async fn revoke_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<(ShareLink, i64)> {
        requests::revoke_share_link(self, actor, now, id).await
    }
    async fn record_disclosure(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        kind: &'static str,
        payload: serde_json::Value,
        link: Option<&str>,
    ) -> StoreResult<i64> {
        requests::record_disclosure(self, actor, now, person, kind, payload, link).await
    }
    async fn ledger_for(&self, person: &str) -> StoreResult<Vec<LedgerEntry>> {
        requests::ledger_for(self, person).await
    }

    async fn create_user(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &crate::user::NewUser,
    ) -> StoreResult<(crate::user::User, i64)> {
        users::create_user(self, actor, now, input).await
    }
    async fn list_users(&self) -> StoreResult<Vec<crate::user::User>> {
        users::list_users(self).await
    }
    async fn get_user(&self, id: &str) -> StoreResult<crate::user::User> {
        users::get_user(self, id).await
    }
    async fn user_credentials(
        &self,
        email: &str,
    ) -> StoreResult<Option<(crate::user::User, String)>> {
        users::user_credentials(self, email).await
    }
    async fn set_user_preferences(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        language: &str,
        time_zone: &str,
    ) -> StoreResult<(crate::user::User, i64)> {
        users::set_user_preferences(self, actor, now, id, language, time_zone).await
    }
    async fn start_session(
        &self,
        now: OffsetDateTime,
        user: &str,
        token_hash: &[u8; 32],
        csrf_secret: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<i64> {
        users::start_session(self, now, user, token_hash, csrf_secret, expires_at).await
    }
    async fn find_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<Option<(crate::user::UserSession, crate::user::User)>> {
        users::find_session(self, token_hash, now).await
    }
    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        users::touch_session(self, token_hash, now, expires_at).await
    }
    async fn end_session(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        token_hash: &[u8; 32],
    ) -> StoreResult<i64> {
        users::end_session(self, actor, now, token_hash).await
    }
    async fn ledger_page(
        &self,
        before: Option<i64>,
        kind_prefix: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<LedgerEntry>> {
        ledger_browse::ledger_page(self, before, kind_prefix, limit).await
    }

    async fn erase_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
        messages: &[NewMessage],
    ) -> StoreResult<i64> {
        erasure::erase(self, actor, now, id, reason, messages).await
    }
    async fn restore_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        tell: &[NewMessage],
    ) -> StoreResult<i64> {
        erasure::restore(self, actor, now, id, tell).await
    }
    async fn list_trash(&self) -> StoreResult<Vec<TrashEntry>> {
        erasure::list_trash(self).await
    }
    async fn purge_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        kind: &'static str,
        digests: Vec<String>,
    ) -> StoreResult<(PurgeOutcome, i64)> {
        erasure::purge(self, actor, now, id, kind, digests).await
    }
    async fn holds_for(&self, id: &str, now: OffsetDateTime) -> StoreResult<Vec<Hold>> {
        let (person, _) = people::get_person_any(self, id).await?;
        erasure::holds_for(self, &person, now).await
    }
    async fn person_holds(&self, id: &str) -> StoreResult<Vec<Hold>> {
        erasure::person_holds(self, id).await
    }
    async fn get_person_any(&self, id: &str) -> StoreResult<(Person, Option<OffsetDateTime>)> {
        let (p, erased) = people::get_person_any(self, id).await?;
        Ok((p, erased.map(crate::time_codec::from_micros)))
    }
    async fn trash_due(&self, before: OffsetDateTime) -> StoreResult<Vec<String>> {
        erasure::trash_due(self, before).await
    }
    async fn holds_ended(&self, now: OffsetDateTime) -> StoreResult<Vec<String>> {
        erasure::holds_ended(self, now).await
    }
    async fn select_people(&self, selection: &Selection) -> StoreResult<Vec<String>> {
        erasure::select(self, selection).await
    }
    async fn prune_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        before: OffsetDateTime,
    ) -> StoreResult<(u64, i64)> {
        erasure::prune_messages(self, actor, now, before).await
    }
    async fn retention_candidates(&self, now: OffsetDateTime) -> StoreResult<Vec<String>> {
        erasure::retention_candidates(self, now).await
    }
    async fn drop_purpose_fields(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        purposes: &[String],
    ) -> StoreResult<(u64, i64)> {
        erasure::drop_purpose_fields(self, actor, now, id, purposes).await
    }
    async fn prunable_messages(&self, before: OffsetDateTime) -> StoreResult<u64> {
        erasure::prunable_messages(self, before).await
    }
    async fn record_retention_run(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        summary: serde_json::Value,
    ) -> StoreResult<i64> {
        erasure::record_retention_run(self, actor, now, summary).await
    }
    async fn reconcile_keyring(&self, created_before: OffsetDateTime) -> StoreResult<u64> {
        erasure::reconcile_keyring(self, created_before).await
    }
    async fn create_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        url: &str,
        events: &[String],
        secret: &str,
    ) -> StoreResult<(Webhook, i64)> {
        webhooks::create(self, actor, now, name, url, events, secret).await
    }
    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>> {
        webhooks::list(self).await
    }
    async fn disable_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<i64> {
        webhooks::disable(self, actor, now, id).await
    }
    async fn queue_notices(&self, now: OffsetDateTime) -> StoreResult<u64> {
        webhooks::queue_notices(self, now).await
    }
    async fn claim_deliveries(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<(WebhookDelivery, String, String)>> {
        webhooks::claim(self, now, lease, limit).await
    }
    async fn finish_delivery(
        &self,
        now: OffsetDateTime,
        id: &str,
        status: Option<i64>,
        error: Option<String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<()> {
        webhooks::finish(self, now, id, status, error, retry_at).await
    }
    async fn list_deliveries(&self, webhook: &str) -> StoreResult<Vec<WebhookDelivery>> {
        webhooks::deliveries(self, webhook).await
    }
}
