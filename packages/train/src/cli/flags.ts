import { parseArgs } from 'node:util';

/** A user-facing mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `range`: two numbers 'lo,hi' with 0 < lo <= hi <= 1 (kept as the string; see parseRange). */
export type FlagType = 'string' | 'number' | 'integer' | 'boolean' | 'range';

export interface FlagSpec {
  type: FlagType;
  help: string;
  default?: string | number | boolean;
  /** Allowed values for string flags. */
  choices?: readonly string[];
  /** Value placeholder in --help. */
  metavar?: string;
}

export type FlagValues = Record<string, string | number | boolean | undefined>;

export interface CommandSpec {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  examples?: readonly string[];
}

/** Parses argv against a command's flags; every problem is a UsageError naming the flag. */
export function parseFlags(cmd: CommandSpec, argv: readonly string[]): FlagValues {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, f] of Object.entries(cmd.flags))
    options[name] = { type: f.type === 'boolean' ? 'boolean' : 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`isotropic ${cmd.name}: ${msg} (see isotropic ${cmd.name} --help)`);
  }
  const out: FlagValues = { help: parsed.values.help === true };
  for (const [name, f] of Object.entries(cmd.flags)) {
    const raw = parsed.values[name];
    if (raw === undefined) {
      out[name] = f.default;
      continue;
    }
    if (f.type === 'boolean') {
      out[name] = raw === true;
      continue;
    }
    const s = String(raw);
    if (f.type === 'number' || f.type === 'integer') {
      const v = Number(s);
      if (s.trim() === '' || !Number.isFinite(v) || (f.type === 'integer' && !Number.isInteger(v))) {
        throw new UsageError(
          `isotropic ${cmd.name}: --${name} expects ${f.type === 'integer' ? 'an integer' : 'a number'}, got '${s}'`,
        );
      }
      out[name] = v;
      continue;
    }
    if (f.type === 'range' && parseRange(s) === undefined) {
      throw new UsageError(
        `isotropic ${cmd.name}: --${name} expects two numbers 'lo,hi' with 0 < lo <= hi <= 1, got '${s}'`,
      );
    }
    if (f.choices && !f.choices.includes(s)) {
      throw new UsageError(
        `isotropic ${cmd.name}: --${name} must be one of ${f.choices.join(', ')}; got '${s}'`,
      );
    }
    out[name] = s;
  }
  return out;
}

/** 'lo,hi' as a pair when 0 < lo <= hi <= 1, else undefined. */
export function parseRange(s: string): [number, number] | undefined {
  const parts = s.split(',').map((p) => p.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) return undefined;
  const [lo, hi] = parts.map(Number) as [number, number];
  return lo > 0 && lo <= hi && hi <= 1 ? [lo, hi] : undefined;
}

/** The --help text: every flag with its type, default and meaning. */
export function helpText(cmd: CommandSpec): string {
  const rows = Object.entries(cmd.flags).map(([name, f]) => {
    const meta = f.type === 'boolean' ? '' : ` <${f.metavar ?? (f.choices ? f.choices.join('|') : f.type)}>`;
    const dflt = f.default !== undefined && f.default !== false ? ` (default: ${f.default})` : '';
    return [`  --${name}${meta}`, `${f.help}${dflt}`] as const;
  });
  const width = Math.min(40, Math.max(...rows.map(([l]) => l.length)) + 2);
  const lines = rows.map(([l, r]) =>
    l.length + 2 > width ? `${l}\n${' '.repeat(width)}${r}` : `${l.padEnd(width)}${r}`,
  );
  const ex = cmd.examples?.length ? `\nExamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}\n` : '';
  return `Usage: isotropic ${cmd.name} [flags]\n\n${cmd.summary}\n\nFlags:\n${lines.join('\n')}\n  --help${' '.repeat(Math.max(1, width - 8))}Show this help\n${ex}`;
}
