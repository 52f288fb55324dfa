#!/usr/bin/env bash
#! Builds Carebook's parts: css | server | client | all | dev | lint | sqlx-prepare.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CAREBOOK_ROOT"

# Where `dx build --web --release` leaves the client bundle (index.html, wasm/, assets/).
CLIENT_PUBLIC="$CAREBOOK_ROOT/target/dx/carebook/release/web/public"

css() {
  # Build to a temp file and replace only on change: build.rs re-embeds (and rebuilds) on every touch.
  local tmp; tmp="$(mktemp)"
  tailwindcss -c tailwind.config.js -i input.css -o "$tmp" --minify 2>/dev/null
  mkdir -p assets
  if ! cmp -s "$tmp" assets/tailwind.css; then mv "$tmp" assets/tailwind.css; log "css: assets/tailwind.css updated ($(wc -c < assets/tailwind.css) bytes)"; else rm -f "$tmp"; fi
}

server() { cargo build --features server; }

client() {
  log "client: dx build --web --release (wasm)"
  # dx adds new hashed files next to old ones; start clean so the bundle holds only this build.
  rm -rf "$CLIENT_PUBLIC"
  dx build --web --release --features web >/dev/null 2>"$CAREBOOK_ROOT/target/dx-build.log" \
    || { tail -60 "$CAREBOOK_ROOT/target/dx-build.log"; die "dx build failed (log: target/dx-build.log)"; }
  [ -f "$CLIENT_PUBLIC/index.html" ] || die "dx build produced no $CLIENT_PUBLIC/index.html"
  # dx's page template has no language; every server-rendered page uses this shell, and screen readers
  # and search engines need it (Lighthouse html-has-lang).
  sed -i 's/<html>/<html lang="en">/' "$CLIENT_PUBLIC/index.html"
  grep -q '<html lang="en">' "$CLIENT_PUBLIC/index.html" || die "could not set the page language in index.html"
  # Precompressed variants beside each text and wasm file; the server picks one by Accept-Encoding.
  local f
  for f in "$CLIENT_PUBLIC"/assets/*; do
    case "$f" in
      *.wasm | *.js | *.css | *.svg | *.json | *.html | *.txt | *.map) brotli -q 11 -f -k "$f"; gzip -9 -f -k -n "$f" ;;
    esac
  done
  log "client: $(ls "$CLIENT_PUBLIC"/assets/*.wasm | wc -l) wasm file(s), $(cat "$CLIENT_PUBLIC"/assets/*.wasm.br | wc -c) bytes as brotli"
}

lint() {
  cargo fmt --check
  cargo clippy --features server -- -D warnings
  cargo clippy --features server,bench --all-targets -- -D warnings
  cargo clippy --features web --target wasm32-unknown-unknown -- -D warnings
}

sqlx_prepare() {
  # A throwaway database migrated with psql (not the binary, whose embedded migrations may be older than
  # the ones the new queries need), then every query macro re-checked online and recorded in .sqlx/.
  local base url
  if [ -n "${DATABASE_URL:-}" ]; then base="$DATABASE_URL"; else
    [ -x target/debug/carebook ] || cargo build --features server
    target/debug/carebook db start >/dev/null
    base="$(target/debug/carebook db url postgres)"
  fi
  url="${base%/*}/carebook_sqlx_prepare"
  psql -q "$base" -c "drop database if exists carebook_sqlx_prepare with (force)" -c "create database carebook_sqlx_prepare"
  for f in migrations/*.sql; do psql -q -v ON_ERROR_STOP=1 "$url" -f "$f" >/dev/null; done
  rm -rf .sqlx && mkdir -p .sqlx
  touch src/lib.rs
  SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$CAREBOOK_ROOT/.sqlx" DATABASE_URL="$url" cargo check --features server,bench --all-targets
  log "sqlx-prepare: $(ls .sqlx | wc -l) queries recorded in .sqlx/"
}

case "${1:-all}" in
  css) css ;;
  server) server ;;
  client) client ;;
  all) css; server; client ;;
  # dx builds and runs both halves (the server with `--features server`, the client with `web`), proxies
  # them on :8080, and rebuilds on every change under src/ and assets/.
  dev) CAREBOOK_DEV=1 exec dx serve --addr 127.0.0.1 --port 8080 --open false --interactive false --fullstack true \
         @client --web --features web @server --server --features server ;;
  lint) lint ;;
  sqlx-prepare) sqlx_prepare ;;
  client-public) echo "$CLIENT_PUBLIC" ;;
  *) die "usage: build.sh css|server|client|all|dev|lint|sqlx-prepare" ;;
esac
