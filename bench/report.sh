#!/usr/bin/env bash
# The access report and the request inbox at scale (issue 5).
#
#   bench/report.sh sqlite|postgres
#
# Goal (issue 5): with 1 000 000 people and 10 000 000 activities, the access report for one
# person has p99 under 50 ms on SQLite and PostgreSQL, and the inbox listing filtered by overdue
# answers under 50 ms.
#
# What it does:
#   1. builds release and makes a throw-away installation (a SQLite file in a temporary
#      directory, or a fresh PostgreSQL database, dropped at the end);
#   2. `vern migrate`, an admin key, then one short `vern serve` to create the consent purpose
#      `newsletter` through the API; the server is stopped again;
#   3. writes FILLER rows straight into the tables with SQL (the API would take days for this):
#      people, two identifier digests each, consents for every second person, activities,
#      deals, todos, requests (a few thousand overdue), their digests, one keyring row per
#      person, and a ledger entry per person and per activity with `subject` = the person.
#      Sealed columns hold random bytes of realistic length: nobody ever opens them. The
#      secondary indexes of the filled tables are dropped first and re-created afterwards
#      from their own definitions. Filler ledger entries carry random hashes, so
#      `vern audit verify` fails across them; `ledger_head.seq` (and the webhook cursor) is
#      moved past them so that appends continue normally;
#   4. starts `vern serve` on the seeded data and creates REAL people through the HTTP API,
#      each with a consent, activities, deals, todos and one access request;
#   5. waits for the background jobs of start-up to finish (the first retention run, 60 s after
#      start, walks the keyring), then times, over one keep-alive HTTP connection from Python's
#      standard library, `GET /v1/people/{id}/report?format=json|html|csv` for the real people
#      (formats interleaved) and `GET /v1/requests?overdue=true` (the default page size, 200);
#   6. prints the query plans of the queries behind both, the seeding times, the database size
#      and the server's peak RSS, and a Markdown table.
#
# Settings (environment):
#   VERN_BENCH_PEOPLE                    filler people (default 1000000)
#   VERN_BENCH_ACTIVITIES_PER_PERSON     filler activities = people × this (default 10)
#   VERN_BENCH_REQUESTS                  filler requests (default 100000)
#   VERN_BENCH_REAL                      people created through the API (default 100)
#   VERN_BENCH_ROUNDS                    timed rounds over the real people, 3 formats each (10)
#   VERN_BENCH_INBOX_CALLS               timed inbox calls (default 200)
#   VERN_BENCH_PORT                      the server's port (default 18090)
#   VERN_BENCH_PG                        PostgreSQL server URL (default
#                                        postgres://postgres@127.0.0.1:5432)
#   VERN_BENCH_PG_DB                     the database created and dropped (vern_bench_report)
#   VERN_BENCH_CACHE                     where the work directory goes (~/.cache/vern-bench)
#   VERN_BENCH_KEEP=1                    keep the work directory (and the PostgreSQL database)
set -euo pipefail

BACKEND=${1:-}
case $BACKEND in
sqlite | postgres) ;;
*)
    echo "usage: $0 sqlite|postgres" >&2
    exit 2
    ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${VERN_BENCH_CACHE:-$HOME/.cache/vern-bench}
N=${VERN_BENCH_PEOPLE:-1000000}
A=${VERN_BENCH_ACTIVITIES_PER_PERSON:-10}
Q=${VERN_BENCH_REQUESTS:-100000}
REAL=${VERN_BENCH_REAL:-100}
ROUNDS=${VERN_BENCH_ROUNDS:-10}
INBOX_CALLS=${VERN_BENCH_INBOX_CALLS:-200}
PORT=${VERN_BENCH_PORT:-18090}
PG_BASE=${VERN_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=${VERN_BENCH_PG_DB:-vern_bench_report}
BASE=http://127.0.0.1:$PORT

say() { printf '%s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
if [[ $BACKEND == sqlite ]]; then
    command -v sqlite3 >/dev/null || die "the sqlite3 command-line shell is needed"
else
    command -v psql >/dev/null || die "psql is needed"
fi

cd "$ROOT"
say "== building release"
cargo build --release -q -p vern
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
VERN=$TARGET/release/vern
[[ -x $VERN ]] || die "$VERN is missing"

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/report.XXXXXX")
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ ${VERN_BENCH_KEEP:-0} == 1 ]]; then
        say "kept $WORK${PG_URL:+ and $PG_URL}"
        return
    fi
    if [[ $BACKEND == postgres ]]; then
        psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the installation -----------------------------------------------------------------------
