#!/usr/bin/env bash
#! Runs Carebook's tests: `rust` (unit + DB integration + SSR smoke), `shifted` (the date-sensitive
#! integration tests on other dates), `e2e` (Chromium), or `all`.
# Without DATABASE_URL the embedded cluster is started and used (database per test via #[sqlx::test]).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CAREBOOK_ROOT"

E2E_PORT="${E2E_PORT:-18080}"

# A maintenance-capable URL on the cluster the tests use; sqlx::test creates its databases there.
test_database_url() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; else target/debug/carebook db create carebook_test; fi
}

rust_tests() {
  bash scripts/build.sh css
  bash scripts/build.sh server
  local url
  url="$(test_database_url)"
  log "rust: unit, integration (#[sqlx::test]) and SSR smoke tests"
  # Only cargo test sees this URL: the e2e stage must still get its own fresh database.
  # With the bench fixtures: the tests use the bench seeders and check the bench reference's markup.
  DATABASE_URL="$url" cargo test --features server,bench --no-fail-fast
}

# The integration tests whose rules depend on the date, run again with the machine's clock moved by
# libfaketime (the test process only: Postgres keeps the real clock, so any rule that asks the database for
# "now" instead of the app fails) and the booking world moved to that week:
#   - across a DST change: New York springs forward (07:00 UTC) 30 s into the run, the world in the week after;
#   - on 29 February: the world's Tuesday is a leap day.
SHIFTED_TESTS=(booking_ soonest:: schedule sessions:: housekeeping:: two_factor:: password_reset:: profile::)
shifted_tests() {
  bash scripts/build.sh server
  local url bin
  url="$(test_database_url)"
  bin="$(cargo test --features server,bench --test it --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)"
  [ -x "$bin" ] || die "could not build the integration test binary"
  local lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
  [ -f "$lib" ] || die "libfaketime is missing (cargo make setup installs the Debian package faketime)"
  local run machine monday
  for run in "2027-03-14 06:59:30|2027-03-15" "2028-02-29 09:00:00|2028-02-28"; do
    machine="${run%|*}"; monday="${run#*|}"
    log "shifted: the machine's clock at $machine UTC, the booking world on Monday $monday"
    TZ=UTC LD_PRELOAD="$lib" FAKETIME="@$machine" FAKETIME_DONT_FAKE_MONOTONIC=1 \
      CAREBOOK_TEST_MONDAY="$monday" DATABASE_URL="$url" "$bin" "${SHIFTED_TESTS[@]}"
  done
}

e2e_tests() {
  bash scripts/build.sh css
  bash scripts/build.sh server
  bash scripts/build.sh client
  local url
  if [ -n "${DATABASE_URL:-}" ]; then
    url="$DATABASE_URL"
  else
    target/debug/carebook db drop carebook_e2e
    url="$(target/debug/carebook db create carebook_e2e)"
  fi
  log "e2e: starting the server on 127.0.0.1:$E2E_PORT with a fresh seeded database"
  # The production build (no `bench` feature): asked to mount the bench references, it has none (e2e checks).
  mkdir -p target/e2e
  DATABASE_URL="$url" CAREBOOK_SEED=1 CAREBOOK_DEV=1 CAREBOOK_BENCH_REFERENCE=1 IP=127.0.0.1 PORT="$E2E_PORT" \
    DIOXUS_PUBLIC_PATH="$(bash scripts/build.sh client-public)" CAREBOOK_LOG_DIR="$CAREBOOK_ROOT/target/e2e/logs" \
    target/debug/carebook serve > target/e2e/server.log 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$E2E_PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat target/e2e/server.log; die "the e2e server exited"; }
    sleep 0.5
  done
  log "e2e: node --test e2e/ (playwright-core + /usr/bin/chromium)"
  local rc=0
  E2E_BASE_URL="http://127.0.0.1:$E2E_PORT"  \
    node --test --test-concurrency=1 e2e/ || rc=$?
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  trap - EXIT
  [ "$rc" = 0 ] || { warn "server log tail:"; tail -40 target/e2e/server.log >&2; }
  return "$rc"
}

case "${1:-all}" in
  rust) rust_tests ;;
  shifted) shifted_tests ;;
  e2e) e2e_tests ;;
  all) rust_tests; shifted_tests; e2e_tests ;;
  *) die "usage: test.sh rust|shifted|e2e|all" ;;
esac
