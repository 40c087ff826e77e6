//! The contact check over an index of 5 000 000 suppressions (issue 3): memory of the index per
//! entry, the time to build it, and the latency of `decide` and of the whole per-identifier path
//! a check takes (phone parsing, keyed digest, decision), in process.
//!
//! ```sh
//! cargo bench -p vern-server --bench check
//! ```
//!
//! `VERN_BENCH_N` changes the number of suppressions (default 5 000 000), `VERN_BENCH_CALLS` the
//! number of timed calls per row (default 1 000 000). The HTTP side is `bench/check-http.sh`.
//!
//! Memory is counted, not estimated: the global allocator of this binary is the system
//! allocator wrapped in a counter (`cap`), and the figure is the bytes allocated and still live
//! after the build, less those live before it. The counter costs two uncontended atomic
//! additions per allocation and free; the table prints what one allocation and free costs here.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use cap::Cap;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::alloc::System;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::macros::datetime;
use vern_core::consent::{ConsentAction, ConsentFact};
use vern_core::identifier::phone_digest;
use vern_core::objection::{Scope, Suppression, SuppressionSource};
use vern_core::{
    Channel, ChannelSet, ContactRequest, ControllerFacts, ControllerId, CustomerTerms, DigestKey,
    Identifier, IdentifierDigest, IdentifierKind, IdentifierProbe, LegalBasis, PersonFacts,
    PhoneNumber, Purpose, PurposeKey, Region, RuleSet, decide,
};
use vern_server::{FpTable, RegisterIndex, SuppressionTable};

#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, usize::MAX);

/// Swedish mobile numbers are `+46 7[02369]` and seven more digits: 5·10^7 of them. Number `n`
/// of that space is prefix `n / 10^7`, subscriber `n % 10^7`.
const SPACE: u32 = 50_000_000;
const MOBILE: [u8; 5] = *b"02369";
/// How many people of the controller hold consents (and so sit in the people index).
const PEOPLE: usize = 100_000;

fn e164_into(n: u32, out: &mut String) {
    out.clear();
    let prefix = MOBILE[(n / 10_000_000) as usize] as char;
    let _ = write!(out, "+467{prefix}{:07}", n % 10_000_000);
}

fn e164(n: u32) -> String {
    let mut s = String::with_capacity(16);
    e164_into(n, &mut s);
    s
}

/// The way people type it: `070-123 45 67`.
fn national(n: u32) -> String {
    let prefix = MOBILE[(n / 10_000_000) as usize] as char;
    let rest = n % 10_000_000;
    format!(
        "07{prefix}-{:03} {:02} {:02}",
        rest / 10_000,
        rest / 100 % 100,
        rest % 100
    )
}

/// `count` distinct random numbers of the space.
fn distinct_numbers(rng: &mut StdRng, count: usize) -> Vec<u32> {
    assert!(
        count <= SPACE as usize / 2,
        "too many numbers for the space"
    );
    let mut seen = vec![0u64; (SPACE as usize).div_ceil(64)];
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let n = rng.gen_range(0..SPACE);
        let (word, bit) = ((n / 64) as usize, n % 64);
        if seen[word] & (1 << bit) == 0 {
            seen[word] |= 1 << bit;
            out.push(n);
        }
    }
    out
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace(['_', ' '], "").parse().ok())
        .unwrap_or(default)
}