unset VERN_MASTER_KEY VERN_KEYRING_URL VERN_TEST_NOW VERN_ALLOW_TEST_CLOCK VERN_LISTEN
export VERN_LOG=info
export VERN_MASTER_KEY_FILE=$WORK/vern.key
export VERN_CONFIG=$WORK/vern.toml
mkdir -p "$WORK/outbox"
# Messages to data subjects (the access requests' acknowledgements) are written as files.
printf '[mail]\noutbox_dir = "%s"\n' "$WORK/outbox" >"$VERN_CONFIG"
if [[ $BACKEND == sqlite ]]; then
    DB=$WORK/vern.db
    KEYRING_DB=$WORK/vern.keyring.db
    export VERN_DATABASE_URL="sqlite://$DB"
else
    PG_URL=$PG_BASE/$PG_DB
    psql -q -v ON_ERROR_STOP=1 "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
    export VERN_DATABASE_URL=$PG_URL
fi

# One SQL script on the data database, its output on stdout. SQLite: bulk-load settings for
# this connection only (vern sets its own on every connection it opens).
sql() {
    if [[ $BACKEND == sqlite ]]; then
        { printf '.bail on\nPRAGMA synchronous = OFF;\nPRAGMA cache_size = -1048576;\nPRAGMA temp_store = MEMORY;\nPRAGMA foreign_keys = OFF;\n'; cat; } |
            sqlite3 -batch "$DB"
    else
        psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL"
    fi
}
# One value.
sql1() { printf '%s\n' "$1" | sql | tail -1; }

start_server() { # NAME
    "$VERN" serve --listen "127.0.0.1:$PORT" >"$WORK/serve-$1.log" 2>&1 &
    SERVER_PID=$!
    SERVER_T0=$(date +%s%N)
    for _ in $(seq 1 3000); do
        grep -q "vern is listening" "$WORK/serve-$1.log" && break
        kill -0 "$SERVER_PID" 2>/dev/null || {
            cat "$WORK/serve-$1.log" >&2
            die "vern serve exited"
        }
        sleep 0.1
    done
    grep -q "vern is listening" "$WORK/serve-$1.log" || die "vern serve did not start in 300 s"
    curl -fs "$BASE/healthz" >/dev/null || die "/healthz does not answer"
}
stop_server() {
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}

say "== $BACKEND: migrate, an admin key, the consent purpose"
"$VERN" migrate >/dev/null 2>&1
ADMIN=$("$VERN" keys create --role admin --name bench 2>/dev/null | tail -1)
[[ $ADMIN == vern_* ]] || die "could not create an API key"
start_server first
code=$(curl -s -o "$WORK/purpose.json" -w '%{http_code}' -X POST "$BASE/v1/purposes" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"key":"newsletter","name":"Newsletter","legal_basis":"consent","direct_marketing":true,"channels":["email","sms"]}')
[[ $code == 201 ]] || die "creating the purpose answered $code: $(cat "$WORK/purpose.json")"
stop_server

# ---- filler ---------------------------------------------------------------------------------
# Time: microseconds since the epoch, as vern stores it. The filler spans the 3 years before
# now. Ledger slot j (0 ≤ j < N·R, R = A + 1) is at T0 + j·STEP: slot k·R is person k's
# creation, the A slots after it are activities (of random people). Ids are UUIDv7-shaped, with
# the time of the row, so they ascend in insertion order as vern's own do.
NOW=$(date +%s%6N)
DAY=86400000000
SPAN=$((3 * 365 * DAY))
T0=$((NOW - SPAN))
R=$((A + 1))
STEP=$((SPAN / (N * R)))
D=$((N / 5)) # deals
T=$((N / 4)) # todos
HEAD=$(sql1 "SELECT seq FROM ledger_head WHERE id = 1;")
CTRL=$(sql1 "SELECT id FROM controllers WHERE key = 'default';")
[[ $HEAD =~ ^[0-9]+$ && $CTRL =~ ^[0-9]+$ ]] || die "could not read the ledger head ($HEAD) or the controller ($CTRL)"
(($(sql1 "SELECT count(*) FROM people;") == 0)) || die "the new installation already has people"

if [[ $BACKEND == sqlite ]]; then
    vid() { # MS-EXPR K-EXPR: a UUIDv7-shaped id
        echo "printf('%08x-%04x-7%03x-%04x-%012x', (($1) >> 16), (($1) & 65535), (($2) & 4095), 32768 | ((($2) >> 12) & 16383), ((($2) * 2654435761 + 40503) % 281474976710656))"
    }
    rb() { echo "randomblob($1)"; }         # random bytes
    rnd() { echo "(random() & ($1 - 1))"; } # 0 ≤ x < $1, a power of two
    series() { echo "c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $1 - 1)"; }
else
    vid() { echo "bench_seed.vid(($1)::bigint, ($2)::bigint)"; }
    rb() { echo "bench_seed.gen_random_bytes($1)"; }
    rnd() { echo "floor(random() * $1)::int"; }
    series() { echo "c(i) AS (SELECT generate_series(0::bigint, $1 - 1))"; }
