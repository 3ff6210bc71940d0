/**
 * Athena stores a view in Glue as `/* Presto View: <base64 JSON> *\/` in ViewOriginalText; the
 * JSON holds the view's SQL (`originalSql`) and its columns. These read and write that envelope.
 */
export interface PrestoViewDefinition {
  readonly originalSql: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

const ENVELOPE = /^\s*\/\*\s*Presto View:\s*([A-Za-z0-9+/=\s]+?)\s*\*\/\s*$/;

/** The view's definition, or undefined when the text is not a Presto view envelope. */
export function decodePrestoView(viewOriginalText: string | undefined): PrestoViewDefinition | undefined {
  const m = viewOriginalText ? ENVELOPE.exec(viewOriginalText) : null;
  if (!m?.[1]) return undefined;
  try {
    const json = JSON.parse(Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8')) as Partial<PrestoViewDefinition>;
    if (typeof json.originalSql !== 'string') return undefined;
    return {
      originalSql: json.originalSql,
      ...(typeof json.catalog === 'string' ? { catalog: json.catalog } : {}),
      ...(typeof json.schema === 'string' ? { schema: json.schema } : {}),
      columns: Array.isArray(json.columns) ? (json.columns as unknown[]).filter(isColumn) : [],
    };
  } catch {
    return undefined;
  }
}

function isColumn(c: unknown): c is { name: string; type: string } {
  return typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' && typeof (c as { type?: unknown }).type === 'string';
}

export function encodePrestoView(view: PrestoViewDefinition): string {
  return `/* Presto View: ${Buffer.from(JSON.stringify(view), 'utf8').toString('base64')} */`;
}
