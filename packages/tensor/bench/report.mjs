/** Markdown rendering of the results. */

const fmt = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/**
 * @param {import('./cases.mjs').Case[]} cases
 * @param {string[]} labels column order
 * @param {Map<string, Map<string, number>>} gflops case name -> runner label -> GFLOP/s
 * @param {string[]} ours labels of our configurations to compare, one ratio column each
 * @param {string[]} peers labels of the other libraries
 */
export function markdownTable(cases, labels, gflops, ours, peers) {
  const head = ['problem (GFLOP/s, higher is better)', ...labels, ...ours.map((o) => `${o} ÷ best other`)];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const c of cases) {
    const row = gflops.get(c.name) ?? new Map();
    const bestPeer = Math.max(...peers.map((p) => row.get(p) ?? 0));
    const ratios = ours.map((o) =>
      bestPeer > 0 && row.has(o) ? `${(row.get(o) / bestPeer).toFixed(2)}×` : '—',
    );
    lines.push(`| ${c.name} | ${labels.map((l) => fmt(row.get(l))).join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * The LeJEPA step table of one backbone (`model`): one row per configuration, in the order
 * measured, with its time relative to `reference` (Isotropic's wasm backend on every core).
 * @param {string} model
 * @param {[string, import('./results.mjs').StepTime][]} steps
 */
export function lejepaTable(model, steps, reference) {
  const ref = steps.find(([label]) => label === reference)?.[1];
  const relative = `median ÷ ${reference}`;
  return [
    `| LeJEPA step, ${model}, 64 images × 6 views | steps timed | median ms | best ms | images/s | ${relative} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...steps.map(
      ([label, t]) =>
        `| ${label} | ${t.steps ?? '—'} | ${t.median.toFixed(0)} | ${t.best.toFixed(0)} | ${((64 / t.median) * 1000).toFixed(t.median > 6400 ? 1 : 0)} | ${ref ? `${(t.median / ref.median).toFixed(1)}×` : '—'} |`,
    ),
  ].join('\n');
}
