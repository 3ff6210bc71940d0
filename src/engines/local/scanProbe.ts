import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { open as openFile } from 'node:fs/promises';
import { dataFormat, type Table } from '../../core/catalog/model';
import { duckType } from './hiveTypes';
import { ident, jsonText, searchPath, sqlString, withSearchPath } from './sqlText';
import type { FileGroup } from './tableReader';
import { lockDown } from './sandbox';
import { MacroSet } from './macroSet';
import { registerTrinoUdfs } from './trinoUdfs';

interface ProbeGroup {
  readonly table: Table;
  readonly files: readonly string[];
  readonly sizes: readonly number[];
}

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

const PROBE = '__lh_probe_';

/**
 * Bytes scanned by Athena's billing model, measured on the local engine: text formats are read
 * whole (every file of every partition a query reads); Parquet costs its footers plus the
 * compressed column chunks of the columns the query references.
 *
 * Which partitions and columns a query reads is what DuckDB's optimizer keeps: a planner instance
 * mirrors each table as a UNION ALL of one empty probe table per partition, with the partition
 * values as constants, and EXPLAIN shows the probe scans that survive pruning with their
 * projected and filtered columns. Statistics propagation is off there, so empty probes are not
 * pruned for being empty, and so is late materialization, which would show a LIMIT's scan twice.
 */
