#!/usr/bin/env bash
#! Runs the built server with the wasm client bundle (called by `cargo make run` after `build`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CAREBOOK_ROOT"
export DIOXUS_PUBLIC_PATH="$(bash scripts/build.sh client-public)"
export IP="${IP:-127.0.0.1}" PORT="${PORT:-8080}"
# The quick start is development mode: the mail outbox at /dev/outbox shows the sign-up and reset mails
# (the server refuses it unless it listens on loopback). Deployments run `carebook serve` without it.
export CAREBOOK_DEV="${CAREBOOK_DEV:-1}"
exec target/debug/carebook serve
