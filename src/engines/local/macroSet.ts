import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import { TRY_PREFIX } from '../../core/sql/tryVariants';
import { TRINO_MACROS } from './trinoMacros';

/** Each Trino macro's name, its definition, and the macros its body calls. */
const DEFINITIONS = new Map<string, { readonly sql: string; readonly calls: readonly string[] }>(
  TRINO_MACROS.map((m) => {
    const name = /^(__lh_\w+)/.exec(m)?.[1] ?? m;
    return [name, { sql: `CREATE OR REPLACE MACRO main.${m}`, calls: macroCalls(m.slice(name.length)) }];
  }),
);
const TEXTS = new Map(TRINO_MACROS.map((m) => [/^(__lh_\w+)/.exec(m)?.[1] ?? m, m]));

function macroCalls(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\b(__lh_\w+)\s*\(/g)].map((m) => m[1] as string))];
}

/** Errors of ours that try() must not hide: a refusal, or a value of the wrong type (Trino fails those before running). */
const UNCATCHABLE = /^error\('(?:The local engine|\w+ takes )/;

/**
 * The definition of `name`: a Trino macro, or its try() variant `__lh_t_<name>` (made on first
 * use), which raises what Trino's try() catches (division by zero, a bad cast or argument, a value
 * out of range) as an error DuckDB's TRY catches, and calls the variants of the macros it calls.
 */
function definition(name: string): { readonly sql: string; readonly calls: readonly string[] } | undefined {
  const known = DEFINITIONS.get(name);
  if (known || !name.startsWith(TRY_PREFIX)) return known;
  const base = `__lh_${name.slice(TRY_PREFIX.length)}`;
  const text = TEXTS.get(base);
  if (text === undefined) return undefined;
  const body = text
    .slice(base.length)
    .replace(/\berror\(/g, (m, at: number, all: string) => (UNCATCHABLE.test(all.slice(at)) ? m : 'main.__lh_raise('))
    .replace(/\b__lh_(\w+)(\s*\()/g, (m, rest: string, open: string) => (rest !== 'raise' && TEXTS.has(`__lh_${rest}`) ? `${TRY_PREFIX}${rest}${open}` : m));
  const made = { sql: `CREATE OR REPLACE MACRO main.${name}${body}`, calls: macroCalls(body) };
  DEFINITIONS.set(name, made);
  return made;
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
    const d = definition(name);
    if (!d) return;
    for (const dep of d.calls) visit(dep);
    order.push(name);
  };
  if (sql.includes('__lh_')) for (const name of macroCalls(sql)) visit(name);
  return order;
}

/** The statement that makes macro `name` (one of `macrosCalled`). */
export const macroStatement = (name: string): string => (definition(name) as { sql: string }).sql;
