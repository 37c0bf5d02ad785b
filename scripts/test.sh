#!/usr/bin/env bash
# The project's test command (`npm test`):
#   1. scripts/setup.sh (pnpm, system packages for WebGPU, pnpm install; idempotent);
#   2. pnpm lint (biome);
#   3. the build (turbo run build, as setup.sh would, but a failed package does not stop the
#      tests of the packages that do not depend on it; failed builds count as failures);
#   4. every package's tests through turbo, each vitest also writing a JSON report;
#   5. one aggregated line, alone on a line:  tests: N passed, M failed[, K skipped]
# Exits non-zero if lint, a build or any test failed.
#
# Extra arguments go to `turbo run test` (e.g. `npm test -- --filter=@isotropic/tensor`).
# Environment:
#   CI=<anything>               run every test for real (turbo --force, no cached results);
#   ISOTROPIC_TEST_FORCE=1      the same, locally;
#   ISOTROPIC_SKIP_SETUP=1      do not run scripts/setup.sh;
#   ISOTROPIC_SKIP_LINT=1       do not run pnpm lint;
#   ISOTROPIC_SKIP_SYSTEM_DEPS=1  (read by setup.sh) do not touch system packages.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[test] %s\n' "$*"; }

# --- 1. setup -----------------------------------------------------------------------------
if [[ "${ISOTROPIC_SKIP_SETUP:-}" == 1 ]]; then
  log "ISOTROPIC_SKIP_SETUP=1: skipping scripts/setup.sh."
elif ! ISOTROPIC_SKIP_BUILD=1 bash "$ROOT/scripts/setup.sh"; then
  log "scripts/setup.sh FAILED (see above); no tests ran."
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# Mesa's Vulkan drivers (lavapipe) want a writable XDG_RUNTIME_DIR. turbo hashes this
# variable (turbo.json: test.env), so prefer a stable per-user folder: a fresh path on
# every run would defeat turbo's cache.
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
  xdg="${TMPDIR:-/tmp}/isotropic-runtime-$(id -u)"
  if mkdir -p -m 700 "$xdg" 2>/dev/null && [[ -O "$xdg" && -w "$xdg" ]]; then
    export XDG_RUNTIME_DIR="$xdg"
  else
    XDG_RUNTIME_DIR="$(mktemp -d)"
    export XDG_RUNTIME_DIR
  fi
  log "XDG_RUNTIME_DIR was unset; using $XDG_RUNTIME_DIR."
fi

# --- 2. lint ------------------------------------------------------------------------------
lint_failed=0
if [[ "${ISOTROPIC_SKIP_LINT:-}" == 1 ]]; then
  log "ISOTROPIC_SKIP_LINT=1: skipping pnpm lint."
else
  log "pnpm lint..."
  if pnpm lint; then
    log "lint OK."
  else
    lint_failed=1
    log "lint FAILED (running the tests anyway)."
  fi
fi

# --- 3. build and 4. tests ----------------------------------------------------------------
# Each package's vitest writes its JSON report to a fixed path inside the package (under
# node_modules/, which git, biome and turbo's inputs all ignore). Fixed, so that the
# arguments, which turbo hashes, stay the same from run to run. turbo does not restore that
# file on a cache hit, so every fresh report is also filed under the task's hash, and a
# cache hit reads the one filed under its own hash.
REPORT_REL="node_modules/.cache/isotropic-test/vitest-report.json"
STORE="$ROOT/node_modules/.cache/isotropic-test/reports"
mkdir -p "$STORE" .turbo/runs

VITEST_ARGS=(--passWithNoTests --reporter=default --reporter=json "--outputFile.json=$REPORT_REL")
TURBO_FLAGS=(--continue=dependencies-successful --summarize)
FORCE=()
if [[ -n "${CI:-}" || "${ISOTROPIC_TEST_FORCE:-}" == 1 ]]; then
  FORCE=(--force)
  log "CI or ISOTROPIC_TEST_FORCE=1: tests with turbo --force (no cached test results)."
fi

summaries=()
run_turbo() {
  local marker rc=0 newest
  marker="$(mktemp)"
  log "pnpm turbo $*"
  # turbo hashes ISOTROPIC_* (turbo.json): drop this script's own switches, which do not
  # change what the tests do, so that they do not change the hashes either.
  env -u ISOTROPIC_SKIP_SETUP -u ISOTROPIC_SKIP_LINT -u ISOTROPIC_SKIP_SYSTEM_DEPS -u ISOTROPIC_TEST_FORCE \
    pnpm turbo "$@" || rc=$?
  # The run summary turbo just wrote (--summarize), for the aggregation below.
  newest="$(find .turbo/runs -maxdepth 1 -name '*.json' -newer "$marker" -printf '%T@ %p\n' |
    sort -n | tail -n 1 | cut -d' ' -f2-)"
  rm -f "$marker"
  if [[ -n "$newest" ]]; then summaries+=("$newest"); fi
  return "$rc"
}

turbo_failed=0
run_turbo run build "${TURBO_FLAGS[@]}" --output-logs=errors-only "$@" || turbo_failed=1
run_turbo run test "${TURBO_FLAGS[@]}" "${FORCE[@]}" "$@" -- "${VITEST_ARGS[@]}" || turbo_failed=1

