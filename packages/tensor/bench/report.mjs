/** Markdown rendering of the results. */

const fmt = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/**
 * @param {import('./cases.mjs').Case[]} cases
 * @param {string[]} labels column order
 * @param {Map<string, Map<string, number>>} gflops case name -> runner label -> GFLOP/s
 * @param {string} ours the label of our best configuration
 * @param {string[]} peers labels of the other libraries
 */
export function markdownTable(cases, labels, gflops, ours, peers) {
  const head = ['problem (GFLOP/s, higher is better)', ...labels, `${ours} ÷ best other`];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const c of cases) {
    const row = gflops.get(c.name) ?? new Map();
    const bestPeer = Math.max(...peers.map((p) => row.get(p) ?? 0));
    const ratio = bestPeer > 0 && row.has(ours) ? `${(row.get(ours) / bestPeer).toFixed(2)}×` : '—';
    lines.push(`| ${c.name} | ${labels.map((l) => fmt(row.get(l))).join(' | ')} | ${ratio} |`);
  }
  return lines.join('\n');
}
