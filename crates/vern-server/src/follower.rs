//! Following the ledger: every server process keeps its in-memory views current by reading
//! the entries written since it last looked, its own and other servers'. A write is
//! acknowledged only after the local views reflect it ([`Follower::sync_to`]), so a caller's
//! own write is visible to its next check; other servers see it within one poll interval.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use vern_core::{ChannelSet, IdentifierDigest};

use crate::fptable::FpTable;
use vern_store::model::{IndexedSuppression, PersonIndexFacts};
use vern_store::{LedgerEntry, LedgerEvent, Store, StoreResult};

use crate::index::{GatheredPeople, RegisterIndex, SuppressionTable};
use crate::key_cache::KeyCache;

/// The views kept current from the ledger.
#[derive(Debug)]
pub struct Follower {
    store: Arc<dyn Store>,
    applied: AtomicI64,
    gate: Mutex<()>,
    index: RwLock<RegisterIndex>,
    /// Whether the index holds the people (see [`Follower::without_people`]).
    people: bool,
    /// Authenticated API keys.
    pub keys: KeyCache,
}

/// What the entries of one batch ask to reload.
#[derive(Default)]
struct Work {
    controllers: bool,
    purposes: bool,
    people: BTreeSet<String>,
    digests: BTreeSet<IdentifierDigest>,
    batches: Vec<String>,
    registers: BTreeSet<vern_core::register::Register>,
}

impl Work {
    fn add_digests(&mut self, hex: &[String]) {
        self.digests
            .extend(hex.iter().filter_map(|d| IdentifierDigest::from_hex(d)));
    }
}

impl Follower {
    /// A follower that has applied nothing yet; call [`Follower::start`] before serving.
    pub fn new(store: Arc<dyn Store>) -> Follower {
        Follower {
            store,
            applied: AtomicI64::new(0),
            gate: Mutex::new(()),
            index: RwLock::new(RegisterIndex::default()),
            people: true,
            keys: KeyCache::default(),
        }
    }

    /// A follower whose index holds no people: controllers, purposes, suppressions and
    /// registers only. For a process that answers no contact question (`vern import people`):
    /// a million people would cost it a gigabyte, and every batch a re-read of the people it
    /// wrote, for an index nobody asks. The server answering checks follows the ledger itself.
    pub fn without_people(store: Arc<dyn Store>) -> Follower {
        Follower {
            people: false,
            ..Follower::new(store)
        }
    }

