#!/usr/bin/env bash
# The contact check over HTTP with 5 000 000 suppressions loaded (issue 3).
#
#   bench/check-http.sh
#
# Builds release, generates a block list of distinct Swedish mobile numbers, times
# `vern blocklist import` and the server's start-up index build, then drives vern with wrk from
# this machine (a separate process): single checks (POST /v1/check) beside an axum hello-world
# endpoint measured the same way in the same run, and batch checks (POST /v1/check/batch, 10 000
# items per request). Prints requests/s, latency, the single-check/hello ratio, identifiers/s
# for batches and the server's peak RSS.
#
# hello runs twice: as most axum services run (the stock multi-threaded runtime), which is the
# goal's yardstick, and served the way vern serves HTTP (a current-thread runtime per core,
# `front.rs`), so that the runtime layout's share of the ratio can be seen apart from vern's own
# work.
#
# Settings (environment):
#   VERN_BENCH_CACHE        where the CSV and the throw-away data directory go
#                           (default ~/.cache/vern-bench)
#   VERN_BENCH_N            suppressions (default 5000000)
#   VERN_BENCH_DURATION     each measured wrk run (default 20s); a 5 s warm-up precedes each
#   VERN_BENCH_THREADS      wrk threads (default 2)
#   VERN_BENCH_CONNECTIONS  wrk connections for single checks and hello (default 64)
#   VERN_BENCH_BATCH_CONNECTIONS  wrk connections for batches (default 4)
#   VERN_BENCH_ROUNDS       alternating hello / single-check rounds (default 3)
#   VERN_BENCH_PORT         first of the three ports used (default 18080)
#   VERN_BENCH_PIN=1        servers on CPU 0, wrk on CPU 1 (default: both share every core)
#   VERN_BENCH_KEEP=1       keep the data directory and logs
#
# Traffic goes to 127.0.0.1 only; every wrk run is bounded by its duration.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${VERN_BENCH_CACHE:-$HOME/.cache/vern-bench}
N=${VERN_BENCH_N:-5000000}
DURATION=${VERN_BENCH_DURATION:-20s}
THREADS=${VERN_BENCH_THREADS:-2}
CONNECTIONS=${VERN_BENCH_CONNECTIONS:-64}
BATCH_CONNECTIONS=${VERN_BENCH_BATCH_CONNECTIONS:-4}
ROUNDS=${VERN_BENCH_ROUNDS:-3}
PORT=${VERN_BENCH_PORT:-18080}
HELLO_PORT=$((PORT + 1))
CORE_PORT=$((PORT + 2))
BATCH=10000
SERVER_CPU=()
CLIENT_CPU=()
if [[ ${VERN_BENCH_PIN:-0} == 1 ]]; then
    SERVER_CPU=(taskset -c 0)
    CLIENT_CPU=(taskset -c 1)
fi

say() { printf '%s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# ---- tools ------------------------------------------------------------------------------------
cd "$ROOT"
say "== building release (vern, the hello example)"
cargo build --release -p vern -p vern-server --bin vern --example hello
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
VERN=$TARGET/release/vern
HELLO=$TARGET/release/examples/hello
[[ -x $VERN && -x $HELLO ]] || die "release binaries missing"

if ! command -v wrk >/dev/null; then
    say "== installing wrk"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed to generate the block list"

# ---- data -------------------------------------------------------------------------------------
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/run.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${VERN_BENCH_KEEP:-0} == 1 ]]; then
        say "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Number k of the list is Swedish mobile number x = (A*k + C) mod 5·10^7 of the space
# +46 7[02369] ddddddd; A is prime to 5·10^7, so k -> x is a bijection and the numbers are
# distinct. k < N are on the block list, N <= k < 2N are not: the wrk scripts compute the same.
A=7368787
C=12345679
CSV=$CACHE/blocklist-$N.csv
if [[ ! -s $CSV ]]; then
    say "== generating $CSV"
    python3 - "$N" "$A" "$C" "$CSV.tmp" <<'EOF'
import sys
n, a, c, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
space, prefixes = 50_000_000, "02369"
assert 2 * n <= space
with open(out, "w") as f:
    f.write("phone\n")
    for start in range(0, n, 100_000):
        f.write("".join(
            f"+467{prefixes[x // 10_000_000]}{x % 10_000_000:07d}\n"
            for x in ((a * k + c) % space for k in range(start, min(n, start + 100_000)))
        ))
EOF
    mv "$CSV.tmp" "$CSV"
fi
rows=$(($(wc -l <"$CSV") - 1))
[[ $rows -eq $N ]] || die "$CSV has $rows rows, expected $N"

export VERN_DATABASE_URL="sqlite://$WORK/vern.db"
export VERN_LOG=info
unset VERN_MASTER_KEY VERN_CONFIG VERN_KEYRING_URL VERN_MASTER_KEY_FILE VERN_TEST_NOW

