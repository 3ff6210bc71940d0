import { patternRegex } from '../../core/catalog/nameFilter';
import { filterPartitions } from '../../core/catalog/partitionExpression';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Partition, Table } from '../../core/catalog/model';
import type { Catalog, CatalogInfo, Page, PartitionQuery } from '../types';

export const LOCAL_CATALOG = 'LocalLakehouse';

interface TableEntry {
  table: Table;
  partitions: Partition[];
}

interface DatabaseEntry {
  database: Database;
  tables: Record<string, TableEntry>;
}

interface CatalogFile {
  version: 1;
  databases: Record<string, DatabaseEntry>;
}

/** Names are stored lower case, as Glue stores them. */
export const key = (name: string): string => name.toLowerCase();

/** A catalog failure that is the user's to fix (missing table, existing database…), not a bug. */
export class CatalogError extends Error {}

/**
 * The local lakehouse's catalog: Glue-shaped, kept in `<workspace>/.lakehouse/catalog.json`
 * (or in memory when there is no workspace). Every change is written at once, atomically.
 */
export class LocalCatalog implements Catalog {
  private data: CatalogFile;

  constructor(private readonly file: string | undefined) {
    this.data = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CatalogFile) : { version: 1, databases: {} };
    if (!this.data.databases.default) this.data.databases.default = { database: { name: 'default' }, tables: {} };
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    renameSync(tmp, this.file);
  }

  // --- reading -------------------------------------------------------------------------------

  databases(): Database[] {
    return Object.values(this.data.databases)
      .map((d) => d.database)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  database(name: string): Database | undefined {
    return this.data.databases[key(name)]?.database;
  }

  tables(database: string): Table[] {
    const db = this.data.databases[key(database)];
    if (!db) throw new CatalogError(`Database '${database}' does not exist.`);
    return Object.values(db.tables)
      .map((t) => t.table)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  table(database: string, name: string): Table | undefined {
    return this.data.databases[key(database)]?.tables[key(name)]?.table;
  }

  partitions(database: string, name: string): Partition[] {
    return this.data.databases[key(database)]?.tables[key(name)]?.partitions ?? [];
  }

  allTables(): Table[] {
    return Object.values(this.data.databases).flatMap((d) => Object.values(d.tables).map((t) => t.table));
  }

  // --- changing ------------------------------------------------------------------------------

  createDatabase(database: Database, ifNotExists: boolean): boolean {
    const k = key(database.name);
    if (this.data.databases[k]) {
      if (ifNotExists) return false;
      throw new CatalogError(`Database ${database.name} already exists.`);
    }
    this.data.databases[k] = { database: { ...database, name: k }, tables: {} };
    this.save();
    return true;
  }

  dropDatabase(name: string, ifExists: boolean, cascade: boolean): Table[] {
    const k = key(name);
    const db = this.data.databases[k];
    if (!db) {
      if (ifExists) return [];
      throw new CatalogError(`Database ${name} does not exist.`);
    }
    const tables = Object.values(db.tables).map((t) => t.table);
    if (tables.length && !cascade) throw new CatalogError(`Database ${name} is not empty. One or more tables exist (use CASCADE to drop them too).`);
    if (k === 'default') throw new CatalogError('The default database cannot be dropped.');
    delete this.data.databases[k];
    this.save();
    return tables;
  }

  putTable(table: Table, options: { replace: boolean }): void {
    const db = this.data.databases[key(table.database)];
    if (!db) throw new CatalogError(`Database '${table.database}' does not exist.`);
    const k = key(table.name);
    const existing = db.tables[k];
    if (existing && !options.replace) throw new CatalogError(`Table ${table.database}.${table.name} already exists.`);
    const now = new Date().toISOString();
    const stored: Table = {
      ...table,
      database: key(table.database),
      name: k,
      storage: { ...table.storage, columns: table.storage.columns.map((c) => ({ ...c, name: key(c.name) })) },
      partitionKeys: table.partitionKeys.map((c) => ({ ...c, name: key(c.name) })),
      createTime: existing?.table.createTime ?? now,
      updateTime: now,
    };
    db.tables[k] = { table: stored, partitions: existing && options.replace && existing.table.tableType === table.tableType ? existing.partitions : [] };
    this.save();
  }

  dropTable(database: string, name: string): Table | undefined {
    const db = this.data.databases[key(database)];
    const entry = db?.tables[key(name)];
    if (!db || !entry) return undefined;
    delete db.tables[key(name)];
    this.save();
    return entry.table;
  }

  /** Adds partitions not already there; returns how many were new. */
  addPartitions(database: string, name: string, partitions: readonly Partition[]): number {
    const entry = this.data.databases[key(database)]?.tables[key(name)];
    if (!entry) throw new CatalogError(`Table ${database}.${name} does not exist.`);
    const seen = new Set(entry.partitions.map((p) => JSON.stringify(p.values)));
    let added = 0;
    for (const p of partitions) {
      const id = JSON.stringify(p.values);
      if (seen.has(id)) continue;
      seen.add(id);
      entry.partitions.push({ values: [...p.values], location: p.location });
      added++;
    }
    entry.partitions.sort((a, b) => JSON.stringify(a.values).localeCompare(JSON.stringify(b.values)));
    if (added) this.save();
    return added;
  }

  dropPartitions(database: string, name: string, values: readonly (readonly string[])[]): number {
    const entry = this.data.databases[key(database)]?.tables[key(name)];
    if (!entry) throw new CatalogError(`Table ${database}.${name} does not exist.`);
    const drop = new Set(values.map((v) => JSON.stringify(v)));
    const before = entry.partitions.length;
    entry.partitions = entry.partitions.filter((p) => !drop.has(JSON.stringify(p.values)));
    if (entry.partitions.length !== before) this.save();
    return before - entry.partitions.length;
  }

  // --- the engine Catalog interface ------------------------------------------------------------

  listCatalogs(): Promise<readonly CatalogInfo[]> {
    return Promise.resolve([{ name: LOCAL_CATALOG, type: 'LOCAL', description: 'The local lakehouse (DuckDB)' }]);
  }

  listDatabases(): Promise<Page<Database>> {
    return Promise.resolve({ items: this.databases() });
  }

  listTables(_catalog: string, database: string, _nextToken?: string, namePattern?: string): Promise<Page<Table>> {
    // The executor's throw (no such database, a bad pattern) becomes the rejection.
    return new Promise((resolve) => {
      const tables = this.tables(database);
      const keep = namePattern ? patternRegex(namePattern) : undefined;
      resolve({ items: keep ? tables.filter((t) => keep.test(t.name)) : tables });
    });
  }

  getTable(_catalog: string, database: string, name: string): Promise<Table | undefined> {
    return Promise.resolve(this.table(database, name));
  }

  listPartitions(_catalog: string, database: string, table: string, query?: PartitionQuery): Promise<Page<Partition>> {
    // The executor's throw (no such table, a bad expression) becomes the rejection.
    return new Promise((resolve) => {
      const all = this.partitions(database, table);
      if (!query?.expression?.trim()) {
        resolve({ items: all });
        return;
      }
      const keys = this.table(database, table)?.partitionKeys ?? [];
      resolve({ items: filterPartitions(all, query.expression, keys) });
    });
  }
}
