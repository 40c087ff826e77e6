#!/usr/bin/env bash
# Bulk loads (issue 20): a block list and a national register version of 5 000 000 rows each,
# beside the floor of the same database loading the same file with its own bulk loader.
#
#   bench/bulk.sh sqlite|postgres
#
# Goal (issue 20): at least 1 000 000 rows/s for block lists and register versions (5 M rows in
# under 10 s including the index rebuild), on SQLite and PostgreSQL.
#
# What it does:
#   1. builds release; generates the files once with bench/bulkgen.py (in the cache directory):
#      blocklist.csv (`namn;telefon`, Swedish mobile numbers written four ways, 1 row in 1 000
#      unparseable, 1 in 200 a repeat), nix.txt (a NIX-Telefon version, one number a line) and
#      nix2.txt (the next version, half of the numbers replaced), with the expected counts;
#   2. makes a throw-away installation (SQLite file, or a new PostgreSQL database), migrates it,
#      creates a purpose `telemarketing` and starts `vern serve`, which follows the ledger;
#   3. the floor: the database's own loader reads the same file into a new one-column table of the
#      same database (`sqlite3 .import`, or `psql \copy`), timed, then the table is dropped;
#   4. `vern blocklist import blocklist.csv`, timed to the end of the command ("stored") and to
#      the first check answered by the running server that blocks the file's last number
#      ("in the index"); the command's counts are compared with the expected ones;
#   5. the same for `vern registers import nix-telefon nix.txt` and then nix2.txt (the new
#      version replaces the old: a number only in the first is no longer listed after it);
#   6. prints a Markdown table: rows, seconds and rows/s for each, beside the floor.
#
# Settings (environment):
#   VERN_BENCH_ROWS      rows per file (default 5000000)
#   VERN_BENCH_PORT      the server's port (default 18091)
#   VERN_BENCH_PG        PostgreSQL server URL (default postgres://postgres@127.0.0.1:5432)
#   VERN_BENCH_PG_DB     the database created and dropped (default vern_bench_bulk)
#   VERN_BENCH_CACHE     where the files and the work directory go (~/.cache/vern-bench)
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
ROWS=${VERN_BENCH_ROWS:-5000000}
PORT=${VERN_BENCH_PORT:-18091}
PG_BASE=${VERN_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=${VERN_BENCH_PG_DB:-vern_bench_bulk}
BASE=http://127.0.0.1:$PORT

say() { printf '%s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

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

DATA=$CACHE/bulk-$ROWS
if [[ ! -s $DATA/answer.txt ]]; then
    say "== generating $ROWS rows per file in $DATA"
    python3 "$ROOT/bench/bulkgen.py" "$ROWS" "$DATA"
fi
# shellcheck disable=SC1091
source "$DATA/answer.txt"

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/bulk.XXXXXX")
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
printf '[mail]\noutbox_dir = "%s"\n' "$WORK/outbox" >"$VERN_CONFIG"
mkdir -p "$WORK/outbox"
if [[ $BACKEND == sqlite ]]; then
    DB=$WORK/vern.db
    export VERN_DATABASE_URL="sqlite://$DB"
else
    PG_URL=$PG_BASE/$PG_DB
    psql -q -v ON_ERROR_STOP=1 "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
    export VERN_DATABASE_URL=$PG_URL
fi

"$VERN" migrate >/dev/null 2>&1
ADMIN=$("$VERN" keys create --role admin --name bench 2>/dev/null | tail -1)
[[ $ADMIN == vern_* ]] || die "could not create an API key"
"$VERN" serve --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || {
        cat "$WORK/serve.log" >&2
        die "vern serve exited"
    }
    sleep 0.1
done
code=$(curl -s -o "$WORK/purpose.json" -w '%{http_code}' -X POST "$BASE/v1/purposes" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"key":"telemarketing","name":"Telemarketing","legal_basis":"legitimate_interests","direct_marketing":true,"channels":["phone"]}')
[[ $code == 201 ]] || die "creating the purpose answered $code: $(cat "$WORK/purpose.json")"
# The registers the default controller honours: NIX-Telefon (a Swedish controller).
code=$(curl -s -o "$WORK/controller.json" -w '%{http_code}' -X PATCH "$BASE/v1/controllers/default" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"rules":["nix_telefon"]}')
[[ $code == 200 ]] || die "setting the controller's registers answered $code: $(cat "$WORK/controller.json")"

# The check's reason codes for one number, as one line of JSON.
check() { # PHONE
    curl -s -X POST "$BASE/v1/check" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
        -d "{\"identifiers\":{\"phone\":\"$1\"},\"channel\":\"phone\",\"purpose\":\"telemarketing\"}"
}
# Wait until the check of PHONE mentions (or, with "no", stops mentioning) CODE; ms since T0.
wait_index() { # T0 PHONE CODE [no]
    local t0=$1 phone=$2 code=$3 want=${4:-yes} out
    for _ in $(seq 1 12000); do
        out=$(check "$phone")
        if [[ $want == yes && $out == *"\"$code\""* ]] || [[ $want == no && $out != *"\"$code\""* && $out == *allowed* ]]; then
            echo $(($(now_ms) - t0))
            return
        fi
        sleep 0.02
    done
    die "the server never showed $code for the last number: $out"
}

# The database's own loader, into a one-column table of the same database.
floor() { # FILE HEADER(0|1)
    local file=$1 header=$2 t0 t1
    t0=$(now_ms)
    if [[ $BACKEND == sqlite ]]; then
        local skip=""
        [[ $header == 1 ]] && skip="--skip 1"
        sqlite3 -batch "$DB" <<EOF >/dev/null
CREATE TABLE floor_import (a TEXT, b TEXT);
.mode csv
.separator ;
.import $skip $file floor_import
EOF
        sqlite3 "$DB" "DROP TABLE floor_import;" >/dev/null
    else
        local opts="FORMAT csv, DELIMITER ';'"
        [[ $header == 1 ]] && opts="$opts, HEADER true"
        psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" >/dev/null <<EOF
CREATE TABLE floor_import (a TEXT, b TEXT);
\copy floor_import FROM '$file' WITH ($opts)
EOF
        t1=$(now_ms)
        psql -X -q "$PG_URL" -c "DROP TABLE floor_import;" >/dev/null
        echo $((t1 - t0))
        return
    fi
    t1=$(now_ms)
    echo $((t1 - t0))
}

rate() { # ROWS MS
    python3 -c "import sys; r, ms = int(sys.argv[1]), int(sys.argv[2]); print(f'{r / ms * 1000:,.0f}'.replace(',', ' '))" "$1" "$2"
}
secs() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1000:.2f}')" "$1"; }
expect() { # OUTPUT LABEL VALUE
    grep -Eq "^$2 +$3\$" <<<"$1" || die "expected '$2 $3' in: $1"
}

say "== $BACKEND: the block list, $ROWS rows"
FLOOR_BLOCK=$(floor "$DATA/blocklist.csv" 1)
say "   floor: $FLOOR_BLOCK ms"
t0=$(now_ms)
out=$("$VERN" blocklist import "$DATA/blocklist.csv" --reason "bench" 2>&1)
STORED_BLOCK=$(($(now_ms) - t0))
say "$out"
expect "$out" "rows read:" "$block_rows"
expect "$out" "added:" "$block_added"
expect "$out" "duplicates:" "$block_duplicates"
expect "$out" "unparseable:" "$block_unparseable"
INDEX_BLOCK=$(wait_index "$t0" "$block_last" blocklist)
say "   stored after $STORED_BLOCK ms, in the server's index after $INDEX_BLOCK ms"

say "== $BACKEND: NIX-Telefon, $ROWS lines"
FLOOR_NIX=$(floor "$DATA/nix.txt" 0)
say "   floor: $FLOOR_NIX ms"
TODAY=$(date -u +%F)
t0=$(now_ms)
out=$("$VERN" registers import nix-telefon "$DATA/nix.txt" --version-date "$TODAY" 2>&1)
STORED_NIX=$(($(now_ms) - t0))
say "$out"
expect "$out" "lines read:" "$nix_lines"
expect "$out" "unparseable:" "$nix_unparseable"
INDEX_NIX=$(wait_index "$t0" "$nix_last" register.nix_telefon)
say "   stored after $STORED_NIX ms, in the server's index after $INDEX_NIX ms"

say "== $BACKEND: the next NIX-Telefon version replaces it"
t0=$(now_ms)
out=$("$VERN" registers import nix-telefon "$DATA/nix2.txt" --version-date "$TODAY" 2>&1)
STORED_NIX2=$(($(now_ms) - t0))
say "$out"
expect "$out" "unparseable:" "$nix2_unparseable"
INDEX_NIX2=$(wait_index "$t0" "$nix_dropped" register.nix_telefon no)
[[ $(check "$nix2_last") == *register.nix_telefon* ]] || die "the new version's last number is not listed"
say "   stored after $STORED_NIX2 ms, in the server's index after $INDEX_NIX2 ms"

grep -E "index built|applied" "$WORK/serve.log" | tail -5 >&2 || true
RSS=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")

floor_name=$([[ $BACKEND == sqlite ]] && echo 'sqlite3 `.import`' || echo 'psql `\copy`')
cat <<EOF

| $BACKEND, $ROWS rows | $floor_name (floor) | vern, stored | vern, in the running server's index |
| :-- | --: | --: | --: |
| block list (\`blocklist.csv\`) | $(secs "$FLOOR_BLOCK") s, $(rate "$ROWS" "$FLOOR_BLOCK") rows/s | $(secs "$STORED_BLOCK") s, $(rate "$ROWS" "$STORED_BLOCK") rows/s | $(secs "$INDEX_BLOCK") s, $(rate "$ROWS" "$INDEX_BLOCK") rows/s |
| NIX-Telefon version (\`nix.txt\`) | $(secs "$FLOOR_NIX") s, $(rate "$ROWS" "$FLOOR_NIX") rows/s | $(secs "$STORED_NIX") s, $(rate "$ROWS" "$STORED_NIX") rows/s | $(secs "$INDEX_NIX") s, $(rate "$ROWS" "$INDEX_NIX") rows/s |
| the next version replaces it (\`nix2.txt\`) | | $(secs "$STORED_NIX2") s, $(rate "$ROWS" "$STORED_NIX2") rows/s | $(secs "$INDEX_NIX2") s, $(rate "$ROWS" "$INDEX_NIX2") rows/s |

server peak RSS (VmHWM): $((RSS / 1024)) MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)
EOF
