import { evaluateContractTests, planContractTests, type CheckResult, type QueryOutcome } from '../core/contracts/checks';
import type { Contract } from '../core/contracts/model';
import { profileSql, readProfile, valueSetColumns, valuesSql, type TableProfile } from '../core/contracts/profile';
import type { Table } from '../core/catalog/model';
import { runAndCollect } from './collect';
import type { QueryEngine } from './types';

/**
 * Runs a contract's tests on an engine: each planned query once (one aggregate scan per object,
 * its DESCRIBE, and the rules that need their own query), then judges every check.
 */
/** One query a contract's tests ran, with how it went (for a history). */
export interface ContractQueryRun {
  readonly sql: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly outcome: Awaited<ReturnType<typeof runAndCollect>>;
}

export async function runContractTests(engine: QueryEngine, contract: Contract, database: string, signal?: AbortSignal, ran?: (run: ContractQueryRun) => void): Promise<CheckResult[]> {
  const plan = planContractTests(contract, database, contract.slaProperties);
  const outcomes = new Map<string, QueryOutcome>();
  for (const q of plan.queries) {
    const startedAt = new Date();
    const t0 = performance.now();
    const r = await runAndCollect(engine, { sql: q.sql, database, ...(signal ? { signal } : {}) }, 10_000);
    ran?.({ sql: q.sql, startedAt, durationMs: performance.now() - t0, outcome: r });
    outcomes.set(q.key, r.ok ? { ok: true, rows: r.result.rows } : { ok: false, message: r.message });
  }
  const sqlOf = new Map(plan.queries.map((q) => [q.key, q.sql]));
  return evaluateContractTests(plan, outcomes, (key) => sqlOf.get(key) ?? '');
}

/** The queries a contract's tests would send (for the estimate printed before they run on Athena). */
export function contractTestQueries(contract: Contract, database: string): string[] {
  return planContractTests(contract, database, contract.slaProperties).queries.map((q) => q.sql);
}

/** A table profiled for a drafted contract: one scan, then the values of its few-valued text columns. A failure's message otherwise. */
export async function profileTable(engine: QueryEngine, table: Table): Promise<TableProfile | string> {
  const profiled = await runAndCollect(engine, { sql: profileSql(table) }, 1);
  if (!profiled.ok) return profiled.message;
  const profile = readProfile(table, profiled.result.rows[0] ?? []);
  const columns = new Map(profile.columns);
  for (const column of valueSetColumns(table, columns)) {
    const values = await runAndCollect(engine, { sql: valuesSql(table, column) }, 20);
    const p = columns.get(column);
    if (values.ok && p) columns.set(column, { ...p, values: values.result.rows.map((r) => String(r[0])) });
  }
  return { rowCount: profile.rowCount, columns };
}
