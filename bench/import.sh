#!/usr/bin/env bash
# Moving in at scale (issue 20 §1): `vern import people` of N people with two identifiers
# (a phone and an e-mail address) and two consents (newsletter on e-mail, telemarketing on the
# phone, each with its date, source and text) each, with the release binary.
#
#   bench/import.sh sqlite|postgres
#
# Goal: 1 000 000 people in under 5 minutes on each backend.
#
# What it does:
#   1. builds release and makes a throw-away installation (a SQLite file in a temporary
#      directory, or a fresh PostgreSQL database, dropped at the end);
#   2. an admin key and one short `vern serve` to create the two consent purposes through the
#      API; the server is stopped again;
#   3. writes the CSV (semicolon separated, Swedish headers, national phone numbers);
#   4. times `vern import people` (wall time and peak RSS by /usr/bin/time), then times a
#      re-import of the same file (every line unchanged) unless VERN_BENCH_REIMPORT=0;
#   5. checks the counts in the database and prints a Markdown row for docs/benchmarks.md.
#
# Settings (environment):
#   VERN_BENCH_PEOPLE     people (default 1000000)
#   VERN_BENCH_REIMPORT   0 to skip the re-import (default 1)
#   VERN_BENCH_PORT       the short server's port (default 18095)
#   VERN_BENCH_PG         PostgreSQL server URL (default postgres://postgres@127.0.0.1:5432)
#   VERN_BENCH_PG_DB      the database created and dropped (default vern_bench_import)
#   VERN_BENCH_CACHE      where the work directory goes (default ~/.cache/vern-bench)
#   VERN_BENCH_KEEP=1     keep the work directory (and the PostgreSQL database)
#   VERN_BENCH_BIN        a vern binary to time instead of building release (a debug build,
#                         for trying the script; its figures are not the release's)
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
REIMPORT=${VERN_BENCH_REIMPORT:-1}
PORT=${VERN_BENCH_PORT:-18095}
PG_BASE=${VERN_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=${VERN_BENCH_PG_DB:-vern_bench_import}
BASE=http://127.0.0.1:$PORT

say() { printf '%s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (peak memory)"
if [[ $BACKEND == sqlite ]]; then
    command -v sqlite3 >/dev/null || die "the sqlite3 command-line shell is needed"
else
    command -v psql >/dev/null || die "psql is needed"
fi

cd "$ROOT"
if [[ -n ${VERN_BENCH_BIN:-} ]]; then
    VERN=$VERN_BENCH_BIN
else
    say "== building release"
    cargo build --release -q -p vern
    TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
    VERN=$TARGET/release/vern
fi
[[ -x $VERN ]] || die "$VERN is missing"

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/import.XXXXXX")
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

unset VERN_MASTER_KEY VERN_KEYRING_URL VERN_TEST_NOW VERN_ALLOW_TEST_CLOCK VERN_LISTEN VERN_CONFIG
export VERN_LOG=warn
export VERN_MASTER_KEY_FILE=$WORK/vern.key
if [[ $BACKEND == sqlite ]]; then
    DB=$WORK/vern.db
    export VERN_DATABASE_URL="sqlite://$DB"
    sql1() { sqlite3 -batch "$DB" "$1"; }
else
    PG_URL=$PG_BASE/$PG_DB
    psql -q -v ON_ERROR_STOP=1 "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
    export VERN_DATABASE_URL=$PG_URL
    sql1() { psql -X -q -A -t "$PG_URL" -c "$1"; }
fi

# ---- the purposes, through the API ----------------------------------------------------------
"$VERN" migrate >/dev/null
ADMIN=$("$VERN" keys create --role admin --name bench 2>/dev/null | tail -1)
[[ $ADMIN == vern_* ]] || die "could not create an API key"
VERN_LOG=info "$VERN" serve --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q "vern is listening" "$WORK/serve.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "vern serve exited: $(cat "$WORK/serve.log")"
    sleep 0.5
done
for body in \
    '{"key":"newsletter","name":"Newsletter","legal_basis":"consent","direct_marketing":true,"channels":["email","sms"]}' \
    '{"key":"telemarketing","name":"Telemarketing","legal_basis":"consent","direct_marketing":true,"channels":["phone"]}'; do
    code=$(curl -s -o "$WORK/purpose.json" -w '%{http_code}' -X POST "$BASE/v1/purposes" \
        -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$body")
    [[ $code == 201 ]] || die "creating a purpose answered $code: $(cat "$WORK/purpose.json")"
done
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

# ---- the file ---------------------------------------------------------------------------------
say "== writing $N people"
CSV=$WORK/people.csv
python3 - "$N" "$CSV" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("kundnr;namn;telefon;e-post;"
            "consent:newsletter:email;consent:newsletter:email:date;consent:newsletter:email:source;consent:newsletter:email:text;"
            "consent:telemarketing:phone;consent:telemarketing:phone:date;consent:telemarketing:phone:source\n")
    rows = []
    for i in range(n):
        # Distinct Swedish mobile numbers 070-000 00 00 onwards, written nationally.
        rows.append(f"K{i};Person {i} Svensson;070{i:07d};person{i}@example.se;"
                    f"ja;2024-{1 + i % 12:02d}-{1 + i % 28:02d};web_form;Ja tack till nyhetsbrevet v2;"
                    f"{'ja' if i % 3 else 'nej'};2025-01-{1 + i % 28:02d};call\n")
        if len(rows) == 100_000:
            f.writelines(rows)
            rows.clear()
    f.writelines(rows)
PY
say "   $(du -h "$CSV" | cut -f1)"

# ---- the import ---------------------------------------------------------------------------------
timed() { # NAME ARGS…: wall seconds and peak RSS (KiB) into $WORK/NAME.time
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" ||
        die "$name failed: $(tail -5 "$WORK/$name.err")"
    cat "$WORK/$name.out" >&2
}
say "== vern import people ($BACKEND)"
timed import "$VERN" import people "$CSV"
read -r WALL RSS <"$WORK/import.time"
grep -q "created:      $N" "$WORK/import.out" || die "not every person was created"
PEOPLE=$(sql1 "SELECT count(*) FROM people;")
IDS=$(sql1 "SELECT count(*) FROM person_identifiers;")
CONSENTS=$(sql1 "SELECT count(*) FROM consents;")
ENTRIES=$(sql1 "SELECT count(*) FROM ledger WHERE kind = 'person.imported';")
say "   people $PEOPLE, identifiers $IDS, consent rows $CONSENTS, person.imported entries $ENTRIES"
((PEOPLE == N && IDS == 2 * N && CONSENTS == 2 * N && ENTRIES == N)) || die "the counts do not match"
"$VERN" audit verify >"$WORK/verify.out" 2>&1 || die "the ledger does not verify: $(cat "$WORK/verify.out")"
RATE=$(python3 -c "print(f'{$N / $WALL:,.0f}')")
RSS_MB=$((RSS / 1024))
say "== $N people in $WALL s ($RATE rows/s), peak RSS $RSS_MB MiB"

RE=""
if [[ $REIMPORT == 1 ]]; then
    say "== re-import (every line unchanged)"
    timed reimport "$VERN" import people "$CSV"
    read -r RWALL RRSS <"$WORK/reimport.time"
    grep -q "unchanged:    $N" "$WORK/reimport.out" || die "the re-import changed something"
    RE=" | re-import $RWALL s, $((RRSS / 1024)) MiB"
fi

printf '| import people, %s | %s people, 2 identifiers + 2 consents each | %s s | %s rows/s | %s MiB%s |\n' \
    "$BACKEND" "$N" "$WALL" "$RATE" "$RSS_MB" "$RE"
