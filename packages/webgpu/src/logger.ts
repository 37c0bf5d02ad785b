/** Where the backend writes its few informational lines (which backend was chosen, and why). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Prefixes every line so it is clear which library printed it. */
export const consoleLogger: Logger = {
  info: (m) => console.info(`[isotropic] ${m}`),
  warn: (m) => console.warn(`[isotropic] ${m}`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/** `undefined` means the default (console); `null` silences. */
export function resolveLogger(logger: Logger | null | undefined): Logger {
  if (logger === null) return silentLogger;
  return logger ?? consoleLogger;
}
