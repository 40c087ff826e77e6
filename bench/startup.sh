#!/usr/bin/env bash
# Start-up with 1 000 000 people (issue 20): how long `vern serve` takes until it answers.
#
#   bench/startup.sh sqlite|postgres
#
# Goal (issue 20): under 3 s on SQLite and on PostgreSQL.
#
# What it does:
#   1. builds release and makes a throw-away installation (a SQLite file, or a new PostgreSQL
#      database, dropped at the end); `vern migrate`, an admin key, and one short `vern serve`
#      to create the consent purpose `newsletter` through the API;
#   2. writes the rows the start-up reads straight into the tables with SQL, as bench/report.sh
#      does (the API would take hours): PEOPLE people with UUIDv7-shaped ids and 150–277 bytes
#      of sealed profile each, two identifier digests each (phone and e-mail), a consent for
#      every second person, a customer relationship for every tenth; the secondary indexes are
#      dropped first and re-created afterwards; PostgreSQL then gets VACUUM ANALYZE;
#   3. starts `vern serve` ROUNDS times, each time measuring the wall time from the start of the
#      process to the first answered `GET /healthz` and to the first answered
#      `GET /v1/whoami`, and printing the server's own breakdown ("index built": controllers,
#      suppressions, registers, people) from its log; the first round also reads cold files;
#   4. checks that the index holds every person (the log's `people=`), and prints a table.
#
# Settings (environment):
#   VERN_BENCH_PEOPLE    people (default 1000000)
#   VERN_BENCH_ROUNDS    starts timed (default 3)
#   VERN_BENCH_PORT      the server's port (default 18092)
#   VERN_BENCH_PG        PostgreSQL server URL (default postgres://postgres@127.0.0.1:5432)
#   VERN_BENCH_PG_DB     the database created and dropped (default vern_bench_startup)
#   VERN_BENCH_CACHE     where the work directory goes (~/.cache/vern-bench)
#   VERN_BENCH_KEEP=1    keep the work directory (and the PostgreSQL database)
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
ROUNDS=${VERN_BENCH_ROUNDS:-3}
PORT=${VERN_BENCH_PORT:-18092}
PG_BASE=${VERN_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=${VERN_BENCH_PG_DB:-vern_bench_startup}
BASE=http://127.0.0.1:$PORT

say() { printf '%s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

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
VERN=${VERN_BENCH_BINARY:-$TARGET/release/vern}
[[ -x $VERN ]] || die "$VERN is missing"

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/startup.XXXXXX")
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ ${VERN_BENCH_KEEP:-0} == 1 ]]; then
        say "kept $WORK"
        return
    fi
    if [[ $BACKEND == postgres ]]; then
        psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

unset VERN_MASTER_KEY VERN_KEYRING_URL VERN_TEST_NOW VERN_ALLOW_TEST_CLOCK VERN_LISTEN
export VERN_LOG=info
export VERN_MASTER_KEY_FILE=$WORK/vern.key
export VERN_CONFIG=$WORK/vern.toml
mkdir -p "$WORK/outbox"
printf '[mail]\noutbox_dir = "%s"\n' "$WORK/outbox" >"$VERN_CONFIG"
if [[ $BACKEND == sqlite ]]; then
    DB=$WORK/vern.db
    export VERN_DATABASE_URL="sqlite://$DB"
else
    PG_URL=$PG_BASE/$PG_DB
    psql -q -v ON_ERROR_STOP=1 "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
    export VERN_DATABASE_URL=$PG_URL
fi

sql() {
    if [[ $BACKEND == sqlite ]]; then
        { printf '.bail on\nPRAGMA synchronous = OFF;\nPRAGMA cache_size = -1048576;\nPRAGMA temp_store = MEMORY;\nPRAGMA foreign_keys = OFF;\n'; cat; } |
            sqlite3 -batch "$DB"
    else
        psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL"
    fi
}
sql1() { printf '%s\n' "$1" | sql | tail -1; }

