import type { ColumnInfo, QueryEngine, QueryFailure, QueryRequest, QueryStats, Row } from './types';

export interface CollectedResult {
  readonly id: string;
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly Row[];
  /** More rows existed than `maxRows` let through. */
  readonly truncated: boolean;
  readonly stats: QueryStats;
}

export type CollectOutcome = { readonly ok: true; readonly result: CollectedResult } | QueryFailure;

/** Starts a statement and reads up to `maxRows` rows of its result into memory. */
export async function runAndCollect(engine: QueryEngine, request: QueryRequest, maxRows: number): Promise<CollectOutcome> {
  const started = await engine.start(request);
  if (!started.ok) return started;
  const { execution } = started;
  const rows: Row[] = [];
  let truncated = false;
  try {
    for await (const batch of execution.batches()) {
      if (request.signal?.aborted) return { ok: false, cancelled: true, message: 'Query cancelled.', stats: execution.stats() };
      const room = maxRows - rows.length;
      if (batch.length > room) {
        rows.push(...batch.slice(0, room));
        truncated = true;
        break;
      }
      rows.push(...batch);
    }
  } catch (e) {
    return { ok: false, cancelled: request.signal?.aborted ?? false, message: e instanceof Error ? e.message : String(e), stats: execution.stats() };
  } finally {
    execution.close();
  }
  return { ok: true, result: { id: execution.id, columns: execution.columns, rows, truncated, stats: execution.stats() } };
}