fi
pid() { vid "($T0 + ($1) * $R * $STEP) / 1000" "$1"; } # filler person k's id
# A fixed pseudo-random number per row: distinct values for i < 4294967291, so taken modulo N
# they spread rows over people unevenly, as real histories are.
hash() { echo "((($1) * 2654435761 + $2) % 4294967291)"; }

TABLES="'people','person_identifiers','consents','activities','deals','todos','requests','request_digests','ledger'"
SEED_TIMES=()
seed_step() { # NAME: the SQL on stdin, timed
    local t0 t1
    t0=$(date +%s%N)
    {
        # SQLite: no rollback journal while loading (the directory is thrown away on failure).
        [[ $BACKEND == sqlite ]] && printf '.output /dev/null\nPRAGMA journal_mode = OFF;\n.output stdout\n'
        cat
    } | sql >/dev/null
    t1=$(date +%s%N)
    SEED_TIMES+=("$1 $(((t1 - t0) / 1000000))")
    say "   $1: $(((t1 - t0) / 1000000)) ms"
}

say "== $BACKEND: filler: $N people, $((N * A)) activities, $D deals, $T todos, $Q requests, $((N * R)) ledger entries"
seed_t0=$(date +%s%N)
if [[ $BACKEND == sqlite ]]; then
    sqlite3 "$DB" "PRAGMA journal_mode = DELETE;" >/dev/null
    printf '%s\n' "SELECT replace(replace(sql, char(13), ' '), char(10), ' ') || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($TABLES);" | sql >"$WORK/indexes.sql"
    sed -E 's/^CREATE (UNIQUE )?INDEX ([a-z_0-9]+) .*/DROP INDEX \2;/' "$WORK/indexes.sql" | seed_step "drop secondary indexes"
else
    seed_step "helpers (schema bench_seed, pgcrypto)" <<'EOF'
