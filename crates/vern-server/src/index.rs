//! The in-memory view the contact decision reads: suppressions by digest, the people each
//! controller holds, controllers and purposes. Built at start-up and kept current by the
//! [`Follower`](crate::follower::Follower); checks never touch the database.
//!
//! Suppressions are keyed by the first 64 bits of the 128-bit keyed digest. Most identifiers
//! carry one of a handful of distinct suppression sets (an objection for all controllers on
//! every channel, a block-list entry…), so each digest maps to a 4-byte id of an interned set:
//! a table entry is 12 bytes of payload. Two different identifiers share a 64-bit prefix with
//! probability about n/2^64 per lookup (5 million entries: 3·10^-13); a collision can only make
//! the answer stricter (deny), never let a suppressed person through.

use crate::fptable::FpTable;
use std::collections::HashMap;
use std::sync::Arc;
use vern_core::objection::Suppression;
use vern_core::register::{Register, RegisterVersion};
use vern_core::{
    ChannelSet, ContactState, ControllerFacts, ControllerId, IdentifierDigest, PersonFacts,
    Purpose, Region, RuleSet,
};
use vern_store::model::{
    Controller, ControllerTerms, ControllerTermsRecord, PurposeRecord, RegisterVersionRecord,
};

/// What handlers need to know about a controller.
#[derive(Debug, Clone)]
pub struct ControllerView {
    /// The stored controller.
    pub record: Controller,
    /// Its default phone region.
    pub region: Option<Region>,
    /// Its financial year and customer exemption periods (the defaults when it set none).
    pub terms: ControllerTerms,
}

impl ControllerView {
    /// The facts the decision reads.
    pub fn facts(&self) -> ControllerFacts {
        ControllerFacts {
            id: self.record.id,
            rules: self.record.rules,
            customer_terms: self.terms.customer,
            country: self.record.country,
        }
    }

    /// The time zone of the controller's calendar (the one it set, else its country's; UTC
    /// without either): deadlines count days there, in the API and the staff UI alike.
    pub fn zone(&self) -> vern_core::zone::Zone {
        self.record.zone()
    }
}

/// The suppression table: digest prefix → id of an interned set of suppressions.
#[derive(Debug, Default)]
pub struct SuppressionTable {
    by_fp: FpTable<u32>,
    sets: Vec<Box<[Suppression]>>,
    set_ids: HashMap<Box<[Suppression]>, u32>,
    singles: HashMap<Suppression, u32>,
    last_single: Option<(Suppression, u32)>,
}

impl SuppressionTable {
    /// An empty table sized for `n` digests.
    pub fn with_capacity(n: usize) -> SuppressionTable {
        let mut table = SuppressionTable {
            by_fp: FpTable::with_capacity(n),
            ..SuppressionTable::default()
        };
        table.intern(Vec::new());
        table
    }

    fn intern(&mut self, mut set: Vec<Suppression>) -> u32 {
        set.sort_unstable();
        set.dedup();
        let set = set.into_boxed_slice();
        if let Some(id) = self.set_ids.get(&set) {
            return *id;
        }
        let id = u32::try_from(self.sets.len()).unwrap_or(u32::MAX);
        self.sets.push(set.clone());
        self.set_ids.insert(set, id);
        id
    }

    /// The suppressions of a digest.
    pub fn get(&self, digest: &IdentifierDigest) -> &[Suppression] {
        match self.by_fp.get(digest.fingerprint()) {
            Some(id) => self.sets.get(id as usize).map_or(&[], |s| &s[..]),
            None => &[],
        }
    }

    /// The id of the set holding just this suppression.
    fn single(&mut self, suppression: Suppression) -> u32 {
        if let Some((last, id)) = self.last_single
            && last == suppression
        {
            return id;
        }
        let id = match self.singles.get(&suppression) {
            Some(id) => *id,
            None => {
                let id = self.intern(vec![suppression]);
                self.singles.insert(suppression, id);
                id
            }
        };
        self.last_single = Some((suppression, id));
        id
    }

    /// Add one suppression to a digest's set.
    pub fn add(&mut self, digest: &IdentifierDigest, suppression: Suppression) {
        let fp = digest.fingerprint();
        // The common case when loading millions: a digest's first suppression, of the same kind
        // as the one before. One probe, no allocation, no hashing.
        let single = self.single(suppression);
        let (id, stored) = self.by_fp.get_or_insert(fp, single);
        if stored {
            return;
        }
        let Some(current) = self.sets.get(id as usize) else {
            self.by_fp.insert(fp, single);
            return;
        };
        if current.contains(&suppression) {
            return;
        }
        let mut set: Vec<Suppression> = current.to_vec();
        set.push(suppression);
        let id = self.intern(set);
        self.by_fp.insert(fp, id);
    }

