import type { Column, Table } from '../../core/catalog/model';
import type { CatalogSnapshot } from '../../core/sql/completionItems';
import type { Connection } from '../connection/connection';

/**
 * The active connection's catalog as completion and hover need it: every database, a database's
 * tables with their columns, one table. It reads through the connection's CatalogBrowser, so what
 * the Catalog view has loaded is not fetched again (and the other way round); entries live five
 * minutes, a refresh or a connection switch drops them, and a failed fetch is tried again.
 */
export class CatalogCache {
  constructor(private readonly connection: Connection) {}

  async listDatabases(): Promise<string[]> {
    return (await this.connection.browser.allDatabases(this.connection.catalogName)).map((d) => d.name);
  }

  async listTables(database: string): Promise<Table[]> {
    return [...(await this.connection.browser.allTables(this.connection.catalogName, database))];
  }

  table(database: string, table: string): Promise<Table | undefined> {
    return this.connection.browser.table(this.connection.catalogName, database, table);
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
