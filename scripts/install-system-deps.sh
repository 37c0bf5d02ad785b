#!/usr/bin/env bash
# Installs the system packages that let Isotropic run WebGPU without a GPU:
#   - Mesa's Vulkan drivers (lavapipe, a CPU Vulkan driver) plus the Vulkan loader,
#     used by Dawn (the `webgpu` npm package) in Node;
#   - Debian's `chromium`, driven headless by playwright-core for the browser tests.
#
# On Debian 12 (bookworm) Mesa must come from bookworm-backports: bookworm's own Mesa 22
# gives Dawn no adapter at all. The backports entry is derived from the Debian entry that
# apt already uses (same mirror, components and keyring), never from a hard-coded host.
#
# Idempotent, and quick when everything is already installed (dpkg-query only, no apt).
# On machines without root or apt it prints one line and exits 0: the CPU backend still
# works, and the WebGPU tests skip themselves.
set -euo pipefail

log() { printf '[system-deps] %s\n' "$*"; }

skip() {
  log "$1; WebGPU tests will be skipped (CPU backend only)."
  exit 0
}

[[ "$(uname -s)" == Linux ]] || skip "not Linux ($(uname -s)): install GPU drivers and a browser yourself"
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  skip "no apt-get/dpkg here: install Mesa's Vulkan drivers (lavapipe) and chromium yourself"
fi

CODENAME=""
DISTRO=""
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  CODENAME="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
  # shellcheck disable=SC1091
  DISTRO="$(. /etc/os-release && printf '%s' "${ID:-}")"
fi

# bookworm's own Mesa (22.3) gives Dawn a null adapter; the one in bookworm-backports works.
MIN_MESA=23
USE_BACKPORTS=0
if [[ "$DISTRO" == debian && "$CODENAME" == bookworm ]]; then
  USE_BACKPORTS=1
fi

pkg_version() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null | awk '$1 == "ii" { print $2 }'
}

mesa_ok() {
  local v
  v="$(pkg_version mesa-vulkan-drivers)"
  [[ -n "$v" ]] || return 1
  dpkg --compare-versions "$v" ge "$MIN_MESA"
}