    /// Replace a digest's set with exactly these suppressions (none removes it).
    pub fn replace(&mut self, digest: &IdentifierDigest, suppressions: Vec<Suppression>) {
        let fp = digest.fingerprint();
        if suppressions.is_empty() {
            self.by_fp.remove(fp);
        } else {
            let id = self.intern(suppressions);
            self.by_fp.insert(fp, id);
        }
    }

    /// How many digests are suppressed.
    pub fn len(&self) -> usize {
        self.by_fp.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.by_fp.is_empty()
    }

    /// Heap bytes of the digest table (the interned sets are few and small).
    pub fn heap_bytes(&self) -> usize {
        self.by_fp.heap_bytes()
    }

    /// Trim the table to its entries after a bulk load.
    pub fn compact(&mut self) {
        self.by_fp.compact();
    }

    /// Make room for `more` digests at once (a bulk load).
    pub fn reserve(&mut self, more: usize) {
        self.by_fp.reserve(more);
    }
}

/// The people who hold one identifier: nearly always one, kept without a vector so that a
/// check reaches the person with one pointer fewer to chase.
#[derive(Debug)]
enum Holders {
    One(Arc<PersonFacts>),
    Many(Vec<Arc<PersonFacts>>),
}

impl Holders {
    fn as_slice(&self) -> &[Arc<PersonFacts>] {
        match self {
            Holders::One(p) => std::slice::from_ref(p),
            Holders::Many(v) => v,
        }
    }

    fn push(&mut self, person: Arc<PersonFacts>) {
        match self {
            Holders::One(first) => *self = Holders::Many(vec![Arc::clone(first), person]),
            Holders::Many(v) => v.push(person),
        }
    }

    /// Drop `person`; whether none is left.
    fn remove(&mut self, person: &Arc<PersonFacts>) -> bool {
        match self {
            Holders::One(p) => Arc::ptr_eq(p, person),
            Holders::Many(v) => {
                v.retain(|p| !Arc::ptr_eq(p, person));
                v.is_empty()
            }
        }
    }
}

/// File `facts` under each of its digests.
fn hold_digests(
    map: &mut HashMap<(ControllerId, u64), Holders, FpBuild>,
    controller: ControllerId,
    facts: &Arc<PersonFacts>,
) {
    for d in &facts.digests {
        match map.entry((controller, d.fingerprint())) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                e.get_mut().push(Arc::clone(facts));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Holders::One(Arc::clone(facts)));
            }
        }
    }
}

/// The people of a start-up scan as they are read, for [`RegisterIndex::set_people`]: each
/// person's facts already shared, the maps not yet made.
#[derive(Debug, Default)]
pub(crate) struct GatheredPeople {
    ids: Vec<String>,
    held: Vec<(ControllerId, Arc<PersonFacts>)>,
    /// The digests of all of them, to size the map by identifier.
    digests: usize,
}

impl vern_store::store::PeopleSink for GatheredPeople {
    fn expect(&mut self, n: usize) {
        self.ids.reserve(n);
        self.held.reserve(n);
    }

    fn add(&mut self, p: vern_store::model::PersonIndexFacts) {
        self.digests += p.facts.digests.len();
        self.ids.push(p.id);
        self.held.push((p.controller, Arc::new(p.facts)));
    }
}

/// Hashes the `(controller, fingerprint)` keys of the people map. A fingerprint is keyed BLAKE3
/// output, uniformly random and beyond a caller's choosing, so folding the controller into it
/// is a good hash already; SipHash would only add time to every check.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FpHasher(u64);

impl std::hash::Hasher for FpHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(32) ^ n;
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(u64::from_ne_bytes(n.to_ne_bytes()));
    }
}

pub(crate) type FpBuild = std::hash::BuildHasherDefault<FpHasher>;

/// How many questions to [`RegisterIndex::touch`] before deciding them: enough misses in flight
/// to keep the memory system busy, few enough that their lines are still cached when decided.
pub(crate) const TOUCH_GROUP: usize = 32;

/// Everything the decision reads, in memory.
#[derive(Debug, Default)]
pub struct RegisterIndex {
    /// Suppressions by digest.
    pub suppressions: SuppressionTable,
    people_by_digest: HashMap<(ControllerId, u64), Holders, FpBuild>,
    people: HashMap<String, (ControllerId, Arc<PersonFacts>), foldhash::fast::RandomState>,
    // The configuration maps are read by every check and written only by staff: foldhash (seeded
    // per process) rather than SipHash, whose hashing cost more than the rest of these lookups.
    controllers: HashMap<ControllerId, ControllerView, foldhash::fast::RandomState>,
    controller_keys: HashMap<String, ControllerId, foldhash::fast::RandomState>,
    purposes: HashMap<
        ControllerId,
        HashMap<String, Arc<Purpose>, foldhash::fast::RandomState>,
        foldhash::fast::RandomState,
    >,
    /// The first controller created, which a check without a controller asks about.
    default_controller: Option<ControllerId>,
    registers: HashMap<Register, RegisterVersionRecord>,
    register_listings: HashMap<Register, FpTable<ChannelSet>>,
}

