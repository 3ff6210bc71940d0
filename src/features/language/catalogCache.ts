import type { Column, Table } from '../../core/catalog/model';
import type { CatalogSnapshot } from '../../core/sql/completionItems';
import { allPages } from '../../engines/pages';
import type { Connection } from '../connection/connection';

const TTL_MS = 5 * 60_000;

interface Entry<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

/**
 * The active connection's catalog as completion and hover need it: databases, their tables and
 * the tables' columns, each fetched once and kept for five minutes. Switching connection (or a
 * refresh) empties it. A failed fetch is not kept, so the next keystroke tries again.
 */
export class CatalogCache {
  private databases: Entry<string[]> | undefined;
  private readonly tables = new Map<string, Entry<Table[]>>();
  private readonly details = new Map<string, Entry<Table | undefined>>();

  constructor(private readonly connection: Connection) {}

  clear(): void {
    this.databases = undefined;
    this.tables.clear();
    this.details.clear();
  }

  private fresh<T>(e: Entry<T> | undefined): e is Entry<T> {
    return !!e && Date.now() - e.at < TTL_MS;
  }

  private keep<T>(set: (e: Entry<T> | undefined) => void, load: () => Promise<T>): Promise<T> {
    const value = load();
    set({ at: Date.now(), value });
    value.catch(() => set(undefined));
    return value;
  }

  listDatabases(): Promise<string[]> {
    if (this.fresh(this.databases)) return this.databases.value;
    const catalog = this.connection.catalog;
    const name = this.connection.catalogName;
    return this.keep(
      (e) => (this.databases = e),
      async () => (await allPages((t) => catalog.listDatabases(name, t))).map((d) => d.name),
    );
  }

  listTables(database: string): Promise<Table[]> {
    const hit = this.tables.get(database);
    if (this.fresh(hit)) return hit.value;
    const catalog = this.connection.catalog;
    const name = this.connection.catalogName;
    return this.keep(
      (e) => (e ? this.tables.set(database, e) : this.tables.delete(database)),
      () => allPages((t) => catalog.listTables(name, database, t)),
    );
  }

  /** A table with its columns: from the database listing when loaded, else one GetTable. */
  async table(database: string, table: string): Promise<Table | undefined> {
    const listed = this.tables.get(database);
    if (this.fresh(listed)) {
      const found = (await listed.value.catch(() => [] as Table[])).find((t) => t.name === table);
      if (found) return found;
    }
    const key = `${database}.${table}`;
    const hit = this.details.get(key);
    if (this.fresh(hit)) return hit.value;
    const catalog = this.connection.catalog;
    const name = this.connection.catalogName;
    return this.keep(
      (e) => (e ? this.details.set(key, e) : this.details.delete(key)),
      () => catalog.getTable(name, database, table),
    );
  }

  /** What is loaded now, for the pure completion code. */
  async snapshot(need: { databases: readonly string[]; tables: readonly { database: string; table: string }[] }, defaultDatabase: string): Promise<CatalogSnapshot> {
    const databases = await this.listDatabases().catch(() => [] as string[]);
    const wanted = need.databases.includes('*') ? databases : need.databases;
    const tableLists = new Map<string, Table[]>();
    await Promise.all(wanted.map(async (db) => tableLists.set(db, await this.listTables(db).catch(() => []))));
    const details = new Map<string, Table>();
    await Promise.all(
      need.tables.map(async (t) => {
        const found = await this.table(t.database, t.table).catch(() => undefined);
        if (found) details.set(`${t.database}.${t.table}`, found);
      }),
    );
    return {
      databases,
      defaultDatabase,
      tables: (db) => tableLists.get(db)?.map((t) => ({ name: t.name, view: t.tableType === 'VIRTUAL_VIEW' })),
      columns: (db, table): readonly Column[] | undefined => {
        const t = details.get(`${db}.${table}`) ?? tableLists.get(db)?.find((x) => x.name === table);
        return t ? [...t.storage.columns, ...t.partitionKeys] : undefined;
      },
    };
  }
}
