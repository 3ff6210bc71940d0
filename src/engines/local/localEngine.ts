import { catalogColumnTypes } from './columnTypes';
import { namedRefusal } from './refusals';
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { dataFormat } from '../../core/catalog/model';
import { parseAthenaStatement, type AthenaStatement } from '../../core/sql/athenaStatement';
import { translateFunctions } from '../../core/sql/trinoFunctions';
import type { QueryEngine, QueryFailure, QueryRequest, StartOutcome } from '../types';
import { athenaColumnNames, timestampDigits } from '../../core/sql/outputNames';
import { parseQuery } from '../../core/sql/queryAst';
import { aggregatedResult } from '../../core/sql/resultShape';
import { findTimeTravel, replaceTimeTravel } from '../../core/sql/timeTravel';
import { timeTravelMacro } from './icebergViews';
import { bindParameters } from '../../core/sql/parameters';
import { positionFromDuckDBError, streamingExecution } from './executions';
import { CatalogError, LocalCatalog } from './localCatalog';
import { LocalObjectStore } from './localObjectStore';
import { runCatalogStatement } from './localStatements';
import { S3Map } from './s3Map';
import { Sandbox } from './sandbox';
import { failingQuery, ident, jsonText, NameError, searchPath, sqlString } from './sqlText';
import { MacroSet } from './macroSet';
import { registerTrinoUdfs } from './trinoUdfs';
import { MACROS, translateNamedQuery } from './translate';
import { ScanProbe } from './scanProbe';
import { tablesRead, ViewSync } from './views';

type DuckDBModule = typeof DuckDB;

/**
 * Session settings that give DuckDB Trino's meaning: `7 / 2` is 3 for integers; the time zone is
 * Athena's session zone, UTC (current_date, now() and casts between timestamps with and without a
 * zone read it, not the machine's).
 */
// Common subexpressions are left in place: DuckDB would compute one that can fail (a macro's
// division by zero) below the try() it sits in, which then could not catch it (and measured on
// 1M rows of decimal division, rounding and modulo, the queries are no slower without it).
const TRINO_SETTINGS = ['SET GLOBAL integer_division = true', "SET GLOBAL TimeZone = 'UTC'", "SET GLOBAL disabled_optimizers = 'common_subexpressions'"];

export interface LocalEngineOptions {
  /** Where the catalog persists (`<workspace>/.lakehouse`); undefined keeps it in memory. */
  readonly lakehouseDir?: string;
  /** The folder that stands for S3: `s3://bucket/key` is `<s3Root>/bucket/key`. */
  readonly s3Root: string;
  /**
   * Where DuckDB keeps its extensions (its own default, `~/.duckdb/extensions`, when undefined).
   * The iceberg extension is loaded from there, or installed from DuckDB's repository, when the
   * catalog holds an Iceberg table.
   */
  readonly extensionDirectory?: string;
}

/** What the statement handlers need from the engine. */
export interface LocalContext {
  readonly catalog: LocalCatalog;
  readonly map: S3Map;
  readonly views: ViewSync;
  /** Runs DuckDB SQL on the engine's control connection (serialised). */
  readonly run: (sql: string) => Promise<DuckDB.DuckDBMaterializedResult>;
  /** A fresh connection for work that must not block others. */
  connect(): Promise<DuckDBConnection>;
  /**
   * What a translated query reads, by Athena's billing model (undefined when unknown): on a
   * connection of its own, so that it can be measured while the statement runs. Never rejects.
   */
  bytesScanned(sql: string, database: string): Promise<number | undefined>;
}

/**
 * The local lakehouse engine: Athena SQL on DuckDB in process. DDL and catalog statements act on
 * a Glue-shaped catalog kept in the workspace; queries run in DuckDB over views that read the
 * tables' files with the SerDe's rules. DuckDB loads on the first statement, not before.
 */