impl RegisterIndex {
    /// Replace the controllers.
    pub fn set_controllers(
        &mut self,
        controllers: Vec<Controller>,
        terms: Vec<ControllerTermsRecord>,
    ) {
        self.controllers.clear();
        self.controller_keys.clear();
        let terms: HashMap<ControllerId, ControllerTerms> =
            terms.into_iter().map(|t| (t.controller, t.terms)).collect();
        for c in controllers {
            self.controller_keys.insert(c.key.clone(), c.id);
            let region = c.default_region.parse().ok();
            let terms = terms.get(&c.id).copied().unwrap_or_default();
            self.controllers.insert(
                c.id,
                ControllerView {
                    record: c,
                    region,
                    terms,
                },
            );
        }
        self.default_controller = self.controllers.keys().min().copied();
    }

    /// Replace the purposes.
    pub fn set_purposes(&mut self, purposes: Vec<PurposeRecord>) {
        self.purposes.clear();
        for p in purposes {
            self.purposes
                .entry(p.controller)
                .or_default()
                .insert(p.purpose.key.as_str().to_owned(), Arc::new(p.purpose));
        }
    }

    /// A controller by key, or by number written as text.
    pub fn controller(&self, key: &str) -> Option<&ControllerView> {
        let id = self
            .controller_keys
            .get(key)
            .copied()
            .or_else(|| key.parse().ok().map(ControllerId))?;
        self.controllers.get(&id)
    }

    /// A controller by id.
    pub fn controller_by_id(&self, id: ControllerId) -> Option<&ControllerView> {
        self.controllers.get(&id)
    }

    /// The default controller: the first one created.
    pub fn default_controller(&self) -> Option<&ControllerView> {
        self.controllers.get(&self.default_controller?)
    }

    /// All controllers.
    pub fn controllers(&self) -> impl Iterator<Item = &ControllerView> {
        self.controllers.values()
    }

    /// A purpose of a controller.
    pub fn purpose(&self, controller: ControllerId, key: &str) -> Option<&Arc<Purpose>> {
        self.purposes.get(&controller)?.get(key)
    }

    /// Set one person's facts (or remove them with `None`).
    pub fn set_person(&mut self, id: &str, fact: Option<(ControllerId, PersonFacts)>) {
        match fact {
            Some((controller, facts)) => self.insert_person(id.to_owned(), controller, facts),
            None => {
                if let Some((controller, old)) = self.people.remove(id) {
                    self.forget_digests(controller, &old);
                }
            }
        }
    }

    fn forget_digests(&mut self, controller: ControllerId, old: &Arc<PersonFacts>) {
        for d in &old.digests {
            let key = (controller, d.fingerprint());
            if let Some(holders) = self.people_by_digest.get_mut(&key)
                && holders.remove(old)
            {
                self.people_by_digest.remove(&key);
            }
        }
    }

    /// Hold a person's facts, in place of any held before under the same id.
    fn insert_person(&mut self, id: String, controller: ControllerId, facts: PersonFacts) {
        let facts = Arc::new(facts);
        hold_digests(&mut self.people_by_digest, controller, &facts);
        if let Some((controller, old)) = self.people.insert(id, (controller, facts)) {
            self.forget_digests(controller, &old);
        }
    }

    /// Hold the people a start-up scan gathered, in place of any held: both maps made at their
    /// final size and filled side by side, the one by identifier on a thread of its own.
    /// Blocking: a second of work for a million people.
    pub(crate) fn set_people(&mut self, gathered: GatheredPeople) {
        let GatheredPeople { ids, held, digests } = gathered;
        let mut people: HashMap<_, _, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        let mut by_digest: HashMap<_, _, FpBuild> =
            HashMap::with_capacity_and_hasher(digests, FpBuild::default());
        std::thread::scope(|s| {
            s.spawn(|| {
                for (controller, facts) in &held {
                    hold_digests(&mut by_digest, *controller, facts);
                }
            });
            // The ids of a scan are distinct (the table's key), so none replaces another.
            for (id, (controller, facts)) in ids.into_iter().zip(&held) {
                people.insert(id, (*controller, Arc::clone(facts)));
            }
        });
        self.people = people;
        self.people_by_digest = by_digest;
    }

