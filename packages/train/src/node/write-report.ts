import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ReportInput, renderReport } from '../report.js';

/** Writes the HTML report atomically (temp file, then rename). */
export function writeReport(path: string, r: ReportInput): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, renderReport(r));
  renameSync(tmp, path);
}
