import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distDir } from './helpers/dist.js';

/** Every file reachable from `entry` through relative imports in dist/, with its bare imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(new URL(file, distDir()), 'utf8');
    const specifiers = [
      ...source.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?\(?\s*['"]([^'"]+)['"]/g),
    ].map((match) => match[1]);
    graph.set(
      file,
      specifiers.filter((s) => !s.startsWith('.')),
    );
    for (const specifier of specifiers.filter((s) => s.startsWith('./'))) visit(specifier.slice(2));
  };
  visit(entry);
  return graph;
}

describe('browser entry points', () => {
  for (const entry of ['index.js', 'augment-worker.browser.js']) {
    it(`${entry} and everything it imports load no Node built-ins, sharp or the tensor library`, () => {
      const graph = importGraph(entry);
      expect(graph.size).toBeGreaterThan(1);
      const bare = [...graph.values()].flat();
      expect(bare).toEqual([]);
    });
  }

  it('the node entry does import Node built-ins (so the scan above can see them)', () => {
    const bare = [...importGraph('node.js').values()].flat();
    expect(bare).toContain('worker_threads');
    expect(bare).toContain('sharp');
  });
});
