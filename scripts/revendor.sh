#!/usr/bin/env bash
#! Move the vendored Dioxus crates to another 0.7.x release: `scripts/revendor.sh 0.7.11`.
# Takes the published crates from crates.io (through cargo), re-applies vendor/patches/*.patch, pins dioxus
# (and Cargo.lock) to that release, then runs the checks that guard the patches (vendor/README.md):
# dioxus-ssr's own test suite on the patched crate, and the SSR smoke tests. A patch that no longer applies
# stops the script before anything in vendor/ is replaced, with the rejected hunks shown.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CAREBOOK_ROOT"

version="${1:-}"
[[ "$version" =~ ^0\.7\.[0-9]+$ ]] || die "usage: scripts/revendor.sh 0.7.N (a published Dioxus 0.7 release)"
CRATES=(dioxus-ssr dioxus-fullstack-core dioxus-server)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. The published sources: a throwaway crate that depends on exactly this release makes cargo fetch them;
#    `cargo metadata` says where they are.
mkdir -p "$work/fetch/src" && : > "$work/fetch/src/lib.rs"
{
  printf '[package]\nname = "revendor-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'
  for c in "${CRATES[@]}"; do printf '%s = "=%s"\n' "$c" "$version"; done
} > "$work/fetch/Cargo.toml"
log "revendor: fetching ${CRATES[*]} $version from crates.io"
(cd "$work/fetch" && cargo fetch -q)
for c in "${CRATES[@]}"; do
  src="$(cd "$work/fetch" && cargo metadata --format-version 1 \
    | python3 -c "import json,sys; print(next(p['manifest_path'] for p in json.load(sys.stdin)['packages'] if p['name']=='$c' and p['version']=='$version'))")"
  cp -r "$(dirname "$src")" "$work/$c" && rm -f "$work/$c/.cargo-ok"
done

# 2. Our patches, tried on the fresh copies first (nothing in vendor/ changes if one fails).
for c in "${CRATES[@]}"; do
  log "revendor: applying vendor/patches/$c.patch"
  (cd "$work/$c" && patch -p2 --forward --no-backup-if-mismatch -s < "$CAREBOOK_ROOT/vendor/patches/$c.patch") \
    || die "vendor/patches/$c.patch does not apply to $c $version: see the rejected hunks (*.rej) in $work/$c; fix the patch or drop it"
done
trap - EXIT
for c in "${CRATES[@]}"; do rm -rf "vendor/$c" && mv "$work/$c" "vendor/$c"; done
rm -rf "$work"

# 3. Pin the release everywhere it is named: Cargo.toml, Cargo.lock, the dx CLI setup installs.
sed -i -E "s/^dioxus = \\{ version = \"=0\\.7\\.[0-9]+\"/dioxus = { version = \"=$version\"/" Cargo.toml
sed -i -E "s/^DX_VERSION=\"0\\.7\\.[0-9]+\"/DX_VERSION=\"$version\"/" scripts/setup.sh
[ "$(lock_version dioxus)" = "$version" ] || cargo update -q -p dioxus --precise "$version"
grep -q "version = \"=$version\"" Cargo.toml || die "could not pin dioxus $version in Cargo.toml"

# 4. The guards: dioxus-ssr's own suite on the patched crate (its dev-dependency is left out of published
#    crates, so a scratch copy gets it), then our SSR tests against the new release.
scratch="$(mktemp -d)"
cp -r vendor/dioxus-ssr "$scratch/"
printf '\n[dev-dependencies.dioxus]\nversion = "=%s"\ndefault-features = false\nfeatures = ["macro", "html", "signals", "hooks"]\n' \
  "$version" >> "$scratch/dioxus-ssr/Cargo.toml"
log "revendor: dioxus-ssr's own tests on the patched crate"
(cd "$scratch/dioxus-ssr" && cargo test -q)
rm -rf "$scratch"
log "revendor: the SSR smoke tests (hydration data, head tags)"
url="$(target/debug/carebook db create carebook_test 2>/dev/null || true)"
[ -n "$url" ] || { cargo build --features server -q && url="$(target/debug/carebook db create carebook_test)"; }
DATABASE_URL="$url" cargo test -q --features server,bench --test it ssr_smoke::
log "revendor: done — Dioxus $version with our patches; run \`cargo make test\` (e2e hydrates every page) before committing"
