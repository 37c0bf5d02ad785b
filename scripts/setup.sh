#!/usr/bin/env bash
# One-time (and idempotent) setup of an Isotropic checkout on a machine with only Node + npm:
#   1. pnpm 10, globally, if `pnpm` is missing;
#   2. system packages for WebGPU on the CPU (scripts/install-system-deps.sh; set
#      ISOTROPIC_SKIP_SYSTEM_DEPS=1 to skip it);
#   3. pnpm install --frozen-lockfile;
#   4. pnpm build (turbo: cached, so quick when nothing changed).
# Runnable from any directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[setup] %s\n' "$*"; }
elapsed() { printf '%ss' "$((SECONDS - $1))"; }

command -v node >/dev/null 2>&1 || {
  log "node is not installed: install Node.js >= 20.19 first."
  exit 1
}

# --- 1. pnpm ------------------------------------------------------------------------------
if ! command -v pnpm >/dev/null 2>&1; then
  t=$SECONDS
  log "pnpm not found: npm install -g pnpm@10..."
  if ! npm install -g --silent pnpm@10 >/dev/null 2>&1; then
    # No permission for npm's global prefix: install under ~/.local instead.
    prefix="${HOME}/.local"
    log "npm -g failed; installing pnpm@10 under ${prefix} instead..."
    npm install -g --silent --prefix "$prefix" pnpm@10 >/dev/null
    export PATH="${prefix}/bin:${PATH}"
    log "add ${prefix}/bin to your PATH to use pnpm outside this script."
  fi
  hash -r
  if ! command -v pnpm >/dev/null 2>&1; then
    # npm's global bin folder is not on PATH (custom prefix).
    gbin="$(npm prefix -g)/bin"
    export PATH="${gbin}:${PATH}"
    log "add ${gbin} to your PATH to use pnpm outside this script."
  fi
  log "pnpm $(pnpm --version) installed ($(elapsed "$t"))."
fi

# --- 2. system packages -------------------------------------------------------------------
if [[ "${ISOTROPIC_SKIP_SYSTEM_DEPS:-}" == 1 ]]; then
  log "ISOTROPIC_SKIP_SYSTEM_DEPS=1: skipping system packages."
else
  t=$SECONDS
  bash "$ROOT/scripts/install-system-deps.sh"
  log "system packages ready ($(elapsed "$t"))."
fi

# --- 3. dependencies ----------------------------------------------------------------------
t=$SECONDS
log "pnpm install --frozen-lockfile..."
pnpm install --frozen-lockfile --reporter=silent
log "dependencies installed ($(elapsed "$t"))."

# --- 4. build -----------------------------------------------------------------------------
t=$SECONDS
log "pnpm build..."
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! pnpm build --output-logs=errors-only >"$build_log" 2>&1; then
  cat "$build_log" >&2
  log "build failed."
  exit 1
fi
log "build done ($(grep -Eo 'Cached: +[0-9]+ cached, [0-9]+ total' "$build_log" | tr -s ' ' || true); $(elapsed "$t"))."