# Start the server; prints "ms-to-healthz ms-to-whoami".
start_server() { # NAME
    local t0 healthz=
    t0=$(now_ms)
    "$VERN" serve --listen "127.0.0.1:$PORT" >"$WORK/serve-$1.log" 2>&1 &
    SERVER_PID=$!
    # Polled every 10 ms without starting a process: the server listens only once its index
    # is built, so a refused connect costs one system call, where a `curl` each time took a
    # tenth of the two cores from the start being timed. `/healthz` is asked once it listens.
    local pause probe
    exec {pause}<> <(:)
    for _ in $(seq 1 30000); do
        if { exec {probe}<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null; then
            exec {probe}>&-
            if curl -fs -o /dev/null "$BASE/healthz" 2>/dev/null; then
                healthz=$(($(now_ms) - t0))
                break
            fi
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || {
            cat "$WORK/serve-$1.log" >&2
            die "vern serve exited"
        }
        read -r -t 0.01 -u "$pause" _ || true
    done
    exec {pause}>&-
    [[ -n $healthz ]] || die "vern serve did not answer in 300 s"
    curl -fs -o /dev/null -H "Authorization: Bearer $ADMIN" "$BASE/v1/whoami" || die "/v1/whoami does not answer"
    echo "$healthz $(($(now_ms) - t0))"
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
start_server first >/dev/null
code=$(curl -s -o "$WORK/purpose.json" -w '%{http_code}' -X POST "$BASE/v1/purposes" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"key":"newsletter","name":"Newsletter","legal_basis":"consent","direct_marketing":true,"channels":["email","sms"]}')
[[ $code == 201 ]] || die "creating the purpose answered $code: $(cat "$WORK/purpose.json")"
stop_server

# ---- filler (the shapes of bench/report.sh) ----------------------------------------------------
NOW=$(date +%s%6N)
DAY=86400000000
SPAN=$((3 * 365 * DAY))
T0=$((NOW - SPAN))
STEP=$((SPAN / N))
CTRL=$(sql1 "SELECT id FROM controllers WHERE key = 'default';")
[[ $CTRL =~ ^[0-9]+$ ]] || die "could not read the controller ($CTRL)"
if [[ $BACKEND == sqlite ]]; then
    vid() {
        echo "printf('%08x-%04x-7%03x-%04x-%012x', (($1) >> 16), (($1) & 65535), (($2) & 4095), 32768 | ((($2) >> 12) & 16383), ((($2) * 2654435761 + 40503) % 281474976710656))"
    }
    rb() { echo "randomblob($1)"; }
    rnd() { echo "(random() & ($1 - 1))"; }
    series() { echo "c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $1 - 1)"; }
else
    vid() { echo "bench_seed.vid(($1)::bigint, ($2)::bigint)"; }
    rb() { echo "bench_seed.gen_random_bytes($1)"; }
    rnd() { echo "floor(random() * $1)::int"; }
    series() { echo "c(i) AS (SELECT generate_series(0::bigint, $1 - 1))"; }
fi
pid() { vid "($T0 + ($1) * $STEP) / 1000" "$1"; }
TABLES="'people','person_identifiers','consents','customer_relationships'"
seed_step() { # NAME: the SQL on stdin, timed
    local t0
    t0=$(now_ms)
    {
        [[ $BACKEND == sqlite ]] && printf '.output /dev/null\nPRAGMA journal_mode = OFF;\n.output stdout\n'
        cat
    } | sql >/dev/null
    say "   $1: $(($(now_ms) - t0)) ms"
}

say "== $BACKEND: filler: $N people, $((2 * N)) identifiers, $((N / 2)) consents, $((N / 10)) customer relationships"
if [[ $BACKEND == sqlite ]]; then
    sqlite3 "$DB" "PRAGMA journal_mode = DELETE;" >/dev/null
    printf '%s\n' "SELECT replace(replace(sql, char(13), ' '), char(10), ' ') || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($TABLES);" | sql >"$WORK/indexes.sql"
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
fi
[[ -s $WORK/indexes.sql ]] || die "no secondary indexes found"
sed -E 's/^CREATE (UNIQUE )?INDEX ([a-z_0-9]+) .*/DROP INDEX \2;/' "$WORK/indexes.sql" | seed_step "drop secondary indexes"
PG_LOAD=
[[ $BACKEND == postgres ]] && PG_LOAD="SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '1GB';"

seed_step "people" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$N")
INSERT INTO people (id, controller, sealed, restricted_at, created_at, updated_at)
SELECT $(pid i), $CTRL, $(rb "150 + $(rnd 128)"), NULL, $T0 + i * $STEP, $T0 + i * $STEP FROM c;
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
SELECT $(vid "($T0 + 2 * i * $STEP) / 1000 + 1" "2 * i"), $(vid "($T0 + 2 * i * $STEP) / 1000 + 1" "2 * i + 1"),
    $(pid "2 * i"), $CTRL, 'newsletter', 'email', 'granted', $T0 + 2 * i * $STEP, NULL, 'web_form',
    $(rb "100 + $(rnd 32)"), $T0 + 2 * i * $STEP
FROM c;
EOF
seed_step "customer relationships (every tenth person)" <<EOF
$PG_LOAD
WITH RECURSIVE $(series "$((N / 10))")
INSERT INTO customer_relationships (id, person_id, controller, product_category, started, ended, created_at)
SELECT $(vid "($T0 + 10 * i * $STEP) / 1000 + 2" "10 * i"), $(pid "10 * i"), $CTRL, 'general', '2025-01-01', NULL, $T0 + 10 * i * $STEP
FROM c;
EOF
{
    echo "$PG_LOAD"
    cat "$WORK/indexes.sql"
} | seed_step "re-create secondary indexes"
if [[ $BACKEND == sqlite ]]; then
    sqlite3 "$DB" "PRAGMA journal_mode = WAL;" >/dev/null
else
    seed_step "VACUUM ANALYZE" <<<"DROP SCHEMA bench_seed CASCADE; VACUUM ANALYZE;"
fi

# ---- the starts ---------------------------------------------------------------------------------
ROWS=()
for round in $(seq 1 "$ROUNDS"); do
    # Not in a process substitution: that is a subshell, and the server's pid set there would
    # be lost to stop_server.
    start_server "round$round" >"$WORK/times-$round"
    read -r healthz whoami <"$WORK/times-$round"
    line=$(grep "index built" "$WORK/serve-round$round.log" | tail -1)
    stop_server
    people=$(sed -nE 's/.*people=([0-9]+).*/\1/p' <<<"$line")
    [[ $people == "$N" ]] || die "the index holds $people people, not $N: $line"
    say "   round $round: /healthz after $healthz ms, /v1/whoami after $whoami ms; $line"
    field() { sed -nE "s/.* $1=([0-9]+).*/\1/p" <<<"$line"; }
    ROWS+=("| $round | $healthz | $whoami | $(field millis) | $(field controllers_ms) | $(field suppressions_ms) | $(field registers_ms) | $(field people_ms) |")
done

cat <<EOF

| $BACKEND, $N people: round | to /healthz (ms) | to /v1/whoami (ms) | index built (ms) | controllers, purposes | suppressions | registers | people |
| --: | --: | --: | --: | --: | --: | --: | --: |
$(printf '%s\n' "${ROWS[@]}")

load average: $(cut -d' ' -f1-3 /proc/loadavg)
EOF