AGGREGATE="$(
  cat <<'EOF'
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [mode, root, reportRel, store, ...summaryFiles] = process.argv.slice(1);
const tasks = new Map();
const others = new Map();
for (const f of summaryFiles) {
  for (const t of JSON.parse(readFileSync(f, 'utf8')).tasks ?? []) {
    if (t.task === 'test' || t.taskId?.endsWith('#test')) tasks.set(t.taskId, t);
    else others.set(t.taskId, t);
  }
}

const results = [];
const missing = [];
for (const t of [...tasks.values()].sort((a, b) => a.taskId.localeCompare(b.taskId))) {
  const pkg = t.package ?? t.taskId.split('#')[0];
  const hit = t.cache?.status === 'HIT';
  const stored = join(store, `${t.hash}.json`);
  const exitCode = t.execution?.exitCode;
  let reportFile = null;
  if (hit) {
    if (existsSync(stored)) reportFile = stored;
    else missing.push(pkg);
  } else if (t.execution) {
    const fresh = join(root, t.directory, reportRel);
    if (existsSync(fresh) && statSync(fresh).mtimeMs >= (t.execution.startTime ?? 0) - 2000) {
      reportFile = fresh;
      if (exitCode === 0 && mode === 'final') copyFileSync(fresh, stored);
    }
  }
  results.push({ pkg, hit, exitCode, ran: Boolean(t.execution), reportFile });
}

if (mode === 'missing') {
  process.stdout.write(missing.join('\n'));
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const r of results) {
  if (!r.reportFile) {
    if (!r.ran) {
      console.log(`  ${r.pkg}: did not run (a dependency failed to build)`);
      failed++;
      failures.push(`${r.pkg}: tests did not run`);
    } else if (r.exitCode !== 0) {
      console.log(`  ${r.pkg}: FAILED with exit code ${r.exitCode} before writing a report`);
      failed++;
      failures.push(`${r.pkg}: test command failed (exit code ${r.exitCode})`);
    } else {
      console.log(`  ${r.pkg}: no JSON report (is its test script 'vitest run'?)`);
    }
    continue;
  }
  const j = JSON.parse(readFileSync(r.reportFile, 'utf8'));
  let f = j.numFailedTests ?? 0;
  for (const file of j.testResults ?? []) {
    const bad = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of bad) failures.push(`${r.pkg}: ${file.name.replace(`${root}/`, '')} > ${a.fullName}`);
    if (file.status === 'failed' && bad.length === 0) {
      // A file that failed without a failing test (import error, syntax error...).
      f++;
      failures.push(`${r.pkg}: ${file.name.replace(`${root}/`, '')}: ${(file.message ?? 'failed').split('\n')[0]}`);
    }
  }
  if (f === 0 && (j.success === false || (r.exitCode ?? 0) !== 0)) {
    // Unhandled errors and the like: vitest failed although every test passed.
    f++;
    failures.push(`${r.pkg}: vitest reported failure (unhandled error?)`);
  }
  const p = j.numPassedTests ?? 0;
  const s = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  passed += p;
  failed += f;
  skipped += s;
  console.log(`  ${r.pkg}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}${r.hit ? ' (cached)' : ''}`);
}
for (const t of others.values()) {
  // A failed build: the tests of the packages that depend on it did not run.
  if ((t.execution?.exitCode ?? 0) !== 0) {
    console.log(`  ${t.taskId}: FAILED (exit code ${t.execution.exitCode}); tests depending on it did not run`);
    failed++;
    failures.push(`${t.taskId}: exit code ${t.execution.exitCode}`);
  }
}
if (failures.length) {
  console.log('failures:');
  for (const x of failures) console.log(`  FAIL ${x}`);
}

// Keep the store small: the 300 most recent reports are plenty.
const files = readdirSync(store).map((n) => ({ n, t: statSync(join(store, n)).mtimeMs }));
files.sort((a, b) => b.t - a.t);
for (const { n } of files.slice(300)) rmSync(join(store, n), { force: true });

console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
EOF
)"

aggregate() {
  node --input-type=module -e "$AGGREGATE" "$1" "$ROOT" "$REPORT_REL" "$STORE" "${summaries[@]}"
}

if ((${#summaries[@]} == 0)); then
  log "turbo wrote no run summary; cannot aggregate the test reports."
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# A cache hit whose report was never filed (e.g. the store was wiped): run it again for real.
mapfile -t rerun < <(aggregate missing)
if ((${#rerun[@]} > 0)); then
  filters=()
  for p in "${rerun[@]}"; do filters+=("--filter=$p"); done
  log "no stored report for cached ${rerun[*]}; running those tests again."
  run_turbo run test --continue=dependencies-successful --summarize --force "${filters[@]}" \
    -- "${VITEST_ARGS[@]}" || turbo_failed=1
fi

echo
if ((lint_failed)); then
  log "lint FAILED (see pnpm lint above)."
fi
if ((turbo_failed)); then
  log "turbo reported a failed task (see its output above)."
fi
# Prints the per-package lines, the failures, then the summary line last.
tests_failed=0
aggregate final || tests_failed=1
rm -f "${summaries[@]}"

if ((lint_failed || turbo_failed || tests_failed)); then
  exit 1
fi