export class LocalEngine implements QueryEngine {
  readonly label = 'local (DuckDB)';
  readonly catalog: LocalCatalog;
  readonly objects: LocalObjectStore;
  readonly map: S3Map;
  private readonly views: ViewSync;
  private opened: Promise<{ instance: DuckDBInstance; control: DuckDBConnection }> | undefined;
  /** The open instance's Trino macros, made as statements first call them. */
  private macros = new MacroSet();
  private sandbox: Sandbox | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly open = new Set<DuckDBConnection>();
  private disposed = false;

  constructor(options: LocalEngineOptions) {
    this.map = new S3Map(options.s3Root);
    this.catalog = new LocalCatalog(options.lakehouseDir ? join(options.lakehouseDir, 'catalog.json') : undefined);
    this.objects = new LocalObjectStore(this.map);
    this.views = new ViewSync(this.catalog, this.map, new ScanProbe(() => import('@duckdb/node-api')), () => this.icebergUnavailable);
    this.extensionDirectory = options.extensionDirectory;
  }

  private readonly extensionDirectory: string | undefined;
  /** Why Iceberg tables cannot be read in this engine, once opened; undefined when they can. */
  private icebergUnavailable: string | undefined = 'The local engine was opened before an Iceberg table was in its catalog: reload the window to read it.';

  /**
   * Loads DuckDB's iceberg extension (and avro, which it reads manifests with) before the sandbox
   * locks the engine: from the extension directory, else installed from DuckDB's repository.
   */
  private async loadIceberg(control: DuckDBConnection): Promise<string | undefined> {
    if (this.extensionDirectory) await control.run(`SET extension_directory = ${sqlString(this.extensionDirectory)}`);
    try {
      await control.run('LOAD avro');
      await control.run('LOAD iceberg');
      return undefined;
    } catch (notInstalled) {
      try {
        await control.run('INSTALL avro');
        await control.run('INSTALL iceberg');
        await control.run('LOAD avro');
        await control.run('LOAD iceberg');
        return undefined;
      } catch (e) {
        const why = (x: unknown): string => (x instanceof Error ? x.message.split('\n')[0] ?? '' : String(x));
        return `The local engine reads Iceberg tables with DuckDB's iceberg extension, which is not installed and could not be downloaded (offline?): ${why(e)} (${why(notInstalled)}). Connect once so that DuckDB can install it, or query the table on Athena.`;
      }
    }
  }

  private duck(): Promise<{ instance: DuckDBInstance; control: DuckDBConnection }> {
    this.opened ??= (async () => {
      const duckdb: DuckDBModule = await import('@duckdb/node-api');
      const instance = await duckdb.DuckDBInstance.create(':memory:');
      const control = await instance.connect();
      this.macros = new MacroSet();
      // SQL reads and writes only the lakehouse root and the engine's temporary folder, and
      // cannot change that (nor Trino's integer division) afterwards.
      if (this.catalog.allTables().some((t) => dataFormat(t) === 'iceberg')) this.icebergUnavailable = await this.loadIceberg(control);
      this.sandbox = new Sandbox(this.map.root);
      await this.sandbox.apply(control, TRINO_SETTINGS);
      registerTrinoUdfs(duckdb, control);
      for (const db of this.catalog.databases()) await control.run(`CREATE SCHEMA IF NOT EXISTS ${ident(db.name)}`);
      // Tables' views and Athena views are made as statements read them (see prepare): opening
      // lists no folder and binds no view.
      return { instance, control };
    })();
    return this.opened;
  }

