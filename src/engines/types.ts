/**
 * The contract every backend (local DuckDB, AWS Glue/Athena/S3) implements. Nothing above
 * `src/engines` knows which backend it talks to.
 */
import type { Database, Partition, Table } from '../core/catalog/model';

import type { Cell } from '../shared/protocol';

export type { Cell };
export type Row = readonly Cell[];

export interface ColumnInfo {
  readonly name: string;
  /** The Athena type name (`bigint`, `varchar`, `decimal(10,2)`, `array(varchar)` …). */
  readonly type: string;
}

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryStats {
  readonly state: QueryState;
  readonly elapsedMs: number;
  /** Bytes the engine read, by Athena's billing model; undefined where the engine cannot tell. */
  readonly bytesScanned?: number;
  readonly engineMs?: number;
  readonly queueMs?: number;
  /** Athena result reuse: the result came from an earlier execution. */
  readonly reusedPreviousResult?: boolean;
}

export interface QueryRequest {
  readonly sql: string;
  /** The session's database for unqualified names. */
  readonly database?: string;
  readonly catalog?: string;
  /** Values for `?` placeholders, as SQL literals' text (Athena ExecutionParameters). */
  readonly parameters?: readonly string[];
  readonly signal?: AbortSignal;
}

/** A failure the user can act on: bad SQL, missing table, access denied, cancelled… */
export interface QueryFailure {
  readonly ok: false;
  readonly cancelled: boolean;
  readonly message: string;
  /** Where in the statement the engine says the problem is (1-based line and column). */
  readonly position?: { readonly line: number; readonly column: number };
  readonly stats?: QueryStats;
  /** A shell command that fixes the cause (e.g. `aws sso login --profile dev`). */
  readonly fixCommand?: string;
}

/** A statement that has produced its result, ready to be read. */
export interface QueryExecution {
  readonly id: string;
  readonly columns: readonly ColumnInfo[];
  /** Rows in batches, in order. Reading may fail part-way (e.g. bad data): the error says why. */
  batches(): AsyncIterable<readonly Row[]>;
  /** Final figures; complete once batches() has been read to the end (or cancelled). */
  stats(): QueryStats;
  /** Stops reading and releases the result. */
  close(): void;
  /** Where the engine keeps the result (Athena's output location), when it keeps one. */
  readonly outputLocation?: string | undefined;
  /** When (performance.now()) the engine saw the result ready to read: on Athena, the poll that returned SUCCEEDED. */
  readonly readyAt?: number;
}

export type StartOutcome = { readonly ok: true; readonly execution: QueryExecution } | QueryFailure;

export interface QueryEngine {
  /** Short label for status and logs, e.g. "local (DuckDB)". */
  readonly label: string;
  /** Runs a statement until its result can be read; cancelled through `request.signal`. */
  start(request: QueryRequest): Promise<StartOutcome>;
  /** The most a query may scan before the engine cancels it (Athena's workgroup cutoff), when there is one. */
  scanCutoffBytes?(): Promise<number | undefined>;
  /** The page of an execution in the engine's console (Athena's), when it has one. */
  consoleUrl?(executionId: string): string | undefined;
  /** Opens the stored result of an earlier execution (Athena keeps results in S3), if the engine can. */
  reopen?(executionId: string, signal?: AbortSignal): Promise<StartOutcome>;
  /**
   * Gets ready for a first statement in the background (loads and opens what it would), so the
   * first run does not wait for it. Never fails: a problem shows on the run itself.
   */
  warm?(): void;
  dispose(): void;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items follow; pass it back to get them. */
  readonly nextToken?: string;
}

export interface CatalogInfo {
  readonly name: string;
  readonly type: 'GLUE' | 'LOCAL' | 'LAMBDA' | 'HIVE' | 'FEDERATED';
  readonly description?: string;
}

export interface PartitionQuery {
  /** A Glue GetPartitions expression on partition keys, e.g. `year = '2024' AND month IN ('01')`. */
  readonly expression?: string;
  readonly nextToken?: string;
  readonly maxResults?: number;
}

export interface Catalog {
  listCatalogs(): Promise<readonly CatalogInfo[]>;
  listDatabases(catalog: string, nextToken?: string): Promise<Page<Database>>;
  /**
   * A page of a database's tables. `namePattern` (Glue's GetTables `Expression`: `*` any
   * characters, the rest a regular expression over the whole name) narrows them, on the server
   * where the catalog can.
   */
  listTables(catalog: string, database: string, nextToken?: string, namePattern?: string): Promise<Page<Table>>;
  getTable(catalog: string, database: string, name: string): Promise<Table | undefined>;
  listPartitions(catalog: string, database: string, table: string, query?: PartitionQuery): Promise<Page<Partition>>;
}

export interface ObjectInfo {
  /** s3://bucket/key */
  readonly uri: string;
  readonly size: number;
  readonly lastModified?: Date;
}

export interface ObjectStore {
  /** Every object under the prefix (recursively), all pages. */
  list(prefix: string, signal?: AbortSignal): AsyncIterable<ObjectInfo>;
  /** Bytes [start, end) of an object, or the whole object. */
  read(uri: string, range?: { readonly start: number; readonly end: number }): Promise<Uint8Array>;
  stream(uri: string, signal?: AbortSignal): AsyncIterable<Uint8Array>;
  write(uri: string, body: Uint8Array | string): Promise<void>;
}
