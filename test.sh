#!/usr/bin/env bash
# Runs vern's tests: what `cargo test --workspace` runs, after installing what they need on a
# fresh machine. Today that is Debian's Chromium and chromedriver, which the web UI's browser
# tests drive; everything else comes from crates.io through cargo. Extra arguments go to
# `cargo test` (CI passes --locked). Set VERN_TEST_POSTGRES_URL to run every integration test
# on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")"

have_browser() {
  command -v chromedriver >/dev/null 2>&1 &&
    { command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ]; }
}

if ! have_browser; then
  echo "test.sh: installing Chromium and chromedriver (Debian packages chromium, chromium-driver)"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
  have_browser || { echo "test.sh: Chromium or chromedriver is still missing" >&2; exit 1; }
fi

exec cargo test --workspace "$@"