    /// Read access to the index. Hold it briefly: never across an await.
    pub fn index(&self) -> RwLockReadGuard<'_, RegisterIndex> {
        self.index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write_index(&self, f: impl FnOnce(&mut RegisterIndex)) {
        let mut guard = self
            .index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard);
    }

    /// Build the views from the current state of the database.
    pub async fn start(&self) -> StoreResult<()> {
        let _gate = self.gate.lock().await;
        let started = Instant::now();
        // The head first: entries after it are applied again by catch_up, and every
        // application is idempotent, so nothing written meanwhile is missed.
        let head = self.store.ledger_head().await?;
        // The people, the largest part, are read and indexed on another task meanwhile (none
        // for a follower without people).
        let people = self.people.then(|| {
            let store = Arc::clone(&self.store);
            tokio::spawn(async move {
                let started = Instant::now();
                let mut gathered = GatheredPeople::default();
                store.person_facts(None, &mut gathered).await?;
                let part = tokio::task::spawn_blocking(move || {
                    let mut part = RegisterIndex::default();
                    part.set_people(gathered);
                    part
                })
                .await
                .map_err(|e| vern_store::StoreError::Other(e.to_string()))?;
                Ok::<_, vern_store::StoreError>((part, started.elapsed()))
            })
        });
        let mut index = RegisterIndex::default();
        index.set_controllers(
            self.store.list_controllers().await?,
            self.store.list_controller_terms().await?,
        );
        index.set_purposes(self.store.list_purposes(None).await?);
        let controllers_ms = started.elapsed().as_millis() as u64;
        let hint = self.store.suppression_count_hint().await?;
        let mut table = SuppressionTable::with_capacity(usize::try_from(hint).unwrap_or(0));
        self.store
            .stream_suppressions(None, &mut |s: IndexedSuppression| {
                table.add(&s.digest, s.suppression);
            })
            .await?;
        table.compact();
        index.suppressions = table;
        let suppressions_ms = started.elapsed().as_millis() as u64 - controllers_ms;
        for version in self.store.current_register_versions().await? {
            let table = self.register_table(&version).await?;
            index.swap_register(version, table);
        }
        let registers_ms = started.elapsed().as_millis() as u64 - controllers_ms - suppressions_ms;
        let mut people_took = Duration::ZERO;
        if let Some(people) = people {
            let (part, took) = people
                .await
                .map_err(|e| vern_store::StoreError::Other(e.to_string()))??;
            index.take_people(part);
            people_took = took;
        }
        tracing::info!(
            suppressions = index.suppressions.len(),
            people = index.people_count(),
            millis = started.elapsed().as_millis() as u64,
            controllers_ms,
            suppressions_ms,
            registers_ms,
            people_ms = people_took.as_millis() as u64,
            "index built"
        );
        self.write_index(|i| *i = index);
        self.keys.clear();
        self.applied.store(head, Ordering::SeqCst);
        Ok(())
    }

    /// The last ledger entry the views reflect.
    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::SeqCst)
    }

    /// Make sure the views reflect at least entry `seq`.
    pub async fn sync_to(&self, seq: i64) -> StoreResult<()> {
        if self.applied() >= seq {
            return Ok(());
        }
        self.catch_up().await
    }

    /// Apply every entry written since the last call.
    pub async fn catch_up(&self) -> StoreResult<()> {
        let _gate = self.gate.lock().await;
        loop {
            let after = self.applied();
            let entries = self.store.ledger_after(after, 1_000).await?;
            let Some(last) = entries.last().map(|e| e.seq) else {
                return Ok(());
            };
            let mut work = Work::default();
            for entry in &entries {
                self.plan(entry, &mut work);
            }
            self.apply(work).await?;
            self.applied.store(last, Ordering::SeqCst);
        }
    }

    fn plan(&self, entry: &LedgerEntry, work: &mut Work) {
        match LedgerEvent::parse(&entry.kind, &entry.payload) {
            LedgerEvent::ControllerCreated(_)
            | LedgerEvent::ControllerUpdated(_)
            | LedgerEvent::ControllerTermsSet(_) => {
                work.controllers = true;
            }
            LedgerEvent::PurposeCreated(_) | LedgerEvent::PurposeUpdated(_) => {
                work.purposes = true;
            }
            LedgerEvent::ApiKeyRevoked(e) => self.keys.forget(&e.id),
            LedgerEvent::RegisterImported(e) => {
                work.registers.insert(e.register);
            }
            LedgerEvent::ObjectionRecorded(e) => work.add_digests(&e.digests),
            LedgerEvent::ObjectionWithdrawn(e) => work.add_digests(&e.digests),
            LedgerEvent::BlocklistAdded(e) => work.add_digests(&e.digests),
            LedgerEvent::BlocklistRemoved(e) => work.add_digests(&e.digests),
            LedgerEvent::SuppressionKept(e) => work.add_digests(&e.digests),
            LedgerEvent::BlocklistImported(e) => work.batches.push(e.batch),
            // Nothing in the in-memory views depends on these beyond their subject (a person's
            // facts are reloaded below for every entry that names one).
            LedgerEvent::ApiKeyCreated(_)
            | LedgerEvent::PersonCreated(_)
            | LedgerEvent::PersonUpdated(_)
            | LedgerEvent::ConsentGranted(_)
            | LedgerEvent::ConsentWithdrawn(_)
            | LedgerEvent::RestrictionPlaced(_)
            | LedgerEvent::RestrictionLifted(_)
            | LedgerEvent::PersonErased(_)
            | LedgerEvent::PersonRestored(_)
            | LedgerEvent::PersonPurged(_)
            | LedgerEvent::PersonAnonymized(_)
            | LedgerEvent::RetentionFieldsPurged(_)
            | LedgerEvent::RetentionMessagesPruned(_)
            | LedgerEvent::RequestReceived(_)
            | LedgerEvent::RequestVerificationRequested(_)
            | LedgerEvent::RequestVerified(_)
            | LedgerEvent::RequestExtended(_)
            | LedgerEvent::RequestCompleted(_)
            | LedgerEvent::RequestRejected(_)
            | LedgerEvent::RequestAssigned(_)
            | LedgerEvent::RequestLinked(_)
            | LedgerEvent::RequestNoted(_)
            | LedgerEvent::RequestFlagged(_)
            | LedgerEvent::MessageQueued(_)
            | LedgerEvent::MessageSent(_)
            | LedgerEvent::MessageRetrying(_)
            | LedgerEvent::MessageFailed(_)
            | LedgerEvent::ShareLinkCreated(_)
            | LedgerEvent::ShareLinkRevoked(_)
            | LedgerEvent::ActivityRecorded(_)
            | LedgerEvent::DealRecorded(_)
            | LedgerEvent::TodoRecorded(_)
            | LedgerEvent::WashCompleted(_)
            | LedgerEvent::UserCreated(_)
            | LedgerEvent::UserPreferencesChanged(_)
            | LedgerEvent::SessionStarted(_)
            | LedgerEvent::SessionEnded(_)
            | LedgerEvent::WebhookCreated(_)
            | LedgerEvent::WebhookDisabled(_)
            | LedgerEvent::ReportGenerated(_)
            | LedgerEvent::ShareLinkOpened(_)
            | LedgerEvent::PreferencesShown(_)
            | LedgerEvent::ExportDownloaded(_)
            | LedgerEvent::RetentionRun(_)
            // A relationship names its person: their facts are reloaded below.
            | LedgerEvent::CustomerRelationshipStarted(_)
            | LedgerEvent::CustomerRelationshipEnded(_)
            | LedgerEvent::BusinessContactSet(_)
            | LedgerEvent::SoftOptInRecorded(_)
            | LedgerEvent::CallRequestRecorded(_)
            | LedgerEvent::BreachOpened(_)
            | LedgerEvent::BreachUpdated(_)
            | LedgerEvent::BreachNotice(_)
            | LedgerEvent::SmsNumberSet(_)
            | LedgerEvent::SmsGatewaySet(_)
            | LedgerEvent::NoticeArt14Owed(_)
            | LedgerEvent::NoticeArt14Queued(_)
            | LedgerEvent::NoticeArt14Sent(_)
            | LedgerEvent::NoticeArt14Failed(_)
            | LedgerEvent::NoticeArt14Exempted(_)
            | LedgerEvent::NoticeArt14Requeued(_)
            | LedgerEvent::NoticeArt14TextSet(_)
            // An imported person's facts are reloaded below (the entry names them); a batch and
            // an export change no view.
            | LedgerEvent::PersonImported(_)
            | LedgerEvent::ImportBatch(_)
            | LedgerEvent::PeopleExported(_)
            | LedgerEvent::SmsOpened(_)
            | LedgerEvent::ProcessorCreated(_)
            | LedgerEvent::ProcessorUpdated(_)
            | LedgerEvent::RecordSettingsSet(_)
            // Names its person when it changed them: their facts are reloaded below.
            | LedgerEvent::SmsReceived(_)
            // The directory: a listing changes nothing, nor does the name index the decision.
            | LedgerEvent::PeopleListed(_)
            | LedgerEvent::NameIndexRebuilt(_)
            | LedgerEvent::Other { .. } => {}
        }
        if let Some(subject) = &entry.subject {
            work.people.insert(subject.clone());
        }
    }

    async fn apply(&self, work: Work) -> StoreResult<()> {
        if work.controllers {
            let controllers = self.store.list_controllers().await?;
            let terms = self.store.list_controller_terms().await?;
            self.write_index(|i| i.set_controllers(controllers, terms));
        }
        if work.purposes {
            let purposes = self.store.list_purposes(None).await?;
            self.write_index(|i| i.set_purposes(purposes));
        }
        if self.people && !work.people.is_empty() {
            let ids: Vec<String> = work.people.into_iter().collect();
            let mut found = Vec::new();
            self.store
                .person_facts(Some(&ids), &mut |p: PersonIndexFacts| found.push(p))
                .await?;
            self.write_index(|i| {
                for id in &ids {
                    i.set_person(id, None);
                }
                for p in found {
                    i.set_person(&p.id, Some((p.controller, p.facts)));
                }
            });
        }
        if !work.digests.is_empty() {
            let digests: Vec<IdentifierDigest> = work.digests.into_iter().collect();
            let records = self.store.suppressions_with(&digests, false).await?;
            let mut sets: std::collections::HashMap<
                IdentifierDigest,
                Vec<vern_core::objection::Suppression>,
            > = digests.iter().map(|d| (*d, Vec::new())).collect();
            for r in records {
                let s = r.as_indexed()?;
                sets.entry(s.digest).or_default().push(s.suppression);
            }
            self.write_index(|i| {
                for (digest, set) in sets {
                    i.suppressions.replace(&digest, set);
                }
            });
        }
        for register in work.registers {
            let versions = self.store.current_register_versions().await?;
            for version in versions.into_iter().filter(|v| v.register == register) {
                // Built outside the lock; swapped in at once.
                let table = self.register_table(&version).await?;
                self.write_index(|i| i.swap_register(version, table));
            }
        }
        for batch in work.batches {
            let mut collected = Vec::new();
            self.store
                .stream_suppressions(Some(&batch), &mut |s| collected.push(s))
                .await?;
            // Sized once for the whole import, then applied in slices so checks are never
            // held up for long.
            self.write_index(|i| i.suppressions.reserve(collected.len()));
            for chunk in collected.chunks(65_536) {
                self.write_index(|i| {
                    for s in chunk {
                        i.suppressions.add(&s.digest, s.suppression);
                    }
                });
            }
        }
        Ok(())
    }

    /// A register version's listing table, read from its packed chunks.
    async fn register_table(
        &self,
        version: &vern_store::model::RegisterVersionRecord,
    ) -> StoreResult<FpTable<ChannelSet>> {
        let mut table = FpTable::with_capacity(usize::try_from(version.entries).unwrap_or(0));
        self.store
            .stream_packed(&version.id, &mut |digests, channels| {
                let bits = channels.unwrap_or(&[]);
                for (i, chunk) in digests.chunks_exact(16).enumerate() {
                    if let Some(d) = IdentifierDigest::from_slice(chunk) {
                        let fp = d.fingerprint();
                        let add = ChannelSet::from_bits(bits.get(i).copied().unwrap_or(0));
                        let merged = table.get(fp).unwrap_or(ChannelSet::EMPTY).union(add);
                        table.insert(fp, merged);
                    }
                }
            })
            .await?;
        Ok(table)
    }

    /// Poll the ledger until `shutdown` resolves.
    pub async fn run(
        self: Arc<Self>,
        interval: Duration,
        shutdown: tokio::sync::watch::Receiver<bool>,
    ) {
        let mut rounds = crate::jobs::Rounds::new(tokio::time::interval(interval), shutdown);
        while rounds.next().await {
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = %e, "could not read new ledger entries");
            }
        }
    }
}