# Time and peak RSS of one command: GNU time writes them to $WORK/time.txt.
timed() {
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@"
}

say "== vern blocklist import ($N rows)"
"$VERN" migrate >/dev/null 2>&1
if [[ -x /usr/bin/time ]]; then
    timed "$VERN" blocklist import "$CSV" --reason "bench" >"$WORK/import.txt"
    read -r import_s import_kib <"$WORK/time.txt"
else
    t0=$(date +%s.%N)
    "$VERN" blocklist import "$CSV" --reason "bench" >"$WORK/import.txt"
    import_s=$(echo "$(date +%s.%N) - $t0" | bc)
    import_kib=0
fi
cat "$WORK/import.txt" >&2
grep -q "added: *$N\$" "$WORK/import.txt" || die "the import did not add $N rows"
db_bytes=$(du -cb "$WORK"/vern.db* | tail -1 | cut -f1)

ADMIN=$("$VERN" keys create --role admin --name bench-admin 2>/dev/null | tail -1)
KEY=$("$VERN" keys create --role marketer --name bench 2>/dev/null | tail -1)
[[ $ADMIN == vern_* && $KEY == vern_* ]] || die "could not create API keys"

# ---- servers ----------------------------------------------------------------------------------
say "== starting vern serve"
serve_t0=$(date +%s%N)
"${SERVER_CPU[@]}" "$VERN" serve --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
VERN_PID=$!
PIDS+=("$VERN_PID")
for _ in $(seq 1 1200); do
    grep -q "vern is listening" "$WORK/serve.log" && break
    kill -0 "$VERN_PID" 2>/dev/null || {
        cat "$WORK/serve.log" >&2
        die "vern serve exited"
    }
    sleep 0.1
done
grep -q "vern is listening" "$WORK/serve.log" || die "vern serve did not start in 120 s"
serve_ms=$((($(date +%s%N) - serve_t0) / 1000000))
index_ms=$(grep "index built" "$WORK/serve.log" | grep -o 'millis=[0-9]*' | head -1 | cut -d= -f2)
loaded=$(grep "index built" "$WORK/serve.log" | grep -o 'suppressions=[0-9]*' | head -1 | cut -d= -f2)
[[ $loaded -eq $N ]] || die "the index holds $loaded suppressions, expected $N"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
start_hwm=$(hwm_kib "$VERN_PID")
start_rss=$(rss_kib "$VERN_PID")

BASE=http://127.0.0.1:$PORT
code=$(curl -s -o "$WORK/purpose.json" -w '%{http_code}' -X POST "$BASE/v1/purposes" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"key":"bench-dm","name":"Benchmark campaign","legal_basis":"legitimate_interests","direct_marketing":true,"channels":["sms","phone"]}')
# The checks ask about a phone call: since issue 17, SMS marketing on legitimate interests needs
# consent, so an unlisted number would be refused by SMS. The path through the index is the same.
[[ $code == 201 ]] || die "creating the purpose answered $code: $(cat "$WORK/purpose.json")"

number() { # k -> +467…
    python3 -c "import sys; k=int(sys.argv[1]); x=($A*k+$C)%50_000_000; print(f'+467{\"02369\"[x//10_000_000]}{x%10_000_000:07d}')" "$1"
}
check() {
    curl -s -X POST "$BASE/v1/check" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
        -d "{\"identifiers\":{\"phone\":\"$1\"},\"channel\":\"phone\",\"purpose\":\"bench-dm\"}"
}
check "$(number 0)" | grep -q '"allowed":false' || die "a listed number was allowed"
check "$(number "$N")" | grep -q '"allowed":true' || die "an unlisted number was refused"

# start_hello PORT [per-core]: starts hello, leaves its PID in $started
start_hello() {
    "${SERVER_CPU[@]}" "$HELLO" "$@" 2>>"$WORK/hello.log" &
    started=$!
    PIDS+=("$started")
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$1/" >/dev/null && break
        sleep 0.1
    done
    curl -sf "http://127.0.0.1:$1/" >/dev/null || die "hello $* did not start"
}
start_hello "$HELLO_PORT"
HELLO_PID=$started
start_hello "$CORE_PORT" per-core
CORE_PID=$started

# ---- wrk scripts ------------------------------------------------------------------------------
cat >"$WORK/check.lua" <<EOF
-- Single checks, half listed numbers and half not, drawn at random from the 2·N numbers of the
-- benchmark. Each wrk thread prepares a pool of requests before it starts, so that sending one
-- costs the client about what hello's fixed request costs: on two shared cores, client work per
-- request takes CPU from the server, and a Lua format per request (as until 2026-12-06) made the
-- check's client about a third dearer than hello's. The pool is large enough that the index is
-- probed all over, as real traffic would.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
local n, space, a, c = $N, 50000000, $A, $C
local prefixes = { "0", "2", "3", "6", "9" }
local counter = 1
function setup(thread)
  thread:set("seed", counter)
  counter = counter + 1
