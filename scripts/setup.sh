#!/usr/bin/env bash
#! Installs everything Carebook needs beyond Rust itself, idempotently, from package registries only.
# Run by `cargo make setup` (and so by `cargo make run` / `cargo make test`). Quick once done: every
# step checks first and says what it installs. Uses sudo only when not root. Never asks GitHub.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
cd "$CAREBOOK_ROOT"

DX_VERSION="0.7.10"
PG_MAJOR=15
DEBIAN_LLVM_MAJOR=22   # Debian's rustc-web 1.96 is built against LLVM 22
T0=$(date +%s)

# 1. System packages: Postgres 15 server binaries, Chromium for e2e, Node for the npm tools, libfaketime
#    for the date-shifted tests, brotli to precompress the client bundle.
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
apt_install "postgresql-$PG_MAJOR" chromium fonts-dejavu-core ca-certificates curl faketime brotli
# Debian's binaryen (v108) is too old for current rustc output and would shadow npm's wasm-opt.
if dpkg -s binaryen >/dev/null 2>&1; then log "apt: removing Debian binaryen (too old; npm's is used)"; as_root apt-get purge -y -qq binaryen >/dev/null; fi

# 2. The wasm32-unknown-unknown target: already there, else rustup (bounded), else Debian's offline route.
wasm_target_ok() {
  local sysroot; sysroot="$(rustc --print sysroot 2>/dev/null)" || return 1
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}
unset RUSTUP_TOOLCHAIN
if wasm_target_ok; then
  :
elif command -v rustup >/dev/null 2>&1 && log "rustup: adding wasm32-unknown-unknown (120 s limit)" \
     && timeout 120 rustup target add wasm32-unknown-unknown && wasm_target_ok; then
  :
else
  warn "rustup cannot download the wasm32 target: building it from Debian's rustc-web (offline route)"
  apt_install rustc-web cargo-web libstd-rust-web-dev rust-web-src rust-web-llvm "lld-$DEBIAN_LLVM_MAJOR"
  WASM_LIB=/usr/lib/rustlib/wasm32-unknown-unknown/lib
  if ! ls "$WASM_LIB"/libstd-*.rlib >/dev/null 2>&1; then
    work="$(mktemp -d)"; mkdir -p "$work/src"
    printf '[package]\nname = "wasm_std_seed"\nversion = "0.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n' > "$work/Cargo.toml"
    echo '#[no_mangle] pub extern "C" fn seed(n: u32) -> u32 { format!("{n}").len() as u32 }' > "$work/src/lib.rs"
    log "building std for wasm32 with Debian's cargo (about 30 s)"
    # -Cembed-bitcode=yes so LTO release builds can link against these rlibs.
    ( cd "$work" && PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cembed-bitcode=yes" \
        /usr/bin/cargo build -q --release -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown )
    as_root mkdir -p "$WASM_LIB"
    for f in "$work"/target/wasm32-unknown-unknown/release/deps/lib*.rlib; do
      case "$(basename "$f")" in libwasm_std_seed*) ;; *) as_root cp "$f" "$WASM_LIB/" ;; esac
    done
    rm -rf "$work"
  fi
  GCC_LD=/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld
  as_root mkdir -p "$GCC_LD" && as_root ln -sf "/usr/lib/llvm-$DEBIAN_LLVM_MAJOR/bin/wasm-ld" "$GCC_LD/wasm-ld"
  rustup toolchain list | grep -qx web || rustup toolchain link web /usr
  log "using the 'web' toolchain (Debian rustc-web) for both halves of the app"
fi
select_toolchain
rustup component list --installed 2>/dev/null | grep -q '^clippy' || [ -n "${RUSTUP_TOOLCHAIN:-}" ] \
  || { log "rustup: adding clippy"; timeout 120 rustup component add clippy rustfmt || warn "clippy unavailable"; }

# 3. Cargo tools: dx (pinned) and wasm-bindgen-cli at exactly the Cargo.lock version.
WB_VERSION="$(lock_version wasm-bindgen)"
[ -n "$WB_VERSION" ] || die "wasm-bindgen not found in Cargo.lock"
if ! { command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WB_VERSION" ]; }; then
  log "cargo: installing wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  # Its own lockfile can pin crates the registry no longer serves; fall back to fresh resolution.
  env -u RUSTUP_TOOLCHAIN cargo install -q wasm-bindgen-cli --version "=$WB_VERSION" --locked \
    || env -u RUSTUP_TOOLCHAIN cargo install -q wasm-bindgen-cli --version "=$WB_VERSION" --force
fi
if ! { command -v dx >/dev/null && dx --version 2>/dev/null | grep -q "dioxus $DX_VERSION"; }; then
  log "cargo: installing dioxus-cli (dx) $DX_VERSION (about 10 minutes on 2 cores)"
  env -u RUSTUP_TOOLCHAIN cargo install -q dioxus-cli --version "=$DX_VERSION" --locked
fi
DX_HOME_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/.dx"
if ! grep -q 'no_downloads = true' "$DX_HOME_DIR/settings.toml" 2>/dev/null; then
  log "dx: configuring no_downloads (dx uses the tools installed here, never GitHub)"
  mkdir -p "$DX_HOME_DIR"
  printf 'no_downloads = true\ndisable_telemetry = true\n' > "$DX_HOME_DIR/settings.toml"
fi

# 4. npm tools, pinned by package-lock.json: tailwindcss, esbuild, binaryen (wasm-opt), playwright-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm: installing tailwindcss, esbuild, binaryen (wasm-opt), playwright-core, lighthouse into node_modules/"
  npm ci --no-fund --no-audit --loglevel=error
fi

log "setup complete in $(( $(date +%s) - T0 ))s (toolchain: ${RUSTUP_TOOLCHAIN:-default})"
