import { evaluateContractTests, planContractTests, type CheckResult, type QueryOutcome } from '../core/contracts/checks';
import type { Contract } from '../core/contracts/model';
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