missing=()
mesa_ok || missing+=(mesa-vulkan-drivers)
for p in libvulkan1 chromium; do
  [[ -n "$(pkg_version "$p")" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  log "mesa-vulkan-drivers $(pkg_version mesa-vulkan-drivers), libvulkan1 $(pkg_version libvulkan1), chromium $(pkg_version chromium) already installed; nothing to do."
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  skip "not root, cannot install ${missing[*]} (run: sudo bash scripts/install-system-deps.sh)"
fi

export DEBIAN_FRONTEND=noninteractive

# --- bookworm-backports -------------------------------------------------------------------
backports_configured() {
  local suite="$CODENAME-backports"
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    if [[ "$f" == *.sources ]]; then
      grep -Eq "^[[:space:]]*Suites:.*[[:space:]]${suite}([[:space:]]|$)" "$f" && return 0
    else
      grep -Eq "^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+[[:space:]]+${suite}([[:space:]]|$)" "$f" &&
        return 0
    fi
  done
  return 1
}

# Prints a deb822 stanza for $CODENAME-backports, copied from the first enabled deb822
# stanza whose Suites list the release itself (keeps URIs, Components, Signed-By,
# Architectures...; drops comments and deb-src).
derive_deb822() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    awk -v rel="$CODENAME" '
      function flush(   i, s, n, parts, hasrel, enabled) {
        if (nl == 0) return 0
        hasrel = 0; enabled = 1; hasdeb = 0
        for (i = 1; i <= nl; i++) {
          s = lines[i]
          if (tolower(s) ~ /^suites:/) {
            sub(/^[^:]*:[[:space:]]*/, "", s)
            n = split(s, parts, /[[:space:]]+/)
            for (j = 1; j <= n; j++) if (parts[j] == rel) hasrel = 1
          } else if (tolower(s) ~ /^enabled:[[:space:]]*no/) {
            enabled = 0
          } else if (tolower(s) ~ /^types:/) {
            if (s ~ /(^|[[:space:]:])deb([[:space:]]|$)/) hasdeb = 1
          }
        }
        if (hasrel && enabled && hasdeb) {
          for (i = 1; i <= nl; i++) {
            s = lines[i]
            if (tolower(s) ~ /^types:/) print "Types: deb"
            else if (tolower(s) ~ /^suites:/) print "Suites: " rel "-backports"
            else print s
          }
          return 1
        }
        nl = 0
        return 0
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { if (flush()) { done = 1; exit } ; next }
      { lines[++nl] = $0 }
      END { if (!done && flush()) done = 1; exit done ? 0 : 1 }
    ' "$f" && return 0
  done
  return 1
}

# Prints one-line entries for $CODENAME-backports, one per distinct "deb" line for the
# release itself in sources.list / *.list (keeps [options], mirror and components).
derive_oneline() {
  local out
  out="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk -v rel="$CODENAME" '
      /^[[:space:]]*deb[[:space:]]/ {
        line = $0; opts = ""
        sub(/^[[:space:]]*deb[[:space:]]+/, "", line)
        if (line ~ /^\[/) { opts = substr(line, 1, index(line, "]")); line = substr(line, index(line, "]") + 1) }
        n = split(line, f, /[[:space:]]+/)
        k = 1; while (k <= n && f[k] == "") k++
        uri = f[k]; suite = f[k + 1]
        if (suite != rel) next
        comps = ""
        for (i = k + 2; i <= n; i++) {
          if (f[i] ~ /^#/) break
          if (f[i] != "") comps = comps " " f[i]
        }
        if (seen[uri]++) next
        print "deb " (opts != "" ? opts " " : "") uri " " rel "-backports" comps
      }')"
  [[ -n "$out" ]] || return 1
  printf '%s\n' "$out"
}

if ((USE_BACKPORTS)); then
  if backports_configured; then
    log "step 1/3: $CODENAME-backports already in apt's sources."
  elif stanza="$(derive_deb822)"; then
    printf '# Added by isotropic scripts/install-system-deps.sh (newer Mesa for lavapipe WebGPU).\n%s\n' \
      "$stanza" >/etc/apt/sources.list.d/isotropic-backports.sources
    log "step 1/3: added $CODENAME-backports ($(awk '/^URIs:/ { $1 = ""; print substr($0, 2); exit }' \
      /etc/apt/sources.list.d/isotropic-backports.sources)) in /etc/apt/sources.list.d/isotropic-backports.sources."
  elif entries="$(derive_oneline)"; then
    printf '# Added by isotropic scripts/install-system-deps.sh (newer Mesa for lavapipe WebGPU).\n%s\n' \
      "$entries" >/etc/apt/sources.list.d/isotropic-backports.list
    log "step 1/3: added $CODENAME-backports in /etc/apt/sources.list.d/isotropic-backports.list."
  else
    log "step 1/3: found no Debian '$CODENAME' entry in apt's sources to derive $CODENAME-backports from."
    skip "cannot add $CODENAME-backports (Mesa $MIN_MESA+ needed for lavapipe)"
  fi
else
  log "step 1/3: ${DISTRO:-unknown distro} ${CODENAME:-?}: using the default suites (no backports needed)."
fi

aptlog="$(mktemp)"
trap 'rm -f "$aptlog"' EXIT

log "step 2/3: apt-get update..."
if ! apt-get -qq update >"$aptlog" 2>&1; then
  # Often one broken third-party source; the Debian lists may still have been fetched.
  grep -E '^(E|W):' "$aptlog" | head -n 5 >&2 || true
  log "warning: apt-get update reported errors (above); trying the install anyway."
fi

pkgs=(mesa-vulkan-drivers libvulkan1)
chromium_policy="$(apt-cache policy chromium 2>/dev/null || true)"
if [[ "$chromium_policy" =~ Candidate:\ [0-9] ]]; then
  pkgs+=(chromium)
else
  log "no 'chromium' package in apt's sources: the browser WebGPU tests will be skipped."
fi

install_args=(-y -qq --no-install-recommends -o Dpkg::Use-Pty=0)
if ((USE_BACKPORTS)); then
  # -t makes backports win for every package it has (Mesa, LLVM, libdrm, the Vulkan loader),
  # so that all Mesa pieces, including the ones chromium pulls in, come from one release.
  install_args+=(-t "$CODENAME-backports")
fi
log "step 3/3: apt-get install ${install_args[*]} ${pkgs[*]}..."
if ! apt-get install "${install_args[@]}" "${pkgs[@]}" >"$aptlog" 2>&1; then
  tail -n 40 "$aptlog" >&2
  skip "apt-get install failed"
fi

if ! mesa_ok; then
  log "warning: mesa-vulkan-drivers $(pkg_version mesa-vulkan-drivers) is older than $MIN_MESA; Dawn may find no adapter."
fi
log "done: mesa-vulkan-drivers $(pkg_version mesa-vulkan-drivers), libvulkan1 $(pkg_version libvulkan1), chromium $(pkg_version chromium)."
