/**
 * Errors the GPU reports after the fact (WGSL compile errors, validation and
 * out-of-memory errors, out-of-range indices found by a kernel). Kernels return
 * before the GPU runs them, so such errors cannot be thrown by the call that
 * caused them; they are kept here and thrown by the next `read` or `sync`.
 */
export class FaultLog {
  private readonly faults: Error[] = [];

  report(error: Error): void {
    // A cascade of follow-up errors ("invalid due to a previous error") adds nothing.
    if (this.faults.length < 8) this.faults.push(error);
  }

  get hasFaults(): boolean {
    return this.faults.length > 0;
  }

  /** The first fault (the cause), with later ones summarised; clears the log. */
  take(): Error | undefined {
    const all = this.faults.splice(0);
    // Prefer a cause over the errors it caused (an invalid pipeline fails every later submit).
    const cause = all.find((e) => !/invalid due to a previous error/.test(e.message)) ?? all[0];
    const first = cause;
    const rest = all.filter((e) => e !== cause);
    if (first && rest.length > 0) {
      first.message += `\n(${rest.length} later GPU error(s) followed, e.g.: ${rest[0]!.message.split('\n')[0]})`;
    }
    return first;
  }
}
