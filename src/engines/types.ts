/**
 * The contract every backend (local DuckDB, AWS Athena) implements. Nothing above `src/engines`
 * knows which backend it talks to.
 */

/** A cell as it crosses process and webview boundaries: JSON-safe, and NULL kept distinct. */
export type Cell = string | number | boolean | null;

export interface ColumnInfo {
  readonly name: string;
  /** The Athena type name (`bigint`, `varchar`, `decimal(10,2)`, `array(varchar)` …). */
  readonly type: string;
}

export interface QueryStats {
  readonly elapsedMs: number;
  /** Bytes the engine read; undefined where the engine cannot tell. */
  readonly bytesScanned?: number;
}

export interface QueryResult {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly (readonly Cell[])[];
  /** True when more rows existed than `maxRows` allowed through. */
  readonly truncated: boolean;
  readonly stats: QueryStats;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Upper bound on rows materialised in memory. */
  readonly maxRows: number;
}

/** Expected failures (bad SQL, cancelled) are values; the caller decides how to show them. */
export type QueryOutcome =
  | { readonly ok: true; readonly result: QueryResult }
  | { readonly ok: false; readonly cancelled: boolean; readonly message: string };

export interface QueryEngine {
  /** Short label for status and logs, e.g. "local (DuckDB)". */
  readonly label: string;
  execute(sql: string, options: RunOptions): Promise<QueryOutcome>;
  dispose(): void;
}