end
local pool, size, i = {}, 200000, 0
function init(args)
  math.randomseed(seed or 1)
  for j = 1, size do
    local k = math.random(0, n - 1)
    if j % 2 == 0 then k = k + n end
    local x = (a * k + c) % space
    pool[j] = wrk.format(nil, nil, nil, string.format(
      '{"identifiers":{"phone":"+467%s%07d"},"channel":"phone","purpose":"bench-dm"}',
      prefixes[math.floor(x / 10000000) + 1], x % 10000000))
  end
end
function request()
  i = i % size + 1
  return pool[i]
end
EOF

python3 - "$N" "$A" "$C" "$BATCH" "$WORK/batch.json" <<'EOF'
import json, random, sys
n, a, c, size = (int(v) for v in sys.argv[1:5])
out = sys.argv[5]
rng = random.Random(7)
items = []
for j in range(size):
    k = rng.randrange(n) + (n if j % 2 else 0)
    x = (a * k + c) % 50_000_000
    items.append({"identifiers": {"phone": f"+467{'02369'[x // 10_000_000]}{x % 10_000_000:07d}"},
                  "channel": "phone", "purpose": "bench-dm"})
with open(out, "w") as f:
    json.dump({"items": items}, f, separators=(",", ":"))
EOF
cat >"$WORK/batch.lua" <<EOF
-- The same 10 000-item batch every request (half listed, half not).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
local f = assert(io.open("$WORK/batch.json", "rb"))
wrk.body = f:read("*a")
f:close()
EOF
refused=$(curl -s -X POST "$BASE/v1/check/batch" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' --data-binary "@$WORK/batch.json" |
    grep -o '"allowed":false' | wc -l)
[[ $refused -eq $((BATCH / 2)) ]] || die "the batch refused $refused items, expected $((BATCH / 2))"

