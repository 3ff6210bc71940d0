/** A statement a command is pointed at (by a CodeLens, another command or a test): a document and an offset in it. */
export interface StatementArg {
  readonly uri?: string;
  readonly offset?: number;
}

/** The document and offset in a command's argument, each kept only when well-formed. */
export function statementArg(v: unknown): StatementArg & { readonly raw: Record<string, unknown> } {
  const raw = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return {
    raw,
    ...(typeof raw.uri === 'string' ? { uri: raw.uri } : {}),
    ...(typeof raw.offset === 'number' && Number.isSafeInteger(raw.offset) && raw.offset >= 0 ? { offset: raw.offset } : {}),
  };
}