export class ScanProbe {
  private readonly groups = new Map<string, ProbeGroup>();
  private readonly applied = new Map<string, string>();
  private readonly parquetColumns = new Map<string, Map<string, number>>();
  private planner: Promise<{ instance: DuckDBInstance; c: DuckDBConnection }> | undefined;
  /** The planner's Trino macros, made as queries and views first call them. */
  private macros = new MacroSet();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly load: () => Promise<typeof DuckDB>) {}

  /** One planner connection serves concurrent queries: its session state (search path) is serialised. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private connection(): Promise<DuckDBConnection> {
    this.planner ??= (async () => {
      const duckdb = await this.load();
      const instance = await duckdb.DuckDBInstance.create(':memory:');
      const c = await instance.connect();
      this.macros = new MacroSet();
      // Late materialization turns `… LIMIT n` into a second scan joined on rowid: one read, not two.
      await c.run("SET disabled_optimizers = 'statistics_propagation,late_materialization'");
      // The planner reads no file: a path in a query fails here too, never reads.
      await lockDown(c);
      registerTrinoUdfs(duckdb, c);
      return { instance, c };
    })();
    return this.planner.then((p) => p.c);
  }

  /** Opens the planner instance ahead of the first measurement. */
  async warm(): Promise<void> {
    await this.serial(() => this.connection());
  }

  /** Mirrors a table's partitions; cheap when nothing changed. */
  applyTable(table: Table, groups: readonly (FileGroup & { readonly sizes: readonly number[] })[]): Promise<void> {
    return this.serial(() => this.applyTableNow(table, groups));
  }

  private async applyTableNow(table: Table, groups: readonly (FileGroup & { readonly sizes: readonly number[] })[]): Promise<void> {
    const c = await this.connection();
    const key = `${table.database}.${table.name}`;
    const columns = table.storage.columns.map((col) => `${ident(col.name)} ${duckType(col.type)}`).join(', ');
    const signature = JSON.stringify([columns, table.partitionKeys, groups.map((g) => [g.partitionValues, g.files, g.sizes])]);
    if (this.applied.get(key) === signature) return;
    await this.dropTableNow(table.database, table.name);
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${ident(table.database)}`);
    const branches: string[] = [];
    let i = 0;
    for (const g of groups) {
      if (!g.files.length) continue;
      const probe = `${PROBE}${table.name}_${i++}`;
      await c.run(`CREATE TABLE ${ident(table.database)}.${ident(probe)} (${columns})`);
      this.groups.set(`${table.database}.${probe}`, { table, files: g.files, sizes: g.sizes });
      const keys = table.partitionKeys.map((k, j) => `, TRY_CAST(${sqlString(g.partitionValues[j] ?? '')} AS ${duckType(k.type)}) AS ${ident(k.name)}`).join('');
      branches.push(`SELECT *${keys} FROM ${ident(table.database)}.${ident(probe)}`);
    }
    const all = [...table.storage.columns, ...table.partitionKeys];
    const body = branches.length ? branches.join(' UNION ALL ') : `SELECT ${all.map((col) => `CAST(NULL AS ${duckType(col.type)}) AS ${ident(col.name)}`).join(', ')} WHERE false`;
    await c.run(`CREATE OR REPLACE VIEW ${ident(table.database)}.${ident(table.name)} AS ${body}`);
    this.applied.set(key, signature);
    this.changed();
  }

  applyView(database: string, name: string, translatedSql: string): Promise<void> {
    return this.serial(() => this.applyViewNow(database, name, translatedSql));
  }

  private async applyViewNow(database: string, name: string, translatedSql: string): Promise<void> {
    this.changed();
    const c = await this.connection();
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${ident(database)}`);
    await withSearchPath(
      (sql) => c.run(sql),
      database,
      // Queries over a view the planner cannot build get no byte count, not an error.
      () => this.macros.run(c, `CREATE OR REPLACE VIEW ${ident(database)}.${ident(name)} AS ${translatedSql}`).catch(() => undefined),
    );
  }

  dropTable(database: string, name: string): Promise<void> {
    return this.serial(() => this.dropTableNow(database, name));
  }

  private async dropTableNow(database: string, name: string): Promise<void> {
    this.changed();
    const c = await this.connection();
    await c.run(`DROP VIEW IF EXISTS ${ident(database)}.${ident(name)}`);
    for (const k of [...this.groups.keys()]) {
      const g = this.groups.get(k);
      if (g && g.table.database === database && g.table.name === name) {
        await c.run(`DROP TABLE IF EXISTS ${ident(database)}.${ident(k.slice(database.length + 1))}`);
        this.groups.delete(k);
      }
    }
    this.applied.delete(`${database}.${name}`);
  }

  /**
   * The bytes a (translated) query reads, or undefined when the planner cannot tell. `main` is the
   * engine's connection, used to read Parquet metadata.
   */
  bytesScanned(sql: string, database: string, main: DuckDBConnection): Promise<number | undefined> {
    return this.serial(async () => {
      // Planned once per catalog change: the same statement again reads what it read.
      const key = `${database}\u0000${sql}`;
      const known = this.measured.get(key);
      if (known && known.version === this.version) return known.bytes;
      const bytes = await this.bytesScannedNow(sql, database, main);
      this.measured.delete(key);
      this.measured.set(key, { version: this.version, bytes });
      if (this.measured.size > 200) this.measured.delete(this.measured.keys().next().value as string);
      return bytes;
    });
  }

  /** What a statement read, per catalog version (bumped by any table or view change), newest last. */
  private readonly measured = new Map<string, { readonly version: number; readonly bytes: number | undefined }>();
  private version = 0;

  private changed(): void {
    this.version++;
  }

  private async bytesScannedNow(sql: string, database: string, main: DuckDBConnection): Promise<number | undefined> {
    try {
      const c = await this.connection();
      await c.run(`CREATE SCHEMA IF NOT EXISTS ${ident(database)}`);
      await c.run(searchPath(database));
      await this.macros.ensure(c, sql);
      const plan = await c.runAndReadAll(`EXPLAIN (FORMAT JSON) ${sql}`);
      const text = plan.getRowsJson()[0]?.[1];
      const roots = JSON.parse(typeof text === 'string' ? text : '[]') as PlanNode[];
      let bytes = 0;
      const visit = async (node: PlanNode): Promise<void> => {
        const info = node.extra_info ?? {};
        const table = typeof info.Table === 'string' ? info.Table : '';
        const probe = table.split('.').slice(-2).join('.');
        const group = this.groups.get(probe);
        if (group) bytes += await this.groupBytes(group, referencedColumns(info, group.table), main);
        for (const child of node.children ?? []) await visit(child);
      };
      for (const r of roots) await visit(r);
      return bytes;
    } catch (e) {
      if (process.env.LAKEHOUSE_DEBUG_PROBE) console.error('probe:', e);
      return undefined;
    }
  }

  private async groupBytes(group: ProbeGroup, columns: readonly string[], main: DuckDBConnection): Promise<number> {
    if (dataFormat(group.table) !== 'parquet') return group.sizes.reduce((a, b) => a + b, 0);
    let total = 0;
    for (const file of group.files) {
      const chunks = await this.columnChunks(file, main);
      total += chunks.get('\u0000footer') ?? 0;
      for (const col of columns) total += chunks.get(col.toLowerCase()) ?? 0;
    }
    return total;
  }

  /** Compressed bytes per top-level column of a Parquet file, plus its footer (cached per file). */
  private async columnChunks(file: string, main: DuckDBConnection): Promise<Map<string, number>> {
    const cached = this.parquetColumns.get(file);
    if (cached) return cached;
    const sizes = new Map<string, number>();
    const r = await main.runAndReadAll(`SELECT path_in_schema, sum(total_compressed_size) FROM parquet_metadata(${sqlString(file)}) GROUP BY path_in_schema`);
    for (const [path, size] of r.getRowsJson()) {
      const top = jsonText(path).split(',')[0]?.trim().toLowerCase() ?? '';
      sizes.set(top, (sizes.get(top) ?? 0) + Number(size));
    }
    sizes.set('\u0000footer', await footerLength(file));
    this.parquetColumns.set(file, sizes);
    return sizes;
  }

  dispose(): void {
    const p = this.planner;
    this.planner = undefined;
    void p?.then(
      ({ instance, c }) => {
        c.closeSync();
        instance.closeSync();
      },
      () => undefined,
    );
  }
}

/** The columns a scan reads: its projections and the columns its pushed-down filters use. */
function referencedColumns(info: Record<string, unknown>, table: Table): string[] {
  const projections = info.Projections;
  const listed = Array.isArray(projections) ? projections.map(String) : typeof projections === 'string' ? projections.split('\n') : [];
  const filters = typeof info.Filters === 'string' ? info.Filters : Array.isArray(info.Filters) ? info.Filters.join(' ') : '';
  const names = new Set(listed.map((s) => s.trim().toLowerCase()).filter(Boolean));
  for (const col of table.storage.columns) if (new RegExp(`\\b${col.name}\\b`, 'i').test(filters)) names.add(col.name.toLowerCase());
  return [...names];
}

/** A Parquet footer is read whole: its length (little-endian, before the final `PAR1`) plus 8. */
async function footerLength(file: string): Promise<number> {
  const handle = await openFile(file, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(8);
    await handle.read(tail, 0, 8, Math.max(0, size - 8));
    return tail.readUInt32LE(0) + 8;
  } finally {
    await handle.close();
  }
}
