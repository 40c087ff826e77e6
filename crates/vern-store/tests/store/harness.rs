//! A fresh, migrated and claimed store per story, on each backend.

use tempfile::TempDir;
use time::OffsetDateTime;
use time::macros::datetime;
use vern_core::{
    ChannelSet, ControllerId, IdentifierDigest, IdentifierKind, LegalBasis, Purpose, PurposeKey,
    Retention,
};
use vern_store::master_key::MasterKey;
use vern_store::model::{Person, PersonInput, Profile, PurposeRecord};
use vern_store::store::{AdminStore, ControllerStore, LedgerStore, PeopleStore};
use vern_store::{Actor, Dialect, InstallationKeys, Location, SqlStore};

/// The instant the stories start at.
pub(crate) const T0: OffsetDateTime = datetime!(2026-03-02 09:00 UTC);

/// A store of its own for one story.
pub(crate) struct Ctx {
    /// The store.
    pub(crate) store: SqlStore,
    /// Who writes.
    pub(crate) actor: Actor,
    /// The default controller the claim created.
    pub(crate) controller: ControllerId,
    /// The SQLite files (and nothing for PostgreSQL).
    _dir: TempDir,
    /// The PostgreSQL server's URL and the database made for this story.
    pg: Option<(String, String)>,
}

/// Run `story` on SQLite, then on PostgreSQL when `VERN_TEST_POSTGRES_URL` is set.
pub(crate) async fn on_each_backend(story: impl AsyncFn(&Ctx)) {
    let mut backends = vec![Dialect::Sqlite];
    if std::env::var("VERN_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        backends.push(Dialect::Postgres);
    }
    for dialect in backends {
        let ctx = Ctx::new(dialect).await;
        story(&ctx).await;
        ctx.finish().await;
    }
}

impl Ctx {
    async fn new(dialect: Dialect) -> Ctx {
        let dir = tempfile::tempdir().unwrap();
        let (url, pg) = match dialect {
            Dialect::Sqlite => (
                format!("sqlite://{}", dir.path().join("vern.db").display()),
                None,
            ),
            Dialect::Postgres => {
                let admin = std::env::var("VERN_TEST_POSTGRES_URL").unwrap();
                let name = format!("vern_s_{}", uuid::Uuid::now_v7().simple());
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .expect("VERN_TEST_POSTGRES_URL is set but PostgreSQL cannot be reached");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                (database_url(&admin, &name), Some((admin, name)))
            }
        };
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let master = MasterKey {
            bytes,
            pending_file: None,
        };
        let location = Location::parse(&url, None).unwrap();
        let store = SqlStore::open(location, InstallationKeys::derive(&master.bytes))
            .await
            .unwrap();
        assert_eq!(store.dialect(), dialect);
        store.migrate().await.unwrap();
        store.claim(&master, T0).await.unwrap();
        Ctx {
            store,
            actor: Actor::Cli,
            controller: ControllerId(1),
            _dir: dir,
            pg,
        }
    }

    async fn finish(self) {
        self.store.close().await;
        if let Some((admin, name)) = &self.pg {
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin)
                .await
                .unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }

    /// The sequence number of the last ledger entry.
    pub(crate) async fn head(&self) -> i64 {
        self.store.ledger_head().await.unwrap()
    }

    /// The kinds of the entries written after `seq`, oldest first.
    pub(crate) async fn kinds_after(&self, seq: i64) -> Vec<String> {
        self.store
            .ledger_after(seq, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    /// The chain verifies, every entry checked.
    pub(crate) async fn assert_chain_intact(&self) {
        let verified = self.store.verify_ledger().await.unwrap();
        assert_eq!(verified.broken, None, "{verified:?}");
        assert_eq!(verified.checked, self.head().await);
    }

    /// The digest of a phone number (E.164) under this installation's key.
    pub(crate) fn phone(&self, e164: &str) -> (IdentifierKind, IdentifierDigest) {
        (
            IdentifierKind::Phone,
            self.store.keys().digest().digest("phone", e164),
        )
    }

    /// A person of the default controller with one phone number.
    pub(crate) async fn person(&self, name: &str, e164: &str) -> Person {
        let input = PersonInput {
            profile: Profile {
                name: name.to_owned(),
                phones: vec![e164.to_owned()],
                ..Profile::default()
            },
            digests: vec![self.phone(e164)],
            lists: vec!["customers".to_owned()],
            business_contact: None,
            source: Default::default(),
        };
        let (person, _) = self
            .store
            .create_person(&self.actor, T0, self.controller, &input)
            .await
            .unwrap();
        person
    }
}

impl Ctx {
    /// Declare a purpose of the default controller.
    pub(crate) async fn purpose(
        &self,
        key: &str,
        legal_basis: LegalBasis,
        retention: Option<Retention>,
        holds_fields: &[&str],
    ) {
        let record = PurposeRecord {
            controller: self.controller,
            purpose: Purpose {
                key: PurposeKey::parse(key).unwrap(),
                name: key.to_owned(),
                legal_basis,
                direct_marketing: legal_basis == LegalBasis::Consent,
                channels: ChannelSet::ALL,
                retention,
                description: String::new(),
                dk_telemarketing_exception: false,
                product_category: None,
                retention_from: None,
            },
            processors: Vec::new(),
            recipients: Vec::new(),
            data_source: None,
            holds_fields: holds_fields.iter().map(|f| (*f).to_owned()).collect(),
            created_at: T0,
            updated_at: T0,
        };
        self.store
            .save_purpose(&self.actor, T0, &record, true)
            .await
            .unwrap();
    }
}

/// `url` with its database replaced by `name`.
fn database_url(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let host = match base[host_start..].find('/') {
        Some(i) => &base[..host_start + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    }
}

/// A message to queue, in English, by e-mail.
pub(crate) fn message(template: &str) -> vern_store::model::NewMessage {
    vern_store::model::NewMessage {
        from: None,
        channel: "email".to_owned(),
        to: "kim@example.se".to_owned(),
        subject: format!("About your {template}"),
        body: "Hello".to_owned(),
        template: template.to_owned(),
        language: "en".to_owned(),
    }
}
