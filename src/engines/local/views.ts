import type { DuckDBConnection } from '@duckdb/node-api';
import { dataFormat, type Partition, type Table } from '../../core/catalog/model';
import { isProjected, projectedPartitions } from '../../core/catalog/projection';
import { dataFiles, type LocalFile } from './files';
import { icebergMetadataPath, icebergMetadataViews, icebergTableQuery } from './icebergViews';
import type { LocalCatalog } from './localCatalog';
import type { S3Map } from './s3Map';
import type { ScanProbe } from './scanProbe';
import { failingQuery, ident, sqlStringList } from './sqlText';
import { tableQuery, type FileGroup } from './tableReader';

/**
 * The tables `sql` may read: each named in it (`db.name` with or without quotes, or the bare name
 * where it is not another database's), and what the Athena views among them read, transitively.
 * It may take too many (a name in a string or a comment counts), never too few.
 */
export function tablesRead(tables: readonly Table[], sql: string): Set<Table> {
  const read = new Set<Table>();
  const texts = [sql.toLowerCase()];
  const esc = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_]/g, (c) => `\\${c}`);
  const named = (t: Table): boolean => {
    const q = '["`]?';
    const name = `${q}${esc(t.name)}${q}(?![a-z0-9_])`;
    const qualified = new RegExp(`(?<![a-z0-9_])${q}${esc(t.database)}${q}\\s*\\.\\s*${name}`);
    // Unqualified: not right after a `.` (then it is some database's table, matched above).
    const bare = new RegExp(`(?<![a-z0-9_.])(?<!\\.\\s*["\`])(?<!\\.\\s+)${name}`);
    return texts.some((x) => qualified.test(x) || bare.test(x));
  };
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of tables) {
      if (read.has(t) || !named(t)) continue;
      read.add(t);
      if (t.tableType === 'VIRTUAL_VIEW' && t.viewText) texts.push(t.viewText.toLowerCase());
      grew = true;
    }
  }
  return read;
}

export interface TableFiles {
  readonly groups: readonly (FileGroup & { readonly sizes: readonly number[] })[];
}

/** The files a table reads now: its location, or its registered partitions' locations. */
export async function tableFiles(table: Table, partitions: readonly Partition[], map: S3Map): Promise<TableFiles> {
  const group = async (location: string | undefined, values: readonly string[]): Promise<FileGroup & { sizes: number[] }> => {
    const files: LocalFile[] = location ? await dataFiles(map.toLocal(location)) : [];
    return { files: files.map((f) => f.path), sizes: files.map((f) => f.size), partitionValues: values };
  };
  if (!table.partitionKeys.length) return { groups: [await group(table.storage.location, [])] };
  // A projected table's partitions come from its properties, not from the catalog.
  const all = isProjected(table) ? projectedPartitions(table) : partitions;
  return { groups: await Promise.all(all.map((p) => group(p.location, p.values))) };
}

/**
 * Keeps one DuckDB view per external table, defined over the files present now. A view is
 * rebuilt only when its definition (and so its file list) changed.
 */
export class ViewSync {
  private readonly applied = new Map<string, string>();

  constructor(
    private readonly catalog: LocalCatalog,
    private readonly map: S3Map,
    /** Mirrors every table for bytes-scanned measurement. */
    readonly probe: ScanProbe,
    /** Why Iceberg tables cannot be read (DuckDB's iceberg extension is not loaded), or undefined. */
    private readonly icebergUnavailable: () => string | undefined = () => 'The local engine cannot read Iceberg tables here.',
  ) {}

