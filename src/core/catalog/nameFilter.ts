/**
 * The catalog tree's name filter: a substring (`orders`) or a glob (`fact_*`, `dim_?ate`),
 * case-insensitive; `db.table` narrows databases too (`ps_*.agenc*`). It matches in memory, and
 * gives Glue's GetTables `Expression` so a large database is filtered on the server. Glue reads
 * that expression as Hive's SHOW TABLES pattern does: `*` is any run of characters and the rest
 * a regular expression over the whole name (moto follows the same rule).
 */
export interface NamePattern {
  /** What the user typed, trimmed. */
  readonly text: string;
  test(name: string): boolean;
  /** The same pattern as Glue's `Expression` (Hive pattern: `*` any characters, else a regular expression). */
  readonly expression: string;
}

export interface NameFilter {
  readonly text: string;
  /** Applies to database names; absent when every database is shown. */
  readonly database?: NamePattern;
  /** Applies to table and view names; absent when every table is shown. */
  readonly table?: NamePattern;
}

const escapeRegex = (s: string): string => s.replace(/[\\^$.|+()[\]{}]/g, '\\$&');

function pattern(text: string): NamePattern | undefined {
  const t = text.trim().toLowerCase();
  if (!t || t === '*') return undefined;
  const glob = /[*?]/.test(t);
  const body = escapeRegex(t).replace(/\?/g, '.');
  const expression = glob ? body : `*${body}*`;
  const re = patternRegex(expression);
  return { text: t, expression, test: (name) => re.test(name) };
}

/** A Glue/Hive name pattern (`*` any characters, the rest a regular expression) as a whole-name, case-insensitive RegExp. */
export function patternRegex(expression: string): RegExp {
  return new RegExp(`^(?:${expression.replace(/\*/g, '.*')})$`, 'is');
}

/** The filter for what the user typed; undefined for an empty filter (show everything). */
export function parseNameFilter(input: string): NameFilter | undefined {
  const text = input.trim();
  if (!text) return undefined;
  const dot = text.indexOf('.');
  const db = dot >= 0 ? pattern(text.slice(0, dot)) : undefined;
  const table = pattern(dot >= 0 ? text.slice(dot + 1) : text);
  if (!db && !table) return undefined;
  return { text, ...(db ? { database: db } : {}), ...(table ? { table } : {}) };
}
