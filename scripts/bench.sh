#!/usr/bin/env bash
#! Benchmarks (`cargo make bench`). Figures are reported as ratios against references measured in the same
#! run on the same machine, because these machines are noisy. Loopback traffic only, bounded in time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$CAREBOOK_ROOT/scripts/apt.sh"
cd "$CAREBOOK_ROOT"

apt_install wrk brotli
bash scripts/build.sh all

PORT="${BENCH_PORT:-18090}"
DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-16}"
OUT="target/bench"; mkdir -p "$OUT"

if [ -n "${DATABASE_URL:-}" ]; then url="$DATABASE_URL"; else
  target/debug/carebook db drop carebook_bench >/dev/null
  url="$(target/debug/carebook db create carebook_bench)"
fi

# --- client bundle size ---------------------------------------------------------------------------
PUBLIC="$(bash scripts/build.sh client-public)"
wasm="$(ls -t "$PUBLIC"/assets/*.wasm | head -1)"
raw=$(stat -c %s "$wasm")
br=$(brotli -c -q 11 "$wasm" | wc -c)
js=$(stat -c %s "$(ls -t "$PUBLIC"/assets/*.js | head -1)")

# --- server: RSS after start and under load ---------------------------------------------------------
# Release server for realistic figures (the tests use the debug build).
cargo build --release --features server -q
DATABASE_URL="$url" CAREBOOK_SEED=1 IP=127.0.0.1 PORT="$PORT" DIOXUS_PUBLIC_PATH="$PUBLIC" \
  CAREBOOK_LOG_DIR="$OUT/logs" RUST_LOG=warn target/release/carebook serve > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
sleep 1
rss_start=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

run_wrk() { # path -> "req/s p99_ms"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$1" > "$OUT/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")
  echo "$rps $p99"
}
curl -fsS "http://127.0.0.1:$PORT/" >/dev/null   # warm up
read -r ref_rps ref_p99 <<<"$(run_wrk /robots.txt)"
read -r home_rps home_p99 <<<"$(run_wrk /)"
read -r api_rps api_p99 <<<"$(run_wrk /api/home)"
rss_after=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
{
  echo "== Carebook bench ($(date -u +%FT%TZ), $(nproc) cores, wrk $CONNS connections x $DURATION) =="
  echo "client wasm: raw $raw bytes, brotli-11 $br bytes (ratio $(ratio "$br" "$raw")); js glue $js bytes"
  echo "server RSS: after start ${rss_start} KiB, after load ${rss_after} KiB"
  echo "reference  GET /robots.txt (plain axum, static): $ref_rps req/s, p99 $ref_p99"
  echo "SSR        GET /  (home, 2 server fns, Postgres): $home_rps req/s, p99 $home_p99 -> $(ratio "$home_rps" "$ref_rps") x reference"
  echo "API        GET /api/home (server fn JSON):        $api_rps req/s, p99 $api_p99 -> $(ratio "$api_rps" "$ref_rps") x reference"
} | tee "$OUT/summary.txt"
