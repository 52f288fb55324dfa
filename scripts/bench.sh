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
PACED_DURATION="${BENCH_PACED_DURATION:-30s}"
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
cargo build --release --features server,bench -q
DATABASE_URL="$url" CAREBOOK_SEED=1 CAREBOOK_TRUST_PROXY=1 IP=127.0.0.1 PORT="$PORT" DIOXUS_PUBLIC_PATH="$PUBLIC" \
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

# --- sign-in: throughput against raw argon2, public-page p99 during a flood, 429 past capacity ----------
hashers=$(( $(nproc) / 2 )); [ "$hashers" -ge 1 ] || hashers=1
argon_rate=$(target/release/carebook bench argon2 "$hashers" 5 2>/dev/null)
pct_of() { awk -v p="$1%" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$2"; }
p99_of() { pct_of 99 "$1"; }
wrk -t1 -c4 -d10s --latency "http://127.0.0.1:$PORT/" > "$OUT/quiet.txt"
quiet_p99=$(p99_of "$OUT/quiet.txt")
wrk -t1 -c32 -d14s -s scripts/bench/sign_in.lua "http://127.0.0.1:$PORT" > "$OUT/flood.txt" 2>&1 &
flood=$!
sleep 2
wrk -t1 -c4 -d10s --latency "http://127.0.0.1:$PORT/" > "$OUT/loud.txt"
wait $flood
loud_p99=$(p99_of "$OUT/loud.txt")
read -r processed refused signin_secs <<<"$(awk '/^SIGNIN/ { for (i=2;i<=NF;i++) { split($i,kv,"="); v[kv[1]]=kv[2] } print v["processed"], v["refused"], v["seconds"] }' "$OUT/flood.txt")"
signin_rate=$(awk -v p="$processed" -v s="$signin_secs" 'BEGIN { printf "%.2f", p / s }')
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT

# --- booking: holds through the server function against raw INSERTs by pgbench, same constraint, same DB --
read -r book_http book_raw <<<"$(DATABASE_URL="$url" RUST_LOG=warn target/release/carebook bench booking-setup "$OUT" 60000)"
serve_on() { # log-name [VAR=value ...]: the release server on $url in the background, once healthy
  local log="$1"; shift
  env DATABASE_URL="$url" CAREBOOK_SEED=0 IP=127.0.0.1 PORT="$PORT" DIOXUS_PUBLIC_PATH="$PUBLIC" \
    CAREBOOK_LOG_DIR="$OUT/logs" RUST_LOG=warn "$@" target/release/carebook serve > "$OUT/$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
}
serve_on server-booking.log CAREBOOK_MAX_OPEN_HOLDS=1000000 CAREBOOK_HOLDS_PER_IP=0
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s scripts/bench/replay.lua "http://127.0.0.1:$PORT" -- "$OUT/booking_http.txt" 2 \
  /api/appointments/hold Cookie \
  > "$OUT/booking-wrk.txt" 2>&1
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT
hold_rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/booking-wrk.txt")
hold_p99=$(p99_of "$OUT/booking-wrk.txt")
hold_bad=$(awk '/Non-2xx/ {print $NF}' "$OUT/booking-wrk.txt"); hold_bad=${hold_bad:-0}
/usr/lib/postgresql/15/bin/pgbench -n -c "$CONNS" -j 2 -T "${DURATION%s}" -f scripts/bench/booking_insert.sql "$url" > "$OUT/pgbench.txt" 2>&1
raw_tps=$(awk '/^tps/ {print $3; exit}' "$OUT/pgbench.txt")
overlaps=$(psql "$url" -Atc "select count(*) from appointments x join appointments y on x.doctor_id = y.doctor_id
  and x.id < y.id and tstzrange(x.starts_at, x.blocked_until) && tstzrange(y.starts_at, y.blocked_until)
  where x.status in ('held','pending','confirmed') and y.status in ('held','pending','confirmed')")

# --- payment webhooks: the real handler against the same settling transaction by pgbench, same DB --------
# The booking bench's holds become bookings awaiting payment; each gets a signed Stripe event (wrk) or a
# row pgbench settles by hand. Signatures are checked against the clock: the run starts within a minute.
HOOK_SECRET="whsec_bench_local"
read -r hook_http hook_raw <<<"$(DATABASE_URL="$url" RUST_LOG=warn target/release/carebook bench webhook-setup "$OUT" 30000 "$HOOK_SECRET")"
serve_on server-webhook.log CAREBOOK_STRIPE_SECRET_KEY=sk_bench_local CAREBOOK_STRIPE_WEBHOOK_SECRET="$HOOK_SECRET" \
  CAREBOOK_STRIPE_API_BASE=http://127.0.0.1:9
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s scripts/bench/replay.lua "http://127.0.0.1:$PORT" -- "$OUT/webhooks.txt" 2 \
  /webhooks/stripe Stripe-Signature \
  > "$OUT/webhook-wrk.txt" 2>&1
# The server's job loop writes the announcements and receipts during the load; time what is left after it.
drain_from=$(date +%s.%N)
for _ in $(seq 1 600); do [ "$(psql "$url" -Atc "select count(*) from jobs where status = 'queued'")" = 0 ] && break; sleep 0.1; done
hook_drain=$(awk -v s="$drain_from" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT
hook_jobs=$(psql "$url" -Atc "select count(*) from jobs where status = 'done'")
hook_receipts=$(psql "$url" -Atc "select count(*) from outbox_emails where subject like 'Your Carebook receipt%'")
hook_rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/webhook-wrk.txt")
hook_p99=$(p99_of "$OUT/webhook-wrk.txt")
hook_bad=$(awk '/Non-2xx/ {print $NF}' "$OUT/webhook-wrk.txt"); hook_bad=${hook_bad:-0}
# Settled by the handler (a run that outlasts the events repeats the last one: a duplicate, not a settle).
hook_settled=$(psql "$url" -Atc "select count(*) from payment_events where to_status = 'succeeded' and source = 'webhook'")
hook_settled_rps=$(awk -v n="$hook_settled" -v d="${DURATION%s}" 'BEGIN { printf "%.1f", n / d }')
# A fixed number of transactions (every row once), so pgbench never runs past its rows.
/usr/lib/postgresql/15/bin/pgbench -n -c "$CONNS" -j 2 -t $(( hook_raw / CONNS )) -f scripts/bench/webhook_settle.sql "$url" \
  > "$OUT/pgbench-webhook.txt" 2>&1
hook_raw_tps=$(awk '/^tps/ {print $3; exit}' "$OUT/pgbench-webhook.txt")
hook_twice=$(psql "$url" -Atc "select count(*) from (select payment_id from payment_events where to_status = 'succeeded'
  group by payment_id having count(*) > 1) x")

# --- reminders: the job loop sending due reminders against the same rows written raw, same DB -------------
# The webhook stage's confirmed bookings have their reminders planned (by the trigger); 10,000 are made due.
read -r rem_n rem_jobs rem_raw <<<"$(DATABASE_URL="$url" RUST_LOG=warn target/release/carebook bench reminders "${BENCH_REMINDERS:-10000}")"

# --- directory search at 100k doctors: Dioxus SSR against a hand-written axum + sqlx handler -------------
# A separate database, loaded once (about a minute) and reused while it holds exactly the bench data.
DIR_DOCTORS="${BENCH_DOCTORS:-100000}"
dir_url="$(target/debug/carebook db create carebook_bench_directory)"
# (Only with its reviews: databases loaded before reviews existed reload.)
have=$(psql "$dir_url" -Atc "select case when exists (select 1 from reviews) then count(*) else 0 end from doctors" 2>/dev/null || echo 0)
# Reuse only if it also still migrates cleanly with this build (an edited migration means reload).
if [ "$have" != "$DIR_DOCTORS" ] || ! DATABASE_URL="$dir_url" target/release/carebook bench search 1 >/dev/null 2>&1; then
  target/debug/carebook db drop carebook_bench_directory >/dev/null
  dir_url="$(target/debug/carebook db create carebook_bench_directory)"
  echo "loading $DIR_DOCTORS bench doctors (once)..."
  load_start=$(date +%s)
  DATABASE_URL="$dir_url" RUST_LOG=warn target/release/carebook bench seed-doctors "$DIR_DOCTORS" >/dev/null
  echo "loaded in $(( $(date +%s) - load_start )) s"
fi
# A reused database may have just gained a table from a migration (migration 19 fills search_postings):
# vacuum sets its visibility map as autovacuum would within a minute, so index-only scans are measured as
# they run on a long-lived database. (A no-op on tables already vacuumed.)
psql -q "$dir_url" -c "vacuum analyze search_postings"
slots_us=$(target/release/carebook bench slots 200 2>/dev/null)
read -r q_p50 q_p95 q_p99 <<<"$(DATABASE_URL="$dir_url" RUST_LOG=warn target/release/carebook bench search 60)"
DATABASE_URL="$dir_url" CAREBOOK_SEED=0 CAREBOOK_BENCH_REFERENCE=1 IP=127.0.0.1 PORT="$PORT" DIOXUS_PUBLIC_PATH="$PUBLIC" \
  CAREBOOK_DB_MAX_CONNECTIONS=24 CAREBOOK_LOG_DIR="$OUT/logs" RUST_LOG=warn target/release/carebook serve > "$OUT/server-directory.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/doctors?q=cardiology" >/dev/null
curl -fsS "http://127.0.0.1:$PORT/bench/reference/doctors?q=cardiology" >/dev/null
curl -fsS "http://127.0.0.1:$PORT/bench/reference/doctors-minimal?q=cardiology" >/dev/null
dir_wrk() { # prefix [mean think time ms] [duration] -> "req/s p50_ms p99_ms"
  wrk -t2 -c50 -d"${3:-$DURATION}" --latency -s scripts/bench/directory.lua "http://127.0.0.1:$PORT" -- "$1" "${2:-0}" \
    > "$OUT/dir.txt" 2>&1
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/dir.txt") $(pct_of 50 "$OUT/dir.txt") $(p99_of "$OUT/dir.txt")"
}
# Saturating throughput in alternating pairs (PAIRS of them, PAIR_DURATION per side): drift in this VM's
# speed hits both sides of a pair alike, and every other pair runs the SSR first, so a steady speed-up or
# slow-down over the run does not favour the side that always went second. Reported: each side's median,
# and the median of the pair ratios. The reference writes the SSR card's markup for each result; the
# first, minimal reference (a bare list of the same facts) runs after each pair too, for continuity.
PAIRS="${BENCH_PAIRS:-8}"
PAIR_DURATION="${BENCH_PAIR_DURATION:-6s}"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ref_all=""; ssr_all=""; ratio_all=""; refp99_all=""; ssrp99_all=""; min_all=""; minratio_all=""
for pair in $(seq 1 "$PAIRS"); do
  if [ $(( pair % 2 )) = 1 ]; then
    read -r r _ rp <<<"$(dir_wrk /bench/reference/doctors? 0 "$PAIR_DURATION")"
    read -r s _ sp <<<"$(dir_wrk /doctors? 0 "$PAIR_DURATION")"
  else
    read -r s _ sp <<<"$(dir_wrk /doctors? 0 "$PAIR_DURATION")"
    read -r r _ rp <<<"$(dir_wrk /bench/reference/doctors? 0 "$PAIR_DURATION")"
  fi
  read -r m _ _ <<<"$(dir_wrk /bench/reference/doctors-minimal? 0 "$PAIR_DURATION")"
  min_all="$min_all $m"; minratio_all="$minratio_all $(ratio "$s" "$m")"
  ref_all="$ref_all $r"; ssr_all="$ssr_all $s"; refp99_all="$refp99_all $rp"; ssrp99_all="$ssrp99_all $sp"
  ratio_all="$ratio_all $(ratio "$s" "$r")"
done
refdir_rps=$(median <<<"$ref_all"); ssrdir_rps=$(median <<<"$ssr_all"); dir_ratio=$(median <<<"$ratio_all")
refdir_p99=$(median <<<"$refp99_all"); ssrdir_p99=$(median <<<"$ssrp99_all")
mindir_rps=$(median <<<"$min_all"); min_ratio=$(median <<<"$minratio_all")
# Latency at a sustainable load: the same 50 connections, each pausing a random 0-2 s between requests,
# for long enough (~1,400 requests each) that the p99 is not decided by a handful of them.
read -r refpaced_rps refpaced_p50 refpaced_p99 <<<"$(dir_wrk /bench/reference/doctors? 1000 "$PACED_DURATION")"
read -r ssrpaced_rps ssrpaced_p50 ssrpaced_p99 <<<"$(dir_wrk /doctors? 1000 "$PACED_DURATION")"
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT

# --- a doctor page with 500 reviews against the same page with none, in alternating pairs ----------------
# The same doctor both ways (their reviews shown, then hidden, which takes them out of the page and of the
# rating like none at all), so only the reviews differ; every other pair runs the page without them first.
psql -q "$url" -v ON_ERROR_STOP=1 -f scripts/bench/reviews_500.sql
serve_on server-reviews.log
page_wrk() { # -> req/s of the doctor page
  wrk -t2 -c"$CONNS" -d"$PAIR_DURATION" "http://127.0.0.1:$PORT/doctors/dr-amara-okafor" > "$OUT/page.txt"
  awk '/Requests\/sec/ {print $2}' "$OUT/page.txt"
}
reviews_shown() { # true|false
  psql -q "$url" -c "update reviews set hidden_at = case when $1 then null else now() end,
    hidden_reason = case when $1 then null else 'bench: the page without reviews' end
    where doctor_id = (select id from doctors where slug = 'dr-amara-okafor')"
}
reviews_shown true
page_reviews=$(psql "$url" -Atc "select review_count from review_summaries s join doctors d on d.id = s.doctor_id where d.slug = 'dr-amara-okafor'")
curl -fsS "http://127.0.0.1:$PORT/doctors/dr-amara-okafor" >/dev/null
with_all=""; none_all=""; page_ratio_all=""
for pair in $(seq 1 "${BENCH_PAGE_PAIRS:-4}"); do
  if [ $(( pair % 2 )) = 1 ]; then
    reviews_shown true; w=$(page_wrk); reviews_shown false; n=$(page_wrk)
  else
    reviews_shown false; n=$(page_wrk); reviews_shown true; w=$(page_wrk)
  fi
  with_all="$with_all $w"; none_all="$none_all $n"; page_ratio_all="$page_ratio_all $(ratio "$w" "$n")"
done
reviews_shown true
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT
page_with=$(median <<<"$with_all"); page_none=$(median <<<"$none_all"); page_ratio=$(median <<<"$page_ratio_all")

{
  echo "== Carebook bench ($(date -u +%FT%TZ), $(nproc) cores, wrk $CONNS connections x $DURATION) =="
  echo "client wasm: raw $raw bytes, brotli-11 $br bytes (ratio $(ratio "$br" "$raw")); js glue $js bytes"
  echo "server RSS: after start ${rss_start} KiB, after load ${rss_after} KiB"
  echo "reference  GET /robots.txt (plain axum, static): $ref_rps req/s, p99 $ref_p99"
  echo "SSR        GET /  (home, 2 server fns, Postgres): $home_rps req/s, p99 $home_p99 -> $(ratio "$home_rps" "$ref_rps") x reference"
  echo "API        GET /api/home (server fn JSON):        $api_rps req/s, p99 $api_p99 -> $(ratio "$api_rps" "$ref_rps") x reference"
  echo "argon2 reference: $argon_rate verifies/s on $hashers thread(s) (the server's hashing concurrency)"
  echo "sign-in flood (32 conns): $signin_rate attempts/s processed -> $(ratio "$signin_rate" "$argon_rate") x raw argon2; $refused answered 429 at capacity"
  echo "public page p99 at 4 conns: quiet ${quiet_p99} ms, during the flood ${loud_p99} ms -> $(ratio "$loud_p99" "$quiet_p99") x"
  echo "directory, $DIR_DOCTORS doctors, 50 connections, 8-query mix:"
  echo "  saturating, $PAIRS alternating pairs x $PAIR_DURATION per side, order swapped every pair (medians):"
  echo "  reference (axum + sqlx, hand-written HTML, the SSR card's markup per result): $refdir_rps req/s, p99 $refdir_p99 ms"
  echo "  SSR /doctors?q=... (Dioxus):       $ssrdir_rps req/s, p99 $ssrdir_p99 ms -> $dir_ratio x reference (pairs:$ratio_all)"
  echo "  minimal reference (bare list of the same facts, as in earlier runs): $mindir_rps req/s -> SSR $min_ratio x (pairs:$minratio_all)"
  echo "  paced (50 connections, random 0-2 s think time, $PACED_DURATION each): reference $refpaced_rps req/s, p50 $refpaced_p50 ms, p99 $refpaced_p99 ms; SSR $ssrpaced_rps req/s, p50 $ssrpaced_p50 ms, p99 $ssrpaced_p99 ms"
  echo "  search in Postgres (app -> db, 60 rounds of the mix): p50 $q_p50 ms, p95 $q_p95 ms, p99 $q_p99 ms"
  echo "booking, $CONNS connections: hold via server fn $hold_rps req/s (p99 $hold_p99 ms, $hold_bad non-2xx) vs pgbench raw INSERT $raw_tps tps -> $(ratio "$hold_rps" "$raw_tps") x (target >= 0.5); overlapping active rows after both: $overlaps"
  echo "reminders: $rem_n due reminders sent by the job loop at $rem_jobs/s (email and notice each, batches of 50) vs the same rows inserted raw $rem_raw/s -> $(ratio "$rem_jobs" "$rem_raw") x (target >= 0.5)"
  echo "payment webhooks, $CONNS connections: signed Stripe events through the handler $hook_settled_rps settled/s ($hook_rps req/s, p99 $hook_p99 ms, $hook_bad non-2xx, $hook_settled of $hook_http events) vs pgbench the same transaction $hook_raw_tps tps ($hook_raw rows) -> $(ratio "$hook_settled_rps" "$hook_raw_tps") x (target >= 0.5); payments settled twice: $hook_twice; their jobs: $hook_jobs done ($hook_receipts receipts), the last $hook_drain s after the load"
  echo "doctor page, $CONNS connections, ${BENCH_PAGE_PAIRS:-4} pairs x $PAIR_DURATION: with its $page_reviews reviews $page_with req/s vs the same page with none $page_none req/s -> $page_ratio x (target >= 0.8; pairs:$page_ratio_all)"
  echo "free slots, 60 days of a busy doctor (pure function, release): $slots_us us per computation (target <= 1000 us)"
} | tee "$OUT/summary.txt"