    /// Take the people of `other` (built apart, on another thread) in place of these.
    pub(crate) fn take_people(&mut self, other: RegisterIndex) {
        self.people = other.people;
        self.people_by_digest = other.people_by_digest;
    }

    /// Read the slots `decide` will read for these identifiers, without deciding. Done for many
    /// questions in a row before deciding them, their cache misses overlap instead of each
    /// waiting for the last (the table is far larger than the caches).
    pub fn touch(&self, controller: ControllerId, probes: &[vern_core::IdentifierProbe]) {
        for probe in probes {
            std::hint::black_box(self.suppressions.get(&probe.digest).len());
            std::hint::black_box(ContactState::people(self, controller, &probe.digest).len());
        }
    }

    /// How many people are held.
    pub fn people_count(&self) -> usize {
        self.people.len()
    }

    /// Replace a register with a version whose table is already built.
    pub fn swap_register(&mut self, version: RegisterVersionRecord, map: FpTable<ChannelSet>) {
        let register = version.register;
        self.registers.insert(register, version);
        self.register_listings.insert(register, map);
    }

    /// The version of each register in force.
    pub fn register_versions(&self) -> impl Iterator<Item = &RegisterVersionRecord> {
        self.registers.values()
    }

    /// The rules of a controller.
    pub fn rules(&self, controller: ControllerId) -> RuleSet {
        self.controllers
            .get(&controller)
            .map_or(RuleSet::EMPTY, |c| c.record.rules)
    }
}

impl ContactState for RegisterIndex {
    fn suppressions(&self, digest: &IdentifierDigest) -> &[Suppression] {
        self.suppressions.get(digest)
    }

    fn people(&self, controller: ControllerId, digest: &IdentifierDigest) -> &[Arc<PersonFacts>] {
        self.people_by_digest
            .get(&(controller, digest.fingerprint()))
            .map_or(&[], Holders::as_slice)
    }

    fn register_version(&self, register: Register) -> Option<RegisterVersion> {
        self.registers.get(&register).map(|r| RegisterVersion {
            version_date: r.version_date,
        })
    }

    fn register_listing(
        &self,
        register: Register,
        digest: &IdentifierDigest,
    ) -> Option<ChannelSet> {
        self.register_listings
            .get(&register)?
            .get(digest.fingerprint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vern_core::DigestKey;
    use vern_core::objection::{ObjectionSourceKind, Scope, SuppressionSource};

    #[test]
    fn people_sharing_an_identifier_come_and_go() {
        let key = DigestKey::derive(&[2; 32]);
        let shared = key.digest("email", "family@example.se");
        let own = key.digest("phone", "+46701234567");
        let c = ControllerId(1);
        let facts = |digests: Vec<IdentifierDigest>| PersonFacts {
            restricted: false,
            consents: Vec::new(),
            digests,
            ..PersonFacts::default()
        };
        let mut index = RegisterIndex::default();
        index.set_person("a", Some((c, facts(vec![shared, own]))));
        index.set_person("b", Some((c, facts(vec![shared]))));
        assert_eq!(ContactState::people(&index, c, &shared).len(), 2);
        assert_eq!(ContactState::people(&index, c, &own).len(), 1);
        assert!(ContactState::people(&index, ControllerId(2), &shared).is_empty());
        index.set_person("a", None);
        assert_eq!(ContactState::people(&index, c, &shared).len(), 1);
        assert!(ContactState::people(&index, c, &own).is_empty());
        index.set_person("b", Some((c, facts(vec![own]))));
        assert!(ContactState::people(&index, c, &shared).is_empty());
        assert_eq!(ContactState::people(&index, c, &own).len(), 1);
        assert_eq!(index.people_count(), 1);
    }

    #[test]
    fn table_adds_replaces_and_interns() {
        let key = DigestKey::derive(&[1; 32]);
        let mut t = SuppressionTable::with_capacity(10);
        let a = key.digest("phone", "+46701234567");
        let b = key.digest("phone", "+46701234568");
        let s1 = Suppression {
            scope: Scope::All,
            channels: ChannelSet::ALL,
            source: SuppressionSource::Blocklist,
        };
        let s2 = Suppression {
            scope: Scope::Controller(ControllerId(2)),
            channels: ChannelSet::ALL,
            source: SuppressionSource::Objection(ObjectionSourceKind::Sms),
        };
        t.add(&a, s1);
        t.add(&b, s1);
        t.add(&a, s1);
        assert_eq!(t.get(&a), &[s1]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.sets.len(), 2, "the empty set and one shared set");
        t.add(&a, s2);
        assert_eq!(t.get(&a).len(), 2);
        assert_eq!(t.get(&b), &[s1]);
        t.replace(&a, vec![]);
        assert!(t.get(&a).is_empty());
        assert_eq!(t.len(), 1);
    }
}
