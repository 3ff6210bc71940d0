import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import { TRINO_MACROS } from './trinoMacros';

/** Each Trino macro's name, its definition, and the macros its body calls. */
const DEFINITIONS: ReadonlyMap<string, { readonly sql: string; readonly calls: readonly string[] }> = new Map(
  TRINO_MACROS.map((m) => {
    const name = /^(__lh_\w+)/.exec(m)?.[1] ?? m;
    return [name, { sql: `CREATE OR REPLACE MACRO main.${m}`, calls: macroCalls(m.slice(name.length)) }];
  }),
);

function macroCalls(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\b(__lh_\w+)\s*\(/g)].map((m) => m[1] as string))];
}

/**
 * The Trino macros of one DuckDB instance, created when SQL first calls them (with the macros
 * they call, before them) instead of all ~90 when the engine opens: opening the local lakehouse
 * and the bytes-scanned planner costs what the first statement needs. Creation is serialised;
 * macros live in the instance's `main` schema, so any of its connections may create them.
 */
export class MacroSet {
  private readonly made = new Set<string>();
  private lock: Promise<unknown> = Promise.resolve();

  /** Creates the macros `sql` calls that this instance lacks. */
  ensure(c: DuckDBConnection, sql: string): Promise<void> {
    const missing = this.missing(sql);
    if (!missing.length) return Promise.resolve();
    const next = this.lock.then(async () => {
      for (const name of this.missing(sql)) {
        await c.run(macroStatement(name));
        this.made.add(name);
      }
    });
    this.lock = next.catch(() => undefined);
    return next;
  }

  /** Runs `sql` on `c` once the macros it calls exist. */
  async run(c: DuckDBConnection, sql: string): Promise<DuckDBMaterializedResult> {
    await this.ensure(c, sql);
    return c.run(sql);
  }

  /** The macros `sql` needs that are not made yet, each after the macros it calls. */
  private missing(sql: string): string[] {
    return macrosCalled(sql, this.made);
  }
}

/** The macros `sql` calls, with the macros they call (each after its own), leaving out `skip`. */
export function macrosCalled(sql: string, skip: ReadonlySet<string> = new Set()): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || skip.has(name)) return;
    seen.add(name);
    const d = DEFINITIONS.get(name);
    if (!d) return;
    for (const dep of d.calls) visit(dep);
    order.push(name);
  };
  if (sql.includes('__lh_')) for (const name of macroCalls(sql)) visit(name);
  return order;
}

/** The statement that makes macro `name` (one of `macrosCalled`). */
export const macroStatement = (name: string): string => (DEFINITIONS.get(name) as { sql: string }).sql;
