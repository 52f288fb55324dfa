#!/usr/bin/env bash
#! `apt_install PKG...`: install missing Debian packages (apt-get update once per process), sudo when not root.
# Sourced after lib.sh by setup.sh and bench.sh.

APT_UPDATED="${APT_UPDATED:-0}"
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt: installing ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
