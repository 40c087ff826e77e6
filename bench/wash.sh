#!/usr/bin/env bash
# bench/wash.sh [small|large]
#
# vern wash beside the peers users reach for today (../shared/bench/peers: DuckDB and a Python
# script), on the same generated campaign and suppression lists, in the same run. The
# suppressions are loaded into vern's store first (as in daily use: `vern blocklist import`,
# timed and reported), then the timed command is one `vern wash` from the campaign CSV to the
# washed CSV, phone channel, region SE. Every result is checked against the known answer.
set -euo pipefail
size=${1:-large}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${VERN_SHARED:-$root/../shared}
cache=${VERN_BENCH_CACHE:-$HOME/.cache/vern-bench}
data=$cache/$size
work=$cache/vern-store-$size
mkdir -p "$cache"

cargo build --release -q -p vern --manifest-path "$root/Cargo.toml"
vern=${CARGO_TARGET_DIR:-$root/target}/release/vern
[[ -f $data/expected.json ]] || python3 "$shared/bench/washgen.py" --size "$size" --out "$data"

if [[ ! -f $work/ready ]]; then
  rm -rf "$work" && mkdir -p "$work"
  cd "$work"
  admin=$("$vern" keys create --role admin --name bench | tail -n 1)
  echo "importing $(($(wc -l <"$data/suppression.csv") - 1)) suppression rows into vern's store (SQLite)…"
  /usr/bin/time -f "block-list import: %e s, peak %M KiB" "$vern" blocklist import "$data/suppression.csv" --reason bench | sed -n '1,4p'
  port=$((20000 + RANDOM % 20000))
  "$vern" serve --listen "127.0.0.1:$port" 2>serve.log &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do curl -fs "127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  grep -o 'index built.*' serve.log | head -n 1
  curl -fs -H "Authorization: Bearer $admin" -H 'content-type: application/json' "127.0.0.1:$port/v1/purposes" \
    -d '{"key":"telemarketing","name":"Telemarketing","legal_basis":"legitimate_interests","direct_marketing":true,"channels":["phone","sms","email"]}' >/dev/null
  kill $pid; wait $pid 2>/dev/null || true
  trap - EXIT
  touch ready
  cd - >/dev/null
fi

cmd="cd '$work' && '$vern' wash \"\$CAMP\" --purpose telemarketing --channel phone --region SE --out \"\$OUT\""
bash "$shared/bench/peers/run.sh" "$size" "$cmd"
