import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetricRecord } from '../metric-record.js';

/** Appends records to a JSONL file (append keeps earlier lines if the run is killed mid-write). */
export class MetricsLog {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  append(record: MetricRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  /** Reads all complete records (a torn last line from a crash is ignored). */
  static read(path: string): MetricRecord[] {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    const out: MetricRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as MetricRecord);
      } catch {
        // a partial line written at the moment of a kill
      }
    }
    return out;
  }

  /**
   * Drops records past `step`: a resumed run restarts from its checkpoint, so
   * lines logged after that checkpoint by the killed run would be duplicated.
   */
  truncateAfter(step: number): void {
    const keep = MetricsLog.read(this.path).filter((r) => r.step <= step);
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, keep.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(tmp, this.path);
  }
}