  /**
   * An Iceberg table's objects, as `[name, CREATE statement]`: its view, its time-travel macros
   * (`t$at_version(v)`, `t$at_time(ts)`) and its metadata tables' views (`t$snapshots`,
   * `t$history`; the others refused). Each fails with the reason when the table cannot be read.
   */
  private icebergObjects(table: Table): [string, string][] {
    const name = (suffix = ''): string => `${ident(table.database)}.${ident(`${table.name}${suffix}`)}`;
    const view = (n: string, sql: string): [string, string] => [n, `CREATE OR REPLACE VIEW ${n} AS ${sql}`];
    const macro = (n: string, param: string, sql: string): [string, string] => [n, `CREATE OR REPLACE MACRO ${n}(${param}) AS TABLE ${sql}`];
    const unavailable = this.icebergUnavailable();
    const others = ['files', 'manifests', 'partitions', 'refs'].map((m) =>
      view(name(`$${m}`), failingQuery(`"${table.name}$${m}" needs the table's manifests, which the local engine does not list yet: query it on Athena.`)),
    );
    try {
      const path = icebergMetadataPath(table, this.map);
      const meta = icebergMetadataViews(path);
      const read = (at?: 'version' | 'time'): string => (unavailable ? failingQuery(unavailable) : icebergTableQuery(table, path, at));
      return [
        view(name(), read()),
        macro(name('$at_version'), 'v', read('version')),
        macro(name('$at_time'), 'ts', read('time')),
        view(name('$snapshots'), meta.snapshots),
        view(name('$history'), meta.history),
        ...others,
      ];
    } catch (e) {
      const failing = failingQuery(`${table.database}.${table.name} cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      return [view(name(), failing), macro(name('$at_version'), 'v', failing), macro(name('$at_time'), 'ts', failing), view(name('$snapshots'), failing), view(name('$history'), failing), ...others];
    }
  }

  /**
   * Brings the views up to date: every table's, or with `reads`, only those of the tables a
   * statement may read (see `tablesRead`), so a statement lists the folders of what it reads, not
   * of the whole lakehouse.
   */
  async sync(connection: DuckDBConnection, reads?: ReadonlySet<Table>): Promise<void> {
    const live = new Set<string>();
    for (const table of this.catalog.allTables()) {
      if (table.tableType === 'VIRTUAL_VIEW') continue;
      const name = `${ident(table.database)}.${ident(table.name)}`;
      live.add(name);
      if (reads && !reads.has(table)) continue;
      if (dataFormat(table) === 'iceberg') {
        for (const [object, ddl] of this.icebergObjects(table)) {
          live.add(object);
          if (this.applied.get(object) === ddl) continue;
          await connection.run(`CREATE SCHEMA IF NOT EXISTS ${ident(table.database)}`);
          try {
            await connection.run(ddl);
          } catch (e) {
            // DuckDB reads the metadata when the view is bound: a table it cannot read fails when queried.
            const message = `${table.database}.${table.name} cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
            await connection.run(ddl.startsWith('CREATE OR REPLACE MACRO') ? `CREATE OR REPLACE MACRO ${object}(x) AS TABLE ${failingQuery(message)}` : `CREATE OR REPLACE VIEW ${object} AS ${failingQuery(message)}`);
          }
          this.applied.set(object, ddl);
        }
        continue;
      }
      let sql: string;
      try {
        const files = await tableFiles(table, this.catalog.partitions(table.database, table.name), this.map);
        sql = tableQuery(table, files.groups, await this.millisColumns(connection, table, files));
        await this.probe.applyTable(table, files.groups).catch(() => undefined);
      } catch (e) {
        // A table the engine cannot read fails when queried, with the reason, not at every sync.
        sql = failingQuery(e instanceof Error ? e.message : String(e));
      }
      if (this.applied.get(name) === sql) continue;
      await connection.run(`CREATE SCHEMA IF NOT EXISTS ${ident(table.database)}`);
      try {
        await connection.run(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
      } catch (e) {
        // DuckDB reads some files when the view is bound (e.g. malformed JSON): that table fails
        // when queried, and every other table keeps working.
        const message = `${table.database}.${table.name} cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
        await connection.run(`CREATE OR REPLACE VIEW ${name} AS ${failingQuery(message)}`);
      }
      this.applied.set(name, sql);
    }
    for (const name of [...this.applied.keys()]) {
      if (!live.has(name)) this.applied.delete(name);
    }
    for (const table of this.dropped.splice(0)) await this.probe.dropTable(table.database, table.name).catch(() => undefined);
  }

  private readonly dropped: { database: string; name: string }[] = [];
  /** Per Parquet table: its files (with sizes) when last read, and the timestamp columns stored to the millisecond. */
  private readonly millis = new Map<string, { readonly files: string; readonly columns: ReadonlySet<string> }>();

  /**
   * A Parquet table's timestamp columns that every file stores to the millisecond, from the files'
   * footers (read again only when the files change): those are read without rounding, so that
   * DuckDB filters row groups by them. Any doubt (a footer it cannot read) rounds them all.
   */
  private async millisColumns(connection: DuckDBConnection, table: Table, files: TableFiles): Promise<ReadonlySet<string> | undefined> {
    const wanted = table.storage.columns.filter((c) => /^timestamp$/i.test(c.type.trim())).map((c) => c.name.toLowerCase());
    const paths = files.groups.flatMap((g) => g.files);
    if (dataFormat(table) !== 'parquet' || !wanted.length || !paths.length) return undefined;
    const key = JSON.stringify(files.groups.map((g) => [g.files, g.sizes]));
    const cacheKey = `${table.database}.${table.name}`;
    const cached = this.millis.get(cacheKey);
    if (cached?.files === key) return cached.columns;
    let columns: ReadonlySet<string> = new Set();
    try {
      const rows = (await connection.runAndReadAll(`SELECT lower(name), type, converted_type, logical_type FROM parquet_schema(${sqlStringList(paths)})`)).getRowsJson();
      const fine = new Set<string>();
      const seen = new Set<string>();
      for (const [name, type, converted, logical] of rows.map((r) => r.map((v) => (typeof v === 'string' ? v : '')))) {
        if (name === undefined || !wanted.includes(name)) continue;
        seen.add(name);
        if (type === 'INT96' || (converted !== 'TIMESTAMP_MILLIS' && !/MILLIS=MilliSeconds/.test(logical ?? ''))) fine.add(name);
      }
      columns = new Set([...seen].filter((n) => !fine.has(n)));
    } catch {
      // Rounded, as Athena reads them.
    }
    this.millis.set(cacheKey, { files: key, columns });
    return columns;
  }

  forget(database: string, table: string): void {
    this.applied.delete(`${ident(database.toLowerCase())}.${ident(table.toLowerCase())}`);
    this.dropped.push({ database: database.toLowerCase(), name: table.toLowerCase() });
  }
}
