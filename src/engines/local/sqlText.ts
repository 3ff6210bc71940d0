/** SQL text helpers for the DuckDB statements the local engine builds. */
import { quoteIdent } from '../../core/sql/identifiers';

/** A string literal: quotes doubled, nothing else changes. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A quoted identifier (DuckDB and Trino quote alike). */
export const ident = quoteIdent;

/** A JSON value from DuckDB as text (names and type names come back as strings). */
export const jsonText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A DuckDB list of string literals. */
export const sqlStringList = (items: readonly string[]): string => `[${items.map(sqlString).join(', ')}]`;

/** Athena's rule for database, table and column names we create: letters, digits, underscore. */
export function checkName(kind: string, name: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new NameError(`${kind} name '${name}' is not valid: Athena names use letters, digits and underscores only.`);
}

export class NameError extends Error {}

/** Unqualified names resolve in the session database, then in `main` (where our macros live). */
export const searchPath = (database: string): string => `SET search_path = '${database.toLowerCase().replace(/[^a-z0-9_]/g, '')},main'`;

/**
 * Splits a type's argument list at top-level commas: `a INTEGER, b MAP(VARCHAR, INT)` or
 * `string,array<int>`. Brackets (), <> and double-quoted names keep their commas.
 */
export function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (!quoted) {
      if (ch === '(' || ch === '<') depth++;
      if (ch === ')' || ch === '>') depth--;
      if (ch === ',' && depth === 0) {
        parts.push(current.trim());
        current = '';
        continue;
      }
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Runs `work` with `database` first on the search path, then puts `main` back. */
export async function withSearchPath<T>(run: (sql: string) => Promise<unknown>, database: string, work: () => Promise<T>): Promise<T> {
  await run(searchPath(database));
  try {
    return await work();
  } finally {
    await run(searchPath('main'));
  }
}

/**
 * A query that fails with `message` whenever rows are asked of it, `count(*)` included (a bare
 * `SELECT error(…)` is optimised away when no column of it is read).
 */
export const failingQuery = (message: string): string => `SELECT error(${sqlString(message)}) AS error WHERE error(${sqlString(message)}) IS NULL`;