fn live() -> usize {
    ALLOC.allocated()
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// VmRSS and VmHWM of this process, from /proc (Linux only; zeros elsewhere).
fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// How calls are timed: each call alone (`group == 1`) when reading the clock is cheap
/// against the call, else in groups of `group` consecutive calls whose time is divided evenly.
#[derive(Debug, Clone, Copy)]
struct Timer {
    group: usize,
    /// Median time of an empty timed region: two clock reads.
    floor_ns: f64,
}

impl Timer {
    fn calibrate() -> Timer {
        let mut samples = Vec::with_capacity(1_000_000);
        for _ in 0..1_000_000 {
            let t0 = Instant::now();
            let t1 = Instant::now();
            samples.push((t1 - t0).as_nanos() as u32);
        }
        samples.sort_unstable();
        let floor_ns = f64::from(samples[samples.len() / 2]);
        // Individual timing is honest when a clock read costs far less than the calls timed
        // (the cheapest rows here take 50-100 ns); a slow clock (no vDSO, a trapping TSC)
        // would swamp them.
        let group = if floor_ns <= 60.0 { 1 } else { 32 };
        Timer { group, floor_ns }
    }

    /// Time `f` over every input: per-call samples, and the mean of one untimed-per-call pass.
    fn run<T, R>(&self, label: &str, inputs: &[T], mut f: impl FnMut(&T) -> R) -> Row {
        let warm = inputs.len().min(100_000);
        for x in &inputs[..warm] {
            black_box(f(black_box(x)));
        }
        // One pass with a single pair of clock reads: the mean without clock overhead.
        let t0 = Instant::now();
        for x in inputs {
            black_box(f(black_box(x)));
        }
        let batch_mean = t0.elapsed().as_nanos() as f64 / inputs.len() as f64;
        // The same calls, timed one by one (or in small groups).
        let mut samples: Vec<f64> = Vec::with_capacity(inputs.len() / self.group + 1);
        for chunk in inputs.chunks(self.group) {
            let t0 = Instant::now();
            for x in chunk {
                // The result is dropped inside the timed region: freeing it is part of a call.
                black_box(f(black_box(x)));
            }
            let t1 = Instant::now();
            samples.push((t1 - t0).as_nanos() as f64 / chunk.len() as f64);
        }
        Row::new(label, batch_mean, samples)
    }
}

struct Row {
    label: String,
    calls: usize,
    batch_mean: f64,
    mean: f64,
    p50: f64,
    p99: f64,
    p999: f64,
    max: f64,
}

impl Row {
    fn new(label: &str, batch_mean: f64, mut samples: Vec<f64>) -> Row {
        samples.sort_unstable_by(f64::total_cmp);
        let n = samples.len();
        // Nearest rank.
        let pct = |q: f64| samples[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
        Row {
            label: label.to_owned(),
            calls: n,
            batch_mean,
            mean: samples.iter().sum::<f64>() / n as f64,
            p50: pct(0.50),
            p99: pct(0.99),
            p999: pct(0.999),
            max: samples[n - 1],
        }
    }
}

fn print_rows(timer: Timer, rows: &[Row]) {
    let how = if timer.group == 1 {
        "each call timed alone".to_owned()
    } else {
        format!("groups of {} calls timed, time split evenly", timer.group)
    };
    println!();
    println!(
        "Per-call latency in ns ({how}; percentiles include one clock-read pair, median {:.0} ns;",
        timer.floor_ns
    );
    println!("\"pass mean\" is one timed pass over all inputs, without per-call clock reads)");
    println!();
    println!(
        "| {:<52} | {:>9} | {:>9} | {:>9} | {:>7} | {:>7} | {:>7} | {:>8} |",
        "what", "calls", "pass mean", "mean", "p50", "p99", "p99.9", "max"
    );
    println!(
        "| {:-<52} | {:->9} | {:->9} | {:->9} | {:->7} | {:->7} | {:->7} | {:->8} |",
        ":", ":", ":", ":", ":", ":", ":", ":"
    );
    for r in rows {
        println!(
            "| {:<52} | {:>9} | {:>9.1} | {:>9.1} | {:>7.0} | {:>7.0} | {:>7.0} | {:>8.0} |",
            r.label, r.calls, r.batch_mean, r.mean, r.p50, r.p99, r.p999, r.max
        );
    }
}

fn probe(key: &DigestKey, n: u32) -> IdentifierProbe {
    IdentifierProbe {
        kind: IdentifierKind::Phone,
        digest: phone_digest(key, &e164(n)),
        country: Some(vern_core::Country::Se),
    }
}

fn purpose(key: &str, basis: LegalBasis) -> Purpose {
    Purpose {
        key: PurposeKey::parse(key).expect("a valid purpose key"),
        name: key.to_owned(),
        legal_basis: basis,
        direct_marketing: true,
        channels: ChannelSet::of(&[Channel::Phone, Channel::Sms, Channel::Email]),
        retention: None,
        description: String::new(),
        dk_telemarketing_exception: false,
        product_category: None,
        retention_from: None,
    }
}

/// Someone who joined the customer club: consent for club messages by SMS and e-mail, a
/// withdrawn newsletter, one phone number and one e-mail address.
fn member(key: &DigestKey, phone: u32, i: usize, joined: OffsetDateTime) -> PersonFacts {
    let fact = |purpose: &str, channel, action, days: u64| ConsentFact {
        purpose: PurposeKey::parse(purpose).expect("a valid purpose key"),
        channel,
        action,
        at: joined + Duration::from_secs(86_400 * days),
        expires_at: None,
    };
    PersonFacts {
        restricted: false,
        consents: vec![
            fact("club-offers", Channel::Sms, ConsentAction::Granted, 0),
            fact("club-offers", Channel::Email, ConsentAction::Granted, 0),
            fact("newsletter", Channel::Email, ConsentAction::Granted, 1),
            fact("newsletter", Channel::Email, ConsentAction::Withdrawn, 30),
        ],
        digests: vec![
            phone_digest(key, &e164(phone)),
            vern_core::identifier::email_digest(key, &format!("member{i}@example.se")),
        ],
        ..PersonFacts::default()
    }
}

fn main() {
    let n = env_usize("VERN_BENCH_N", 5_000_000);
    let calls = env_usize("VERN_BENCH_CALLS", 1_000_000);
    let started = Instant::now();
    println!("vern contact-check benchmark: {n} suppressions, {calls} timed calls per row");
    println!(
        "cores: {}, counting allocator: cap::Cap<System>",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );

    let mut rng = StdRng::seed_from_u64(0x7665_726e);
    let master: [u8; 32] = rng.r#gen();
    let key = DigestKey::derive(&master);

    // Suppressed numbers, then as many that are not: the probes that miss.
    let numbers = distinct_numbers(&mut rng, 2 * n);
    let (suppressed, absent) = numbers.split_at(n);

    // ---- the digests the table is built from ------------------------------------------------
    let t = Instant::now();
    let mut digests: Vec<IdentifierDigest> = Vec::with_capacity(n);
    let mut buf = String::with_capacity(16);
    for &x in suppressed {
        e164_into(x, &mut buf);
        digests.push(phone_digest(&key, &buf));
    }
    let digest_time = t.elapsed();

    let blocklist = Suppression {
        scope: Scope::All,
        channels: ChannelSet::ALL,
        source: SuppressionSource::Blocklist,
    };

    // ---- build, pre-sized: what a known row count would allow ---------------------------------
    let before = live();
    let t = Instant::now();
    let mut sized = SuppressionTable::with_capacity(n);
    for d in &digests {
        sized.add(d, blocklist);
    }
    let sized_time = t.elapsed();
    let sized_bytes = live() - before;
    let t = Instant::now();
    drop(sized);
    let drop_time = t.elapsed();

    // ---- the floor: the same map filled directly, no interning -------------------------------
    let before = live();
    let t = Instant::now();
    let mut raw: FpTable<u32> = FpTable::with_capacity(n);
    for d in &digests {
        raw.insert(d.fingerprint(), 1);
    }
    let raw_time = t.elapsed();
    let raw_bytes = live() - before;
    drop(raw);

    // ---- build, as `Follower::start` does: from 1 024 buckets, one `add` per row ---------------
    let before = live();
    let t = Instant::now();
    let mut table = SuppressionTable::with_capacity(1024);
    for d in &digests {
        table.add(d, blocklist);
    }
    table.compact();
    let build_time = t.elapsed();
    let table_bytes = live() - before;
    let estimate = table.heap_bytes();
    assert_eq!(table.len(), n, "every digest is in the table");
    let mut index = RegisterIndex::default();
    index.suppressions = table;
    let (rss, hwm) = rss_kib();

    println!();
    println!("| index ({n} suppressions) | value |");
    println!("| :-- | --: |");
    println!(
        "| keyed digests of the numbers (not part of start-up) | {:.2} s ({:.0} ns each) |",
        digest_time.as_secs_f64(),
        digest_time.as_nanos() as f64 / n as f64
    );
    println!(
        "| build as at start-up (`with_capacity(1024)` + `add`) | {:.2} s ({:.0} ns/entry) |",
        build_time.as_secs_f64(),
        build_time.as_nanos() as f64 / n as f64
    );
    println!(
        "| build pre-sized (`with_capacity(n)` + `add`) | {:.2} s ({:.0} ns/entry) |",
        sized_time.as_secs_f64(),
        sized_time.as_nanos() as f64 / n as f64
    );
    println!(
        "| floor: pre-sized `FpTable<u32>` inserts, no interning | {:.2} s ({:.0} ns/entry), {:.1} bytes/entry |",
        raw_time.as_secs_f64(),
        raw_time.as_nanos() as f64 / n as f64,
        raw_bytes as f64 / n as f64
    );
    println!(
        "| live heap after build (counted) | {:.1} MiB = **{:.1} bytes/entry** |",
        mib(table_bytes),
        table_bytes as f64 / n as f64
    );
    println!(
        "| live heap, pre-sized build (counted) | {:.1} MiB = {:.1} bytes/entry |",
        mib(sized_bytes),
        sized_bytes as f64 / n as f64
    );
    println!(
        "| `SuppressionTable::heap_bytes()` estimate | {:.1} MiB = {:.1} bytes/entry |",
        mib(estimate),
        estimate as f64 / n as f64
    );
    println!(
        "| dropping the table | {:.0} ms |",
        drop_time.as_secs_f64() * 1e3
    );
    println!(
        "| bench process RSS / peak RSS now (incl. {:.0} MiB of input digests) | {:.0} / {:.0} MiB |",
        mib(n * size_of::<IdentifierDigest>()),
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    drop(digests);

    // ---- people with consents, so person lookups do real work ---------------------------------
    let controller = ControllerFacts {
        id: ControllerId(1),
        rules: RuleSet::EMPTY,
        customer_terms: CustomerTerms::default(),
        country: None,
    };
    let joined = datetime!(2026-01-15 10:00 UTC);
    let at = datetime!(2026-11-24 14:00 UTC);
    let people_numbers = &absent[n - PEOPLE.min(n)..];
    for (i, &phone) in people_numbers.iter().enumerate() {
        index.set_person(
            &format!("person-{i}"),
            Some((controller.id, member(&key, phone, i, joined))),
        );
    }
    let marketing = purpose("summer-campaign", LegalBasis::LegitimateInterests);
    let club = purpose("club-offers", LegalBasis::Consent);

    // ---- inputs ---------------------------------------------------------------------------
    let half = calls / 2;
    let pick = |rng: &mut StdRng, from: &[u32], count: usize| -> Vec<u32> {
        (0..count)
            .map(|_| from[rng.gen_range(0..from.len())])
            .collect()
    };
    let hit_numbers = pick(&mut rng, suppressed, half);
    let miss_numbers = pick(&mut rng, &absent[..n - PEOPLE.min(n)], calls - half);
    let mut mixed_numbers: Vec<(u32, bool)> = hit_numbers
        .iter()
        .map(|&x| (x, true))
        .chain(miss_numbers.iter().map(|&x| (x, false)))
        .collect();
    mixed_numbers.shuffle(&mut rng);
    let hits: Vec<IdentifierProbe> = hit_numbers.iter().map(|&x| probe(&key, x)).collect();
    let misses: Vec<IdentifierProbe> = miss_numbers.iter().map(|&x| probe(&key, x)).collect();
    let mixed: Vec<IdentifierProbe> = mixed_numbers.iter().map(|&(x, _)| probe(&key, x)).collect();
    let members: Vec<IdentifierProbe> = pick(&mut rng, people_numbers, calls)
        .iter()
        .map(|&x| probe(&key, x))
        .collect();
    let e164_inputs: Vec<String> = mixed_numbers.iter().map(|&(x, _)| e164(x)).collect();
    let national_inputs: Vec<String> = mixed_numbers.iter().map(|&(x, _)| national(x)).collect();
    let digest_inputs: Vec<String> = e164_inputs.clone();

    // Sanity: the answers are the expected ones before anything is timed.
    let ask = |p: &IdentifierProbe, purpose: &Purpose| {
        decide(
            &index,
            &ContactRequest {
                controller,
                identifiers: std::slice::from_ref(p),
                // A call for the campaign on legitimate interests: since issue 17 an SMS needs
                // consent whatever the basis. The club's offers go by SMS, on its consent.
                channel: if purpose.legal_basis == LegalBasis::Consent {
                    Channel::Sms
                } else {
                    Channel::Phone
                },
                purpose,
                at,
                carries_art14_notice: false,
            },
        )
    };
    assert!(hits.iter().all(|p| !ask(p, &marketing).allowed));
    assert!(misses.iter().all(|p| ask(p, &marketing).allowed));
    let refused = mixed.iter().filter(|p| !ask(p, &marketing).allowed).count();
    assert_eq!(refused, half, "half the mixed probes are suppressed");
    assert!(members.iter().all(|p| ask(p, &club).allowed));
    assert!(
        misses.iter().all(|p| !ask(p, &club).allowed),
        "no consent, no contact"
    );
    for (s, &(x, _)) in e164_inputs.iter().zip(&mixed_numbers).take(1000) {
        let parsed = PhoneNumber::parse(s, Some(Region::SE)).expect("valid");
        assert_eq!(parsed.e164(), e164(x));
    }
    for (s, &(x, _)) in national_inputs.iter().zip(&mixed_numbers).take(1000) {
        let parsed = PhoneNumber::parse(s, Some(Region::SE)).expect("valid");
        assert_eq!(parsed.e164(), e164(x));
    }

    // ---- timing ---------------------------------------------------------------------------
    let timer = Timer::calibrate();
    let mut rows = Vec::new();
    let sizes: Vec<usize> = (0..calls).map(|i| 16 + i % 48).collect();
    rows.push(timer.run(
        "allocate + free 16-64 bytes (the counting allocator)",
        &sizes,
        |&s| Vec::<u8>::with_capacity(s),
    ));
    rows.push(
        timer.run("table lookup `SuppressionTable::get`, mixed", &mixed, |p| {
            index.suppressions.get(&p.digest).len()
        }),
    );
    rows.push(timer.run(
        "`PhoneNumber::parse` SE, \"+4670…\" input",
        &e164_inputs,
        |s| PhoneNumber::parse(s, Some(Region::SE)).is_ok(),
    ));
    rows.push(timer.run(
        "`PhoneNumber::parse` SE, \"070-123 45 67\" input",
        &national_inputs,
        |s| PhoneNumber::parse(s, Some(Region::SE)).is_ok(),
    ));
    rows.push(
        timer.run("`phone_digest` (keyed BLAKE3)", &digest_inputs, |s| {
            phone_digest(&key, s)
        }),
    );
    rows.push(
        timer.run("`decide`, direct marketing, suppressed", &hits, |p| {
            ask(p, &marketing).allowed
        }),
    );
    rows.push(
        timer.run("`decide`, direct marketing, not suppressed", &misses, |p| {
            ask(p, &marketing).allowed
        }),
    );
    rows.push(
        timer.run("`decide`, direct marketing, half suppressed", &mixed, |p| {
            ask(p, &marketing).allowed
        }),
    );
    rows.push(timer.run(
        "`decide`, consent purpose, member with consents",
        &members,
        |p| ask(p, &club).allowed,
    ));
    let full = |s: &String| {
        let phone = PhoneNumber::parse(s, Some(Region::SE)).expect("valid");
        let probe = Identifier::Phone(phone).probe(&key);
        ask(&probe, &marketing).allowed
    };
    rows.push(timer.run(
        "full path: parse + digest + `decide`, \"+4670…\", half",
        &e164_inputs,
        full,
    ));
    rows.push(timer.run(
        "full path: parse + digest + `decide`, \"070-…\", half",
        &national_inputs,
        full,
    ));
    print_rows(timer, &rows);
    let goal = rows
        .iter()
        .find(|r| r.label.starts_with("`decide`, direct marketing, half"))
        .map_or(0.0, |r| r.p99);
    println!();
    println!(
        "goals: {:.1} bytes/entry (goal <= 40); decide p99 {:.0} ns (goal < 2000)",
        table_bytes as f64 / n as f64,
        goal
    );
    println!("total bench time {:.1} s", started.elapsed().as_secs_f64());
}
