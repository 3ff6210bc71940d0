import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Cell, QueryEngine, QueryOutcome, RunOptions } from '../types';
import { athenaTypeName } from './types';

type DuckDBModule = typeof DuckDB;

/**
 * The local engine: DuckDB in process. The native module is loaded on the first query, never at
 * activation, and one connection serves statements in order.
 */
export class DuckDBEngine implements QueryEngine {
  readonly label = 'local (DuckDB)';
  private opened: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  /** @param databasePath ':memory:' or a file for a persistent local lakehouse. */
  constructor(private readonly databasePath = ':memory:') {}

  private open(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
    this.opened ??= (async () => {
      const duckdb: DuckDBModule = await import('@duckdb/node-api');
      const instance = await duckdb.DuckDBInstance.create(this.databasePath);
      const connection = await instance.connect();
      return { instance, connection };
    })();
    return this.opened;
  }

  execute(sql: string, options: RunOptions): Promise<QueryOutcome> {
    // DuckDB connections run one statement at a time; queue so concurrent callers don't interleave.
    const run = this.queue.then(() => this.executeNow(sql, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async executeNow(sql: string, { signal, maxRows }: RunOptions): Promise<QueryOutcome> {
    if (this.disposed) return { ok: false, cancelled: false, message: 'The local engine was closed.' };
    if (signal?.aborted) return { ok: false, cancelled: true, message: 'Query cancelled.' };
    const { connection } = await this.open();
    const started = performance.now();
    const onAbort = (): void => connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reader = await connection.streamAndReadUntil(sql, maxRows + 1);
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const all = reader.getRowsJson();
      const rows = all.slice(0, maxRows).map((row) => row.map(toCell));
      return {
        ok: true,
        result: {
          columns: names.map((name, i) => ({ name, type: athenaTypeName(String(types[i])) })),
          rows,
          truncated: all.length > maxRows || !reader.done,
          stats: { elapsedMs: performance.now() - started },
        },
      };
    } catch (error) {
      if (signal?.aborted) return { ok: false, cancelled: true, message: 'Query cancelled.' };
      return { ok: false, cancelled: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    this.disposed = true;
    const opened = this.opened;
    this.opened = undefined;
    void opened?.then(
      ({ instance, connection }) => {
        connection.closeSync();
        instance.closeSync();
      },
      () => undefined,
    );
  }
}

/** Nested values (lists, structs, maps) are shown as their JSON text. */
function toCell(value: unknown): Cell {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}
