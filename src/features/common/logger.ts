import type * as vscode from 'vscode';

/** One log for the whole extension, with a prefix per component. Never log credentials or rows. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  debug(message: string): void;
  withPrefix(prefix: string): Logger;
}

export function createLogger(channel: vscode.LogOutputChannel, prefix = ''): Logger {
  const tag = (m: string): string => (prefix ? `[${prefix}] ${m}` : m);
  return {
    info: (m) => channel.info(tag(m)),
    warn: (m) => channel.warn(tag(m)),
    debug: (m) => channel.debug(tag(m)),
    error: (m, e) => channel.error(tag(e === undefined ? m : `${m}: ${describeError(e)}`)),
    withPrefix: (p) => createLogger(channel, prefix ? `${prefix}/${p}` : p),
  };
}

/** A one-line description of anything thrown. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return 'unknown error';
  }
}
