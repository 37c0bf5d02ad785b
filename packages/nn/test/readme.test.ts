/**
 * Runs the README's ```js examples in-process (imports mapped to the real
 * modules) and checks what they print against the `// ...` lines after each log.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import * as tensorPackage from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';
import * as nnNode from '../src/node.js';

const modules: Record<string, unknown> = {
  '@isotropic/tensor': tensorPackage,
  '@isotropic/nn': nn,
  '@isotropic/nn/node': nnNode,
  'node:os': os,
  'node:path': path,
};

function examples(): string[] {
  const md = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  return [...md.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** `import { a, b } from 'x';` becomes `const { a, b } = modules['x'];`. */
function toFunctionBody(code: string): string {
  return code.replace(/import\s*\{([^}]*)\}\s*from\s*'([^']+)';/g, (_, names: string, from: string) => {
    if (!(from in modules)) throw new Error(`README imports unknown module ${from}`);
    return `const {${names}} = modules['${from}'];`;
  });
}

/**
 * The comment lines after each console.log statement (which may span lines and
 * close a block): what the README says it prints.
 */
function documentedOutput(code: string): string[] {
  const lines = code.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!line.includes('console.log(')) return;
    let j = i;
    let depth = 0;
    for (; j < lines.length; j++) {
      for (const ch of lines[j]!.slice(j === i ? lines[j]!.indexOf('console.log(') : 0)) {
        if (ch === '(') depth++;
        else if (ch === ')') depth--;
      }
      if (depth <= 0) break;
    }
    j++;
    while (j < lines.length && /^\s*\}\s*$/.test(lines[j]!)) j++;
    const said: string[] = [];
    for (; j < lines.length && lines[j]!.startsWith('// '); j++) said.push(lines[j]!.slice(3));
    out.push(said.join('\n'));
  });
  return out;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;

describe('README examples', () => {
  it.each(examples().map((code, i) => [i, code] as const))(
    'example %i runs and prints what it says',
    async (_i, code) => {
      const printed: string[] = [];
      const fakeConsole = {
        log: (...values: unknown[]) => {
          printed.push(
            values.map((v) => (typeof v === 'string' ? v : inspect(v, { breakLength: Infinity }))).join(' '),
          );
        },
      };
      await new AsyncFunction('modules', 'console', toFunctionBody(code))(modules, fakeConsole);
      expect(printed).toEqual(documentedOutput(code));
    },
  );
});
