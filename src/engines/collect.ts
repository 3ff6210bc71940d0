import type { ColumnInfo, QueryEngine, QueryFailure, QueryRequest, QueryStats, Row, StartOutcome } from './types';

export interface CollectedResult {
  readonly id: string;
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly Row[];
  /** More rows existed than `maxRows` let through. */
  readonly truncated: boolean;
  readonly stats: QueryStats;
  /** Where the engine keeps the result (Athena's output location), to re-open it later. */
  readonly outputLocation?: string;
}

export type CollectOutcome = { readonly ok: true; readonly result: CollectedResult } | QueryFailure;

/** Starts a statement and reads up to `maxRows` rows of its result into memory. */
export async function runAndCollect(engine: QueryEngine, request: QueryRequest, maxRows: number): Promise<CollectOutcome> {
  return collect(await engine.start(request), request.signal, maxRows);
}

/** Reads up to `maxRows` rows of a started (or re-opened) execution into memory. */
export async function collect(started: StartOutcome, signal: AbortSignal | undefined, maxRows: number): Promise<CollectOutcome> {
  const rows: Row[] = [];
  const sink: RowSink = {
    append: (batch) => {
      rows.push(...batch);
      return Promise.resolve();
    },
    finish: () => Promise.resolve(),
    get rowCount() {
      return rows.length;
    },
  };
  const outcome = await collectInto(started, signal, maxRows, () => sink);
  if (!outcome.ok) return outcome;
  const { id, columns, truncated, stats, outputLocation } = outcome.result;
  return { ok: true, result: { id, columns, rows, truncated, stats, ...(outputLocation ? { outputLocation } : {}) } };
}

/** Where a streamed result goes: the rows a window at a time, kept by whoever asked. */
export interface RowSink {
  append(rows: readonly Row[]): Promise<void>;
  finish(): Promise<void>;
  readonly rowCount: number;
}

export interface StoredResult {
  readonly id: string;
  readonly columns: readonly ColumnInfo[];
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly stats: QueryStats;
  readonly outputLocation?: string;
}

export type StoreOutcome = { readonly ok: true; readonly result: StoredResult } | QueryFailure;

/**
 * Streams every row of a started execution (up to `maxRows`) into a sink made for its columns:
 * the rows never sit in one array, so a result of millions of rows costs what the sink keeps.
 */
export async function collectInto(started: StartOutcome, signal: AbortSignal | undefined, maxRows: number, sinkFor: (columns: readonly ColumnInfo[]) => RowSink): Promise<StoreOutcome> {
  if (!started.ok) return started;
  const { execution } = started;
  const sink = sinkFor(execution.columns);
  let truncated = false;
  try {
    for await (const batch of execution.batches()) {
      if (signal?.aborted) return { ok: false, cancelled: true, message: 'Query cancelled.', stats: execution.stats() };
      const room = maxRows - sink.rowCount;
      if (batch.length > room) {
        await sink.append(batch.slice(0, room));
        truncated = true;
        break;
      }
      await sink.append(batch);
    }
    await sink.finish();
  } catch (e) {
    return { ok: false, cancelled: signal?.aborted ?? false, message: e instanceof Error ? e.message : String(e), stats: execution.stats() };
  } finally {
    execution.close();
  }
  const where = execution.outputLocation;
  return { ok: true, result: { id: execution.id, columns: execution.columns, rowCount: sink.rowCount, truncated, stats: execution.stats(), ...(where ? { outputLocation: where } : {}) } };
}
