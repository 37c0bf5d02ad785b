/** Where the sample files are written (public/sample/). */
export declare const SAMPLE_DIR: string;
export declare const SAMPLE_FILES: { readonly train: string; readonly test: string };
/** Writes the two sample files unless they are up to date (or `force`); returns their paths. */
export declare function makeSample(options?: { force?: boolean; log?: (line: string) => void }): {
  readonly train: string;
  readonly test: string;
};
