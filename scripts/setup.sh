#!/usr/bin/env bash
# One-time (and idempotent) setup of an Isotropic checkout on a machine with only Node + npm:
#   1. pnpm 10, globally, if `pnpm` is missing;
#   2. system packages for WebGPU on the CPU (scripts/install-system-deps.sh; set
#      ISOTROPIC_SKIP_SYSTEM_DEPS=1 to skip it);
#   3. pnpm install --frozen-lockfile;
#   4. pnpm build (turbo: cached, so quick when nothing changed; ISOTROPIC_SKIP_BUILD=1 skips it).
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
  npm_log="$(mktemp)"
  if ! npm install -g --no-fund --no-audit pnpm@10 >"$npm_log" 2>&1; then
    # No permission for npm's global prefix: install under ~/.local instead.
    prefix="${HOME}/.local"
    log "npm install -g failed ($(grep -m1 -Eo 'npm (error|ERR!) code [A-Z_]+' "$npm_log" || echo 'no error code')); trying under ${prefix}..."
    if ! npm install -g --no-fund --no-audit --prefix "$prefix" pnpm@10 >"$npm_log" 2>&1; then
      tail -n 20 "$npm_log" >&2
      rm -f "$npm_log"
      log "could not install pnpm@10 with npm; install it yourself (https://pnpm.io/installation)."
      exit 1
    fi
    export PATH="${prefix}/bin:${PATH}"
    log "add ${prefix}/bin to your PATH to use pnpm outside this script."
  fi
  rm -f "$npm_log"
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
install_log="$(mktemp)"
trap 'rm -f "$install_log" "${build_log:-}"' EXIT
if ! pnpm install --frozen-lockfile --config.confirmModulesPurge=false >"$install_log" 2>&1; then
  cat "$install_log" >&2
  log "pnpm install --frozen-lockfile failed."
  exit 1
fi
log "dependencies installed ($(elapsed "$t"))."

# --- 4. build -----------------------------------------------------------------------------
if [[ "${ISOTROPIC_SKIP_BUILD:-}" == 1 ]]; then
  log "ISOTROPIC_SKIP_BUILD=1: skipping pnpm build."
  exit 0
fi
t=$SECONDS
log "pnpm build..."
build_log="$(mktemp)"
if ! pnpm build --output-logs=errors-only >"$build_log" 2>&1; then
  cat "$build_log" >&2
  log "build failed."
  exit 1
fi
log "build done ($(grep -Eo 'Cached: +[0-9]+ cached, [0-9]+ total' "$build_log" | tr -s ' ' || true); $(elapsed "$t"))."