CREATE SCHEMA bench_seed;
CREATE EXTENSION pgcrypto SCHEMA bench_seed;
CREATE FUNCTION bench_seed.vid(ms bigint, k bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT lpad(to_hex(ms >> 16), 8, '0') || '-' || lpad(to_hex(ms & 65535), 4, '0') || '-7'
        || lpad(to_hex(k & 4095), 3, '0') || '-' || to_hex(32768 | ((k >> 12) & 16383)) || '-'
        || lpad(to_hex((k * 2654435761 + 40503) % 281474976710656), 12, '0')
$f$;
EOF
    printf '%s\n' "SELECT indexdef || ';' FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ($TABLES) AND indexname NOT IN (SELECT conname FROM pg_constraint);" | sql >"$WORK/indexes.sql"
    sed -E 's/^CREATE (UNIQUE )?INDEX ([a-z_0-9]+) .*/DROP INDEX \2;/' "$WORK/indexes.sql" | seed_step "drop secondary indexes"
fi
[[ -s $WORK/indexes.sql ]] || die "no secondary indexes found"
# PostgreSQL: foreign keys are not checked while loading (the rows are consistent by
# construction), and commits do not wait for the WAL flush.
PG_LOAD=
[[ $BACKEND == postgres ]] && PG_LOAD="SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '1GB';"

seed_step "people" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$N")
INSERT INTO people (id, controller, sealed, restricted_at, created_at, updated_at)
SELECT $(pid i), $CTRL, $(rb "150 + $(rnd 128)"), NULL, $T0 + i * $R * $STEP, $T0 + i * $R * $STEP FROM c;
EOF

seed_step "person_identifiers (phone + e-mail digests)" <<EOF
$PG_LOAD
INSERT INTO person_identifiers (person_id, controller, kind, digest)
SELECT p.id, p.controller, k.kind, $(rb 16) FROM people p CROSS JOIN (SELECT 'phone' AS kind UNION ALL SELECT 'email') k
ORDER BY p.id, k.kind;
EOF

seed_step "consents (every second person)" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$((N / 2))")
INSERT INTO consents (id, event_id, person_id, controller, purpose, channel, action, given_at, expires_at, source, evidence, recorded_at)
SELECT $(vid "($T0 + 2 * i * $R * $STEP) / 1000 + 1" "2 * i"), $(vid "($T0 + 2 * i * $R * $STEP) / 1000 + 1" "2 * i + 1"),
    $(pid "2 * i"), $CTRL, 'newsletter', 'email', 'granted', $T0 + 2 * i * $R * $STEP, NULL, 'web_form',
    $(rb "100 + $(rnd 32)"), $T0 + 2 * i * $R * $STEP
FROM c;
EOF

seed_step "activities" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$((N * A))"),
t(i, at, h) AS (SELECT i, $T0 + ((i / $A) * $R + (i % $A) + 1) * $STEP, $(hash i 12345) FROM c)
INSERT INTO activities (id, person_id, controller, kind, channel, owner, at, sealed, created_at)
SELECT $(vid "at / 1000" i), $(pid "h % $N"), $CTRL,
    CASE (h / $N) % 5 WHEN 0 THEN 'call' WHEN 1 THEN 'sms' WHEN 2 THEN 'email' WHEN 3 THEN 'meeting' ELSE 'note' END,
    CASE (h / $N) % 5 WHEN 0 THEN 'phone' WHEN 1 THEN 'sms' WHEN 2 THEN 'email' WHEN 3 THEN 'in_person' END,
    'agent-' || (i % 40), at,
    CASE WHEN $(rnd 8) < 6 THEN $(rb "60 + $(rnd 64)") END, at
FROM t;
EOF

seed_step "deals" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$D"),
t(i, at, h) AS (SELECT i, $T0 + i * ($SPAN / $D), $(hash i 777) FROM c)
INSERT INTO deals (id, person_id, controller, amount_minor, currency, stage, owner, opened_at, closed_at, sealed, created_at)
SELECT $(vid "at / 1000" "i + 11"), $(pid "h % $N"), $CTRL, 100 * (10 + (h / $N) % 20000), 'SEK',
    CASE (h / 7) % 4 WHEN 0 THEN 'lead' WHEN 1 THEN 'proposal' WHEN 2 THEN 'won' ELSE 'lost' END,
    'agent-' || (i % 40), at, CASE WHEN (h / 7) % 4 >= 2 THEN at + 14 * $DAY END,
    CASE WHEN $(rnd 2) = 0 THEN $(rb "70 + $(rnd 32)") END, at
FROM t;
EOF

seed_step "todos" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$T"),
t(i, at, h) AS (SELECT i, $T0 + i * ($SPAN / $T), $(hash i 999) FROM c)
INSERT INTO todos (id, person_id, controller, owner, due_at, done_at, sealed, created_at)
SELECT $(vid "at / 1000" "i + 13"), $(pid "h % $N"), $CTRL, 'agent-' || (i % 40), at + 7 * $DAY,
    CASE WHEN (h / $N) % 5 > 0 THEN at + 5 * $DAY END, $(rb "60 + $(rnd 64)"), at
FROM t;
EOF

# Requests: one a day or so over the 3 years, due a month (30 days here) after receipt. Those
# due within the last 10 days or later are open, and so is every 33rd older one: those are
# overdue. The rest were completed (9 in 10) or rejected. 1 in 10 has no known person.
# Deadline flags are set as the deadline job would set them now.
seed_step "requests" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$Q"),
t(i, rec, h) AS (SELECT i, $T0 + i * ($SPAN / $Q), $(hash i 4242) FROM c),
u(i, rec, due, h, is_open) AS (SELECT i, rec, rec + 30 * $DAY, h, (rec + 30 * $DAY >= $NOW - 10 * $DAY OR i % 33 = 0) FROM t)
INSERT INTO requests (id, controller, kind, state, person_id, received_via, received_at, due_at, agent_key, sealed,
    created_at, updated_at, assignee, verified_at, verification, extended_months, closed_at, flag, language)
SELECT $(vid "rec / 1000" "i + 17"), $CTRL,
    CASE WHEN h % 100 < 40 THEN 'access' WHEN h % 100 < 65 THEN 'erasure' WHEN h % 100 < 75 THEN 'objection'
         WHEN h % 100 < 85 THEN 'rectification' WHEN h % 100 < 90 THEN 'portability' WHEN h % 100 < 95 THEN 'restriction'
         WHEN h % 100 < 98 THEN 'information' ELSE 'human_review' END,
    CASE WHEN is_open THEN CASE i % 3 WHEN 0 THEN 'received' WHEN 1 THEN 'verifying' ELSE 'in_progress' END
         WHEN i % 10 = 0 THEN 'rejected' ELSE 'completed' END,
    CASE WHEN i % 10 = 9 THEN NULL ELSE $(pid "(h / 100) % $N") END,
    CASE i % 3 WHEN 0 THEN 'email' WHEN 1 THEN 'form' ELSE 'phone' END,
    rec, due, NULL, $(rb "120 + $(rnd 64)"),
    rec, CASE WHEN is_open THEN rec ELSE rec + (5 + h % 20) * $DAY END,
    CASE WHEN i % 4 = 0 THEN NULL ELSE 'po-' || (i % 5) END,
    CASE WHEN NOT is_open OR i % 3 = 2 THEN rec + $DAY END,
    CASE WHEN NOT is_open OR i % 3 = 2 THEN 'bankid' END,
    0,
    CASE WHEN is_open THEN NULL ELSE rec + (5 + h % 20) * $DAY END,
    CASE WHEN NOT is_open THEN 'on_time' WHEN due < $NOW THEN 'overdue' WHEN due - $NOW <= 7 * $DAY THEN 'due_soon' ELSE 'on_time' END,
    'sv'
FROM u;
INSERT INTO request_digests (request_id, digest) SELECT id, $(rb 16) FROM requests ORDER BY id;
EOF

# The ledger: person.created (with a sealed copy of the profile), activity.recorded.
seed_step "ledger" <<EOF
$PG_LOAD
INSERT INTO ledger (seq, at, actor, kind, controller, subject, payload, sealed, prev_hash, hash)
SELECT $HEAD + 1 + (created_at - $T0) / $STEP, created_at, 'api_key:bench-filler', 'person.created', controller, id,
    '{"identifier_kinds":["phone","email"],"lists":[],"person":"' || id || '"}',
    $(rb "200 + $(rnd 64)"), $(rb 32), $(rb 32)
FROM people ORDER BY id;
INSERT INTO ledger (seq, at, actor, kind, controller, subject, payload, sealed, prev_hash, hash)
SELECT $HEAD + 1 + (at - $T0) / $STEP, at, 'api_key:bench-filler', 'activity.recorded', controller, person_id,
    '{"activity":"' || id || '","channel":' || CASE WHEN channel IS NULL THEN 'null' ELSE '"' || channel || '"' END
        || ',"kind":"' || kind || '","owner":"' || owner || '","person":"' || person_id || '"}',
    NULL, $(rb 32), $(rb 32)
FROM activities ORDER BY id;
UPDATE ledger_head SET seq = (SELECT max(seq) FROM ledger) WHERE id = 1;
UPDATE cursors SET seq = (SELECT seq FROM ledger_head WHERE id = 1) WHERE name = 'webhooks';
EOF

# The keyring: one wrapped key per person (and per request from an unknown sender).
if [[ $BACKEND == sqlite ]]; then
    t0=$(date +%s%N)
    sqlite3 -batch "$KEYRING_DB" >/dev/null <<EOF
.bail on
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
ATTACH '$DB' AS d;
INSERT INTO person_keys (person_id, wrapped, created_at) SELECT id, randomblob(73), created_at FROM d.people ORDER BY id;
INSERT INTO person_keys (person_id, wrapped, created_at) SELECT id, randomblob(73), created_at FROM d.requests WHERE person_id IS NULL ORDER BY id;
DETACH d;
PRAGMA journal_mode = WAL;
EOF
    t1=$(date +%s%N)
    SEED_TIMES+=("keyring $(((t1 - t0) / 1000000))")
    say "   keyring: $(((t1 - t0) / 1000000)) ms"
else
    seed_step "keyring" <<EOF
$PG_LOAD
INSERT INTO vern_keyring.person_keys (person_id, wrapped, created_at) SELECT id, $(rb 73), created_at FROM people ORDER BY id;
INSERT INTO vern_keyring.person_keys (person_id, wrapped, created_at) SELECT id, $(rb 73), created_at FROM requests WHERE person_id IS NULL ORDER BY id;
EOF
fi

{
    echo "$PG_LOAD"
    cat "$WORK/indexes.sql"
} | seed_step "re-create secondary indexes"
if [[ $BACKEND == sqlite ]]; then
    # No ANALYZE: vern never runs it, so the planner works without statistics as in production.
    sqlite3 "$DB" "PRAGMA journal_mode = WAL;" >/dev/null
else
    # What autovacuum would do soon after a load like this.
    seed_step "VACUUM ANALYZE" <<<"DROP SCHEMA bench_seed CASCADE; VACUUM ANALYZE;"
fi
seed_ms=$((($(date +%s%N) - seed_t0) / 1000000))

db_bytes() {
    if [[ $BACKEND == sqlite ]]; then
        du -cb "$WORK"/vern.db* "$WORK"/vern.keyring.db* | tail -1 | cut -f1
    else
        sql1 "SELECT pg_database_size(current_database());"
    fi
}
DB_BYTES=$(db_bytes)
COUNTS=$(sql <<EOF | tr '\n' ' '
SELECT (SELECT count(*) FROM people) || ' ' || (SELECT count(*) FROM person_identifiers) || ' ' || (SELECT count(*) FROM activities)
    || ' ' || (SELECT count(*) FROM ledger) || ' ' || (SELECT count(*) FROM requests)
    || ' ' || (SELECT count(*) FROM requests WHERE due_at < $NOW AND state IN ('received', 'verifying', 'in_progress'));
EOF
)
say "== seeded in $((seed_ms / 1000)) s; people, identifiers, activities, ledger, requests, overdue: $COUNTS; $((DB_BYTES / 1048576)) MiB"

# ---- the server, real people ----------------------------------------------------------------
say "== $BACKEND: vern serve on the seeded data"
start_server main
listen_ms=$((($(date +%s%N) - SERVER_T0) / 1000000))
index_line=$(grep "index built" "$WORK/serve-main.log" | head -1 || true)
index_ms=$(grep -o 'millis=[0-9]*' <<<"$index_line" | cut -d= -f2)
index_people=$(grep -o 'people=[0-9]*' <<<"$index_line" | cut -d= -f2)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
start_rss=$(rss_kib "$SERVER_PID")
start_hwm=$(hwm_kib "$SERVER_PID")

cat >"$WORK/bench.py" <<'EOF'
"""Real people through the API, then the timed report and inbox calls (standard library only)."""
import http.client
import json
import math
import random
import sys
import time

mode, port, key, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
AUTH = {"Authorization": f"Bearer {key}"}


def call(method, path, body=None):
    headers = dict(AUTH)
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    return r.status, r.read(), r.getheader("Content-Type", "")


def must(status, payload, want, what):
    if status != want:
        sys.exit(f"{what}: HTTP {status}: {payload[:400]!r}")
    return json.loads(payload) if payload[:1] in (b"{", b"[") else payload


FIRST = ["Astrid", "Björn", "Camilla", "Dag", "Ebba", "Frej", "Greta", "Hampus", "Ingrid", "Jonas",
         "Karin", "Leif", "Maja", "Nils", "Olga", "Pekka", "Ronja", "Sven", "Tove", "Ulf"]
LAST = ["Andersson", "Berg", "Carlsen", "Dahl", "Ek", "Falk", "Grön", "Holm", "Isaksen", "Järvinen",
        "Karlsson", "Lund", "Mäkinen", "Nyberg", "Olsen", "Pettersson", "Rask", "Strand", "Trolle", "Vik"]
KINDS = [("call", "phone"), ("sms", "sms"), ("email", "email"), ("meeting", "in_person"), ("note", None)]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def seed(n):
    rng = random.Random(5)
    now = time.time()
    ids = []
    t0 = time.perf_counter()
    for i in range(n):
        first, last = FIRST[i % 20], LAST[(i // 20 + i) % 20]
        person = must(*call("POST", "/v1/people", {
            "name": f"{first} {last}", "phones": [f"+46701{i:06d}"],
            "emails": [f"{first.lower()}.{last.lower()}.{i}@example.se".replace("ö", "o").replace("ä", "a").replace("å", "a")],
            "address": {"street": f"Storgatan {i + 1}", "postal_code": "11122", "city": "Stockholm"},
            "language": "sv"})[:2], 201, "person")
        pid = person["id"]
        must(*call("POST", f"/v1/people/{pid}/consents", {
            "purpose": "newsletter", "channels": ["email", "sms"], "state": "granted",
            "evidence": {"source": "web_form", "text": "Ja, jag vill få nyhetsbrevet."}})[:2], 201, "consent")
        for j in range(10):
            kind, channel = KINDS[(i + j) % 5]
            body = {"kind": kind, "note": f"{kind} {j}: talked about the offer, call back in spring",
                    "owner": f"agent-{rng.randrange(40)}", "at": iso(now - rng.uniform(0, 3 * 365 * 86400))}
            if channel:
                body["channel"] = channel
            must(*call("POST", f"/v1/people/{pid}/activities", body)[:2], 201, "activity")
        for j in range(2):
            must(*call("POST", f"/v1/people/{pid}/deals", {
                "title": f"Subscription {j}", "amount_minor": 100 * rng.randrange(100, 20000), "currency": "SEK",
                "stage": ["won", "proposal"][j], "owner": f"agent-{rng.randrange(40)}"})[:2], 201, "deal")
            must(*call("POST", f"/v1/people/{pid}/todos", {
                "text": f"Follow up {j}", "owner": f"agent-{rng.randrange(40)}",
                "due_at": iso(now + rng.uniform(0, 30 * 86400))})[:2], 201, "todo")
        must(*call("POST", "/v1/requests", {"kind": "access", "person": pid, "verified": "bankid"})[:2], 201, "request")
        ids.append(pid)
    elapsed = time.perf_counter() - t0
    with open(out, "w") as f:
        json.dump({"ids": ids, "seconds": elapsed, "calls": n * 17}, f)


def stats(ms):
    s = sorted(ms)
    rank = lambda p: s[max(0, math.ceil(p * len(s)) - 1)]
    return {"n": len(s), "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": s[-1],
            "mean": sum(s) / len(s)}


def timed(path):
    t0 = time.perf_counter_ns()
    status, payload, ctype = call("GET", path)
    t1 = time.perf_counter_ns()
    return (t1 - t0) / 1e6, status, payload, ctype


def measure(ids, rounds, inbox_calls, loads):
    rng = random.Random(11)
    formats = ["json", "html", "csv"]
    # Warm-up, and a check of what the reports hold.
    for i, pid in enumerate(ids):
        _, status, payload, _ = timed(f"/v1/people/{pid}/report?format=json")
        report = must(status, payload, 200, "report")
        got = (len(report["activities"]), len(report["deals"]), len(report["todos"]), len(report["requests"]))
        if got != (10, 2, 2, 1):
            sys.exit(f"report of {pid}: activities, deals, todos, requests = {got}, expected (10, 2, 2, 1)")
        if i < 10:
            for fmt in ("html", "csv"):
                _, status, payload, _ = timed(f"/v1/people/{pid}/report?format={fmt}")
                must(status, payload, 200, fmt)
    times = {f: [] for f in formats}
    sizes = {f: [] for f in formats}
    for r in range(rounds):
        order = ids[:]
        rng.shuffle(order)
        for k, pid in enumerate(order):
            for f in formats[(k + r) % 3:] + formats[:(k + r) % 3]:
                ms, status, payload, _ = timed(f"/v1/people/{pid}/report?format={f}")
                if status != 200:
                    sys.exit(f"report {f} of {pid}: HTTP {status}: {payload[:400]!r}")
                times[f].append(ms)
                sizes[f].append(len(payload))
    loads.append(open("/proc/loadavg").read().split()[0])
    for _ in range(10):
        timed("/v1/requests?overdue=true")
    inbox, rows = [], None
    for _ in range(inbox_calls):
        ms, status, payload, _ = timed("/v1/requests?overdue=true")
        body = must(status, payload, 200, "inbox")
        if not all(r["overdue"] for r in body["requests"]):
            sys.exit("the overdue filter returned a request that is not overdue")
        rows = len(body["requests"])
        inbox.append(ms)
    loads.append(open("/proc/loadavg").read().split()[0])
    result = {f"report_{f}": stats(times[f]) | {"bytes": sum(sizes[f]) // len(sizes[f])} for f in formats}
    result["inbox_overdue"] = stats(inbox) | {"rows": rows}
    result["loadavg"] = loads
    with open(out, "w") as f:
        json.dump(result, f)


if mode == "seed":
    seed(int(sys.argv[5]))
else:
    ids = json.load(open(sys.argv[5]))["ids"]
    measure(ids, int(sys.argv[6]), int(sys.argv[7]), [open("/proc/loadavg").read().split()[0]])
EOF

say "== $BACKEND: $REAL real people through the API (person, consent, 10 activities, 2 deals, 2 todos, 1 request each)"
python3 "$WORK/bench.py" seed "$PORT" "$ADMIN" "$WORK/real.json" "$REAL"
read -r real_s real_calls < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(round(d['seconds'],1), d['calls'])" "$WORK/real.json")
say "   $real_calls API calls in $real_s s"

# The first retention run starts 60 s after start-up and walks the whole keyring; wait for it
# and for the server to go quiet (under 10 % of a core for 2 s running), at most 5 minutes more.
say "== waiting for the start-up jobs to finish"
hz=$(getconf CLK_TCK)
while (($(date +%s%N) - SERVER_T0 < 70 * 1000000000)); do sleep 1; done
quiet_t0=$(date +%s%N)
busy_ticks=0
calm=0
while ((calm < 2 && $(date +%s%N) - quiet_t0 < 300 * 1000000000)); do
    a=$(cpu_ticks "$SERVER_PID")
    sleep 1
    b=$(cpu_ticks "$SERVER_PID")
    if ((b - a < hz / 10)); then calm=$((calm + 1)); else
        calm=0
        busy_ticks=$((busy_ticks + b - a))
    fi
done
say "   quiet after $((($(date +%s%N) - SERVER_T0) / 1000000000)) s since start ($((busy_ticks / hz)) s of server CPU after the 70 s mark)"

say "== $BACKEND: timing: $ROUNDS rounds × $REAL people × json/html/csv reports, then $INBOX_CALLS overdue inbox calls"
python3 "$WORK/bench.py" measure "$PORT" "$ADMIN" "$WORK/result.json" "$WORK/real.json" "$ROUNDS" "$INBOX_CALLS"
end_hwm=$(hwm_kib "$SERVER_PID")
end_rss=$(rss_kib "$SERVER_PID")

# ---- the query plans ------------------------------------------------------------------------
PERSON=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ids'][0])" "$WORK/real.json")
NOW2=$(date +%s%6N)
REQ_COLS="id, controller, kind, state, person_id, received_via, received_at, due_at, agent_key, sealed, assignee, verified_at, verification, extended_months, closed_at, flag, language"
{
    echo "-- the overdue inbox (list_requests with overdue_at)"
    echo "SELECT $REQ_COLS FROM requests WHERE 1 = 1 AND due_at < $NOW2 AND state IN ('received', 'verifying', 'in_progress') ORDER BY due_at, id LIMIT 200;"
    echo "-- report: the person's requests"
    echo "SELECT $REQ_COLS FROM requests WHERE 1 = 1 AND person_id = '$PERSON' ORDER BY due_at, id LIMIT 1000;"
    echo "-- report: the ledger about the person (ledger_for)"
    echo "SELECT seq, at, actor, kind, controller, subject, payload, CASE WHEN sealed IS NULL THEN 0 ELSE 1 END AS has_sealed, hash FROM ledger WHERE subject = '$PERSON' ORDER BY seq;"
    echo "-- report: activities"
    echo "SELECT id, person_id, kind, channel, owner, at, sealed FROM activities WHERE person_id = '$PERSON' ORDER BY at DESC, id DESC;"
    echo "-- report: deals"
    echo "SELECT id, person_id, amount_minor, currency, stage, owner, opened_at, closed_at, sealed FROM deals WHERE person_id = '$PERSON' ORDER BY opened_at DESC, id DESC;"
} >"$WORK/queries.sql"
if [[ $BACKEND == sqlite ]]; then
    awk '/^--/ { print ".print \"" $0 "\""; next } { print "EXPLAIN QUERY PLAN " $0; print ".output /dev/null"; print ".timer on"; print; print ".timer off"; print ".output stdout" }' "$WORK/queries.sql" |
        sqlite3 -batch "$DB" >"$WORK/plans.txt" 2>&1 || true
else
    awk '/^--/ { print; next } { print "EXPLAIN (ANALYZE, BUFFERS) " $0 }' "$WORK/queries.sql" |
        psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" >"$WORK/plans.txt" 2>&1 || true
fi
stop_server
DB_BYTES_END=$(db_bytes)

# ---- the report -----------------------------------------------------------------------------
say ""
say "query plans ($BACKEND):"
cat "$WORK/plans.txt" >&2
say ""
read -r c_people c_ids c_acts c_ledger c_reqs c_overdue <<<"$COUNTS"
mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1048576 }'; }
echo
echo "vern access report and overdue inbox, $BACKEND, $(nproc) cores (shared), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| data and start-up | value |"
echo "| :-- | --: |"
echo "| filler: people / identifiers / activities | $c_people / $c_ids / $c_acts |"
echo "| filler: ledger entries / requests (open and overdue) | $c_ledger / $c_reqs ($c_overdue) |"
for s in "${SEED_TIMES[@]}"; do
    echo "| seeding: ${s% *} | $(awk -v v="${s##* }" 'BEGIN { printf "%.1f s", v / 1000 }') |"
done
echo "| seeding: total | $((seed_ms / 1000)) s |"
echo "| database size after seeding / after the run | $(mib "$DB_BYTES") / $(mib "$DB_BYTES_END") MiB |"
echo "| \`vern serve\`: index built (\`millis=\`, people) | ${index_ms:-?} ms ($index_people people) |"
echo "| \`vern serve\`: process start to listening | $listen_ms ms |"
echo "| $REAL real people through the API ($real_calls calls) | $real_s s |"
echo "| server RSS after start-up / after the run | $((start_rss / 1024)) / $((end_rss / 1024)) MiB |"
echo "| server peak RSS (VmHWM) after start-up / after the run | $((start_hwm / 1024)) / $((end_hwm / 1024)) MiB |"
echo
python3 - "$WORK/result.json" "$BACKEND" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print("| what (ms, one keep-alive connection) | calls | p50 | p95 | p99 | max | mean | body | goal | met? |")
print("| :-- | --: | --: | --: | --: | --: | --: | --: | :-- | :-- |")
for key, label, goal, stat in [
    ("report_json", "report `format=json`", "p99 < 50 ms", "p99"),
    ("report_html", "report `format=html`", "p99 < 50 ms", "p99"),
    ("report_csv", "report `format=csv` (zip)", "p99 < 50 ms", "p99"),
    ("inbox_overdue", "inbox `overdue=true` (200 a page)", "< 50 ms (max)", "max"),
]:
    s = r[key]
    body = f"{s['bytes'] / 1024:.1f} KiB" if "bytes" in s else f"{s['rows']} rows"
    met = "yes" if s[stat] < 50 else "no"
    print(f"| {label} | {s['n']} | {s['p50']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} | {s['max']:.2f} | {s['mean']:.2f} | {body} | {goal} | {met} |")
print()
print(f"load average (1 min) at start, after the reports, after the inbox: {', '.join(r['loadavg'])}")
EOF
