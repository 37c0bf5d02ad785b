import type { Backend, StorageHandle } from './backend.js';
import type { DType } from './dtype.js';

/**
 * A backend storage shared by a tensor and all of its views. Reference counted:
 * each Tensor holding it owns one reference; the last release returns the
 * handle to the backend (or its pool).
 */
export class Storage {
  private refs = 1;

  constructor(
    readonly backend: Backend,
    readonly handle: StorageHandle,
    readonly dtype: DType,
    /** Number of elements. */
    readonly size: number,
  ) {}

  get released(): boolean {
    return this.refs === 0;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (this.refs <= 0) return;
    this.refs--;
    if (this.refs === 0) this.backend.release(this.handle);
  }
}
