#!/usr/bin/env bash
#! Shared shell helpers for Carebook's scripts: logging, privilege escalation and the Rust toolchain choice.
# Sourced by setup.sh, db.sh, build.sh, test.sh and e2e.sh; defines functions and exports, runs nothing else.

CAREBOOK_ROOT="${CAREBOOK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CAREBOOK_ROOT
export CAREBOOK_DATA_DIR="${CAREBOOK_DATA_DIR:-$CAREBOOK_ROOT/data}"

log() { printf '\033[1;34m[carebook]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[carebook]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[carebook]\033[0m %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Local npm tools (tailwindcss, esbuild, wasm-opt, playwright-core) live in node_modules/.bin.
export PATH="$CAREBOOK_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# dx must never download anything: it uses wasm-bindgen, wasm-opt, esbuild from PATH.
# Compile-time checked SQL reads the committed .sqlx/ data, even when DATABASE_URL is set for the tests.
export SQLX_OFFLINE="${SQLX_OFFLINE:-true}"
export NO_DOWNLOADS=1
export DX_TELEMETRY_ENABLED=false

# Pick the toolchain whose sysroot has the wasm32 std: the default one (rustup stable with the target
# installed) or the Debian `web` toolchain built by setup.sh's offline route. Both halves must use it.
select_toolchain() {
  if [ -n "${RUSTUP_TOOLCHAIN:-}" ]; then return 0; fi
  local sysroot
  sysroot="$(rustc --print sysroot 2>/dev/null || true)"
  if [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then return 0; fi
  if command -v rustup >/dev/null 2>&1 && rustup toolchain list 2>/dev/null | grep -qx 'web'; then
    export RUSTUP_TOOLCHAIN=web
  fi
}
select_toolchain

# wasm-bindgen version recorded in Cargo.lock (dx insists wasm-bindgen-cli matches it exactly).
lock_version() {
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$CAREBOOK_ROOT/Cargo.lock"
}