  /**
   * Makes what `sql` reads ready on the control connection: the views of the tables it may read,
   * over their files now, and the Athena views among them that this instance has not made yet (in
   * creation order, after the tables they read). Run inside `exclusive`.
   */
  private async prepare(control: DuckDBConnection, sql: string): Promise<void> {
    const reads = tablesRead(this.catalog.allTables(), sql);
    await this.views.sync(control, reads);
    const wanted = [...reads].filter((t) => t.tableType === 'VIRTUAL_VIEW');
    if (!wanted.length) return;
    const made = new Set(
      (await control.runAndReadAll('SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal')).getRowsJson().map((r) => `${jsonText(r[0])}.${jsonText(r[1])}`),
    );
    const missing = wanted.filter((v) => !made.has(`${v.database}.${v.name}`));
    missing.sort((a, b) => (a.createTime ?? '').localeCompare(b.createTime ?? ''));
    for (const view of missing) {
      const name = `${ident(view.database)}.${ident(view.name)}`;
      await control.run(searchPath(view.database));
      try {
        // With the catalog's column types, as when the view was created (its columns say so).
        const text = view.viewText ?? '';
        const translated = await translateNamedQuery((q) => this.macros.run(control, q), text, catalogColumnTypes(text, view.database, (db, n) => this.catalog.table(db, n)));
        await this.macros.run(control, `CREATE OR REPLACE VIEW ${name} AS ${translated}`);
        await this.views.probe.applyView(view.database, view.name, translated);
      } catch (e) {
        // Queries on a view that cannot be rebuilt say why, instead of "does not exist".
        const reason = `View ${view.database}.${view.name} could not be recreated: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
        await control.run(`CREATE OR REPLACE VIEW ${name} AS ${failingQuery(reason)}`);
      }
    }
    await control.run(searchPath('main'));
  }

  /** Serialises work on the control connection (catalog changes, view sync). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private context(control: DuckDBConnection, instance: DuckDBInstance): LocalContext {
    return {
      catalog: this.catalog,
      map: this.map,
      views: this.views,
      run: (sql) => this.macros.run(control, sql),
      connect: () => instance.connect(),
      bytesScanned: (sql, database) => this.measure(instance, sql, database),
    };
  }

  async start(request: QueryRequest): Promise<StartOutcome> {
    if (request.parameters?.length) {
      // DuckDB has its own parameters, but Athena's are literal text: put them in place.
      try {
        request = { ...request, sql: bindParameters(request.sql, request.parameters), parameters: [] };
      } catch (e) {
        return { ok: false, cancelled: false, message: (e as Error).message };
      }
    }
    const startedAt = performance.now();
    if (this.disposed) return { ok: false, cancelled: false, message: 'The local engine was closed.' };
    if (request.signal?.aborted) return { ok: false, cancelled: true, message: 'Query cancelled.' };
    const database = (request.database ?? 'default').toLowerCase();
    const parsed = parseAthenaStatement(request.sql, database);
    if (!parsed.ok) return { ok: false, cancelled: false, message: parsed.message, position: positionAt(request.sql, parsed.offset) };
    const statement = parsed.statement;
    try {
      const { instance, control } = await this.duck();
      if (statement.kind === 'query' || statement.kind === 'explain') {
        // Only what the statement reads: its tables' folders are listed, no others.
        await this.exclusive(() => this.prepare(control, statement.sql));
        return await this.query(instance, statement, database, request, startedAt);
      }
      return await this.exclusive(async () => {
        await this.views.sync(control);
        await this.prepare(control, request.sql);
        const execution = await runCatalogStatement(this.context(control, instance), statement, database, request, startedAt);
        await this.views.sync(control);
        return { ok: true as const, execution };
      });
    } catch (e) {
      return failure(e, request);
    }
  }

  private async query(
    instance: DuckDBInstance,
    statement: Extract<AthenaStatement, { kind: 'query' | 'explain' }>,
    database: string,
    request: QueryRequest,
    startedAt: number,
  ): Promise<StartOutcome> {
    if (statement.kind === 'explain' && statement.analyze) {
      return { ok: false, cancelled: false, message: 'EXPLAIN ANALYZE runs the query; the local engine supports EXPLAIN only.' };
    }
    if (!this.catalog.database(database)) return { ok: false, cancelled: false, message: `Database '${database}' does not exist.` };
    const columns = catalogColumnTypes(statement.sql, database, (db, name) => this.catalog.table(db, name));
    const translated = translateFunctions(statement.sql, MACROS, false, columns);
    if (!translated.ok) {
      const offset = request.sql.indexOf(statement.sql) + translated.offset;
      return { ok: false, cancelled: false, message: translated.message, position: positionAt(request.sql, Math.max(0, offset)) };
    }
    const travelled = this.timeTravel(translated.sql, database);
    if (!travelled.ok) return { ok: false, cancelled: false, message: travelled.message };
    const connection = await instance.connect();
    this.open.add(connection);
    // Cancel interrupts DuckDB until the execution closes: while it starts, and while its rows are
    // fetched (an aggregate computes while its first rows are fetched).
    // An interrupt only stops the statement DuckDB is running at that instant; one that lands
    // between two (a probe's, the query's, two chunks) is lost. So after a cancel, interrupt
    // again until the execution closes.
    let repeat: ReturnType<typeof setInterval> | undefined;
    const onAbort = (): void => {
      connection.interrupt();
      repeat ??= setInterval(() => connection.interrupt(), 25);
    };
    const release = (): void => {
      this.open.delete(connection);
      request.signal?.removeEventListener('abort', onAbort);
      if (repeat) clearInterval(repeat);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    let measuring: Promise<number | undefined> | undefined;
    try {
      // Cancelled while the engine got ready (before the listener was there): DuckDB never starts.
      if (request.signal?.aborted) throw new Error('Query cancelled.');
      await connection.run(searchPath(database));
      // EXPLAIN is free on Athena; a query is billed for what it reads. Measured while the query
      // runs, on a connection of its own.
      measuring = statement.kind === 'explain' ? Promise.resolve(0) : this.measure(instance, travelled.sql, database);
      const sql = statement.kind === 'explain' ? `EXPLAIN ${travelled.sql}` : travelled.sql;
      await this.macros.ensure(connection, sql);
      // An interrupt lands on the statement DuckDB is running: one that came during the steps
      // above must not let the query itself start.
      if (request.signal?.aborted) throw new Error('Query cancelled.');
      // A grouped or aggregated result has no first row before its last: DuckDB computes it
      // faster whole than as a stream (a stream is driven chunk by chunk from here).
      const result = statement.kind === 'query' && aggregatedResult(statement.sql) ? await connection.run(sql) : await connection.stream(sql);
      const bytes = await measuring;
      const rename = statement.kind === 'explain' ? undefined : (names: readonly string[]) => athenaColumnNames(statement.sql, names);
      // A timestamp(p) column the SQL shows is written with p digits, as Athena writes it (….500).
      const digits = statement.kind === 'explain' ? undefined : (names: readonly string[]) => timestampDigits(statement.sql, names, columns);
      return { ok: true, execution: streamingExecution(connection, result, startedAt, bytes, release, rename, () => request.signal?.aborted === true, digits) };
    } catch (e) {
      release();
      connection.closeSync();
      await measuring;
      return failure(e, request, statement.sql);
    }
  }

  /** The bytes a translated query reads (see ScanProbe), on a connection opened for it. */
  private async measure(instance: DuckDBInstance, sql: string, database: string): Promise<number | undefined> {
    let c: DuckDBConnection | undefined;
    try {
      c = await instance.connect();
      return await this.views.probe.bytesScanned(sql, database, c);
    } catch {
      return undefined;
    } finally {
      c?.closeSync();
    }
  }

  /**
   * Iceberg time travel (`t FOR VERSION AS OF n`, `t FOR TIMESTAMP AS OF '…'`) as a call of the
   * table's time-travel macro (see ViewSync); refused for a table that is not Iceberg, as Athena
   * refuses it, and for a computed time.
   */
  private timeTravel(sql: string, database: string): { ok: true; sql: string } | { ok: false; message: string } {
    const found = findTimeTravel(sql);
    if (found.unsupported.length) return { ok: false, message: `${found.unsupported[0]}: the local engine travels to a snapshot id or a literal time (TIMESTAMP '…'), not a computed one.` };
    if (!found.refs.length) return { ok: true, sql };
    for (const r of found.refs) {
      const name = r.parts[r.parts.length - 1] ?? '';
      const db = r.parts.length > 1 ? (r.parts[r.parts.length - 2] ?? database) : database;
      const table = this.catalog.table(db.toLowerCase(), name.toLowerCase());
      if (!table || dataFormat(table) !== 'iceberg') return { ok: false, message: `FOR ${r.kind.toUpperCase()} AS OF reads Iceberg tables only: ${db}.${name} is not an Iceberg table.` };
    }
    return {
      ok: true,
      sql: replaceTimeTravel(sql, found.refs, (r) => {
        const name = (r.parts[r.parts.length - 1] ?? '').toLowerCase();
        const db = (r.parts.length > 1 ? (r.parts[r.parts.length - 2] ?? database) : database).toLowerCase();
        return `${ident(db)}.${ident(timeTravelMacro(name, r.kind))}(${r.value})`;
      }),
    };
  }

  /** Opens DuckDB, its macros and the catalog's views, and the bytes-scanned planner, ahead of the first statement. */
  warm(): void {
    if (this.disposed) return;
    void this.duck()
      .then(async ({ control }) => {
        await this.views.probe.warm();
        // Then every table's view and every Athena view, one at a time: a statement that comes
        // meanwhile waits for one table's, not the whole catalog's.
        for (const table of this.catalog.allTables()) {
          if (this.disposed) return;
          await this.exclusive(() => this.prepare(control, `${table.database}.${table.name}`));
        }
      })
      .catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.open) c.interrupt();
    const opened = this.opened;
    this.opened = undefined;
    this.views.probe.dispose();
    void opened?.then(
      ({ instance, control }) => {
        control.closeSync();
        instance.closeSync();
        this.sandbox?.dispose();
      },
      () => undefined,
    );
  }
}

function positionAt(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function failure(e: unknown, request: QueryRequest, athenaSql?: string): QueryFailure {
  if (request.signal?.aborted) return { ok: false, cancelled: true, message: 'Query cancelled.' };
  let message = e instanceof Error ? e.message : String(e);
  // A typed macro over an aggregate's (or a correlated column's) value: DuckDB cannot choose its
  // overload. Say which function, and the rewrite that works, instead of DuckDB's binder text.
  const overload = /Macro __lh_(\w+)\(\) has multiple overloads/.exec(message);
  if (overload) {
    message = `The local engine cannot apply ${overload[1] ?? 'this function'} directly to an aggregate or a value from an outer query yet: compute that value in a subquery first (SELECT ${overload[1] ?? 'f'}(…, m) FROM (SELECT max(ts) AS m …)).`;
  } else if (athenaSql !== undefined && /Parser Error: /.test(message) && readsAsAthena(athenaSql)) {
    // DuckDB's parser refusing SQL that reads as Athena SQL is a construct the engine lacks, not
    // the user's syntax error: say so, and name where.
    message = `The local engine cannot run this Athena SQL yet (${message.replace(/^Failed to extract statements: /, '').replace(/^Parser Error: /, 'DuckDB: ')})`;
  } else if (athenaSql !== undefined && /Parser Error: /.test(message)) {
    const near = /at or near "([^"]*)"/.exec(message)?.[1];
    message = `The local engine cannot read this SQL${near ? ` at "${near}"` : ''}: a syntax error, or Athena syntax it lacks (DuckDB: ${message.replace(/^Failed to extract statements: /, '').replace(/^Parser Error: /, '')})`;
  } else if (athenaSql !== undefined) message = namedRefusal(message, athenaSql);
  // Our own refusals, raised inside DuckDB, need no DuckDB error class before them.
  message = message.replace(/^Invalid Input Error: (?=The local engine )/, '');
  if (e instanceof CatalogError || e instanceof NameError) return { ok: false, cancelled: false, message };
  const position = positionFromDuckDBError(message);
  return position ? { ok: false, cancelled: false, message, position } : { ok: false, cancelled: false, message };
}

function readsAsAthena(sql: string): boolean {
  try {
    parseQuery(sql);
    return true;
  } catch {
    return false;
  }
}