# ---- load -------------------------------------------------------------------------------------
# run NAME PID wrk-args…: a 5 s warm-up, then the measured run; leaves "rps p50 p99 mean errors
# cpu" in $WORK/res-NAME: latencies in µs, cpu = the server PID's CPU time (user + system, from
# /proc) per request in µs.
run() {
    local name=$1 pid=$2
    shift 2
    "${CLIENT_CPU[@]}" wrk "$@" -d 5s >/dev/null 2>&1 || true
    local ticks0 ticks1
    ticks0=$(cpu_ticks "$pid")
    "${CLIENT_CPU[@]}" wrk --latency "$@" -d "$DURATION" >"$WORK/wrk-$name.txt" 2>&1 ||
        die "wrk failed: $(cat "$WORK/wrk-$name.txt")"
    ticks1=$(cpu_ticks "$pid")
    awk '
        function us(v) { # wrk prints 456.78us, 1.23ms, 1.02s, 1.50m
            if (v ~ /us$/) return v + 0
            if (v ~ /ms$/) return (v + 0) * 1000
            if (v ~ /m$/) return (v + 0) * 60000000
            if (v ~ /s$/) return (v + 0) * 1000000
            return v + 0
        }
        /^ +Latency / && !avg { avg = us($2) }
        /^ +50%/ { p50 = us($2) }
        /^ +99%/ { p99 = us($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
        / requests in / { requests = $1 }
        END {
            cpu = requests ? ticks * 1000000 / hz / requests : 0
            printf "%.0f %.0f %.0f %.0f %d %.1f\n", rps, p50, p99, avg, errors, cpu
        }
    ' ticks=$((ticks1 - ticks0)) hz="$(getconf CLK_TCK)" "$WORK/wrk-$name.txt" >"$WORK/res-$name"
}

say "== load: $THREADS wrk threads, $CONNECTIONS connections, $DURATION per run, $ROUNDS rounds"
results=()
for round in $(seq 1 "$ROUNDS"); do
    run "hello-$round" "$HELLO_PID" -t "$THREADS" -c "$CONNECTIONS" "http://127.0.0.1:$HELLO_PORT/"
    read -r h_rps h_p50 h_p99 h_avg h_err h_cpu <"$WORK/res-hello-$round"
    run "core-$round" "$CORE_PID" -t "$THREADS" -c "$CONNECTIONS" "http://127.0.0.1:$CORE_PORT/"
    read -r k_rps k_p50 k_p99 k_avg k_err k_cpu <"$WORK/res-core-$round"
    run "check-$round" "$VERN_PID" -t "$THREADS" -c "$CONNECTIONS" -s "$WORK/check.lua" "$BASE/v1/check"
    read -r c_rps c_p50 c_p99 c_avg c_err c_cpu <"$WORK/res-check-$round"
    results+=("$round $h_rps $h_p50 $h_p99 $h_avg $h_err $h_cpu $c_rps $c_p50 $c_p99 $c_avg $c_err $c_cpu $k_rps $k_p50 $k_p99 $k_avg $k_err $k_cpu")
    say "   round $round: hello $h_rps req/s, hello per core $k_rps req/s, check $c_rps req/s"
done
say "== load: batches of $BATCH, $THREADS threads, $BATCH_CONNECTIONS connections"
run batch "$VERN_PID" -t "$THREADS" -c "$BATCH_CONNECTIONS" --timeout 60s -s "$WORK/batch.lua" "$BASE/v1/check/batch"
read -r _ b_p50 b_p99 b_avg b_err b_cpu <"$WORK/res-batch"
end_hwm=$(hwm_kib "$VERN_PID")
b_rps_exact=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk-batch.txt")
b_ids=$(awk -v r="$b_rps_exact" -v b="$BATCH" 'BEGIN { printf "%.0f", r * b }')

# ---- report -----------------------------------------------------------------------------------
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1024 }'; }
echo
pinning="servers and wrk share all cores"
[[ ${VERN_BENCH_PIN:-0} == 1 ]] && pinning="servers on CPU 0, wrk on CPU 1"
echo "vern contact check over HTTP: $N suppressions, $(nproc) cores ($pinning), wrk -t$THREADS, runs of $DURATION"
echo
echo "| start-up and memory | value |"
echo "| :-- | --: |"
echo "| \`vern blocklist import\` of $N rows | ${import_s} s (peak RSS $(mib "$import_kib") MiB) |"
echo "| database size after import (SQLite, with WAL) | $((db_bytes / 1048576)) MiB |"
echo "| \`vern serve\`: index built (log \`millis=\`) | ${index_ms} ms |"
echo "| \`vern serve\`: process start to listening | ${serve_ms} ms |"
echo "| server RSS after start-up | $(mib "$start_rss") MiB |"
echo "| server peak RSS (VmHWM) after start-up | $(mib "$start_hwm") MiB |"
echo "| server peak RSS (VmHWM) after the load runs | $(mib "$end_hwm") MiB |"
echo
echo "| run | connections | requests/s | latency p50 ms | p99 ms | mean ms | errors | server CPU µs/request |"
echo "| :-- | --: | --: | --: | --: | --: | --: | --: |"
sum_h=0
sum_c=0
sum_k=0
for r in "${results[@]}"; do
    read -r round h_rps h_p50 h_p99 h_avg h_err h_cpu c_rps c_p50 c_p99 c_avg c_err c_cpu k_rps k_p50 k_p99 k_avg k_err k_cpu <<<"$r"
    echo "| hello world \`GET /\`, round $round | $CONNECTIONS | $h_rps | $(ms "$h_p50") | $(ms "$h_p99") | $(ms "$h_avg") | $h_err | $h_cpu |"
    echo "| hello world per core, round $round | $CONNECTIONS | $k_rps | $(ms "$k_p50") | $(ms "$k_p99") | $(ms "$k_avg") | $k_err | $k_cpu |"
    echo "| single check \`POST /v1/check\`, round $round | $CONNECTIONS | $c_rps | $(ms "$c_p50") | $(ms "$c_p99") | $(ms "$c_avg") | $c_err | $c_cpu |"
    sum_h=$((sum_h + h_rps))
    sum_c=$((sum_c + c_rps))
    sum_k=$((sum_k + k_rps))
done
echo "| batch \`POST /v1/check/batch\` ($BATCH items) | $BATCH_CONNECTIONS | $b_rps_exact | $(ms "$b_p50") | $(ms "$b_p99") | $(ms "$b_avg") | $b_err | $b_cpu |"
echo
for r in "${results[@]}"; do
    read -r round h_rps _ _ _ _ _ c_rps _ _ _ _ _ k_rps _ <<<"$r"
    echo "round $round: single check / hello = $(awk -v c="$c_rps" -v h="$h_rps" 'BEGIN { printf "%.1f %%", 100 * c / h }'), / hello per core = $(awk -v c="$c_rps" -v h="$k_rps" 'BEGIN { printf "%.1f %%", 100 * c / h }')"
done
echo "all rounds: single check / hello = $(awk -v c="$sum_c" -v h="$sum_h" 'BEGIN { printf "%.1f %%", 100 * c / h }') (goal: at least 70 %)"
echo "all rounds: single check / hello per core = $(awk -v c="$sum_c" -v h="$sum_k" 'BEGIN { printf "%.1f %%", 100 * c / h }') (the same runtime layout as vern)"
echo "batch: $b_ids identifiers/s (goal: at least 1000000), server CPU $(awk -v c="$b_cpu" -v b="$BATCH" 'BEGIN { printf "%.2f", c / b }') µs per identifier"
