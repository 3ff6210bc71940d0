import type { Database, Partition, Table } from '../core/catalog/model';
import type { NameFilter } from '../core/catalog/nameFilter';
import type { Catalog, CatalogInfo, Page } from './types';

/** What a level of the tree has loaded so far. */
export interface Listing<T> {
  readonly items: readonly T[];
  /** More pages follow ("Load more…"). */
  readonly more: boolean;
}

/** Partitions are listed a page at a time in the tree; Glue's own pages are at most 1,000. */
export const PARTITIONS_PAGE = 500;

/** A list loaded a page at a time, kept with the time it was started. */
class Paged<T> {
  private readonly items: T[] = [];
  private token: string | undefined;
  private started = false;
  private pending: Promise<void> | undefined;
  readonly at = Date.now();

  constructor(private readonly fetch: (nextToken?: string) => Promise<Page<T>>) {}

  get complete(): boolean {
    return this.started && !this.token && !this.pending;
  }

  get listing(): Listing<T> {
    return { items: this.items, more: !!this.token };
  }

  /** Loads the first page (once). */
  first(): Promise<Listing<T>> {
    if (this.started) return (this.pending ?? Promise.resolve()).then(() => this.listing);
    return this.next();
  }

  /** Loads the next page (one request at a time; a second call waits for the first). */
  next(): Promise<Listing<T>> {
    if (this.pending) return this.pending.then(() => this.listing);
    if (this.started && !this.token) return Promise.resolve(this.listing);
    const token = this.token;
    this.started = true;
    this.pending = this.fetch(token).then(
      (page) => {
        this.items.push(...page.items);
        this.token = page.nextToken;
        this.pending = undefined;
      },
      (e: unknown) => {
        // A failed page can be tried again: the token stays where it was.
        this.pending = undefined;
        if (!this.items.length && token === undefined) this.started = false;
        throw e;
      },
    );
    return this.pending.then(() => this.listing);
  }

  /** Every page. */
  async all(): Promise<readonly T[]> {
    await this.first();
    while (this.token || this.pending) await this.next();
    return this.items;
  }
}

/** How long a "no such table" answer is reused (hover asks for every word that could be a table). */
const MISSING_TTL_MS = 5_000;

export interface BrowserOptions {
  /** How long a loaded list is reused (default five minutes); refresh drops it sooner. */
  readonly ttlMs?: number;
}

/**
 * The catalog as the tree and completion read it, one per connection: catalogs, then databases,
 * tables and partitions a page at a time ("Load more…" asks for the next; completion takes every
 * page), kept for a while so expanding or typing again costs nothing. A
 * name filter is sent to the server (Glue's Expression) unless the database's whole table list is
 * already here, in which case it is applied in memory. Works over any Catalog: Glue or local.
 */
export class CatalogBrowser {
  private readonly ttl: number;
  private catalogList: { at: number; value: Promise<readonly CatalogInfo[]> } | undefined;
  private readonly lists = new Map<string, Paged<unknown>>();
  private readonly details = new Map<string, { at: number; value: Promise<Table | undefined>; missing?: boolean }>();

  constructor(
    private readonly catalog: Catalog,
    options: BrowserOptions = {},
  ) {
    this.ttl = options.ttlMs ?? 5 * 60_000;
  }

  catalogs(): Promise<readonly CatalogInfo[]> {
    if (this.catalogList && Date.now() - this.catalogList.at < this.ttl) return this.catalogList.value;
    const value = this.catalog.listCatalogs();
    this.catalogList = { at: Date.now(), value };
    value.catch(() => (this.catalogList = undefined));
    return value;
  }

  private paged<T>(key: string, fetch: (nextToken?: string) => Promise<Page<T>>): Paged<T> {
    const hit = this.lists.get(key) as Paged<T> | undefined;
    if (hit && Date.now() - hit.at < this.ttl) return hit;
    const fresh = new Paged(fetch);
    this.lists.set(key, fresh);
    return fresh;
  }

  private databaseList(catalog: string): Paged<Database> {
    return this.paged(`d\u0000${catalog}`, (t) => this.catalog.listDatabases(catalog, t));
  }

  /** Databases: the first page, or everything loaded so far. With a database filter, all pages, narrowed. */
  async databases(catalog: string, filter?: NameFilter): Promise<Listing<Database>> {
    const list = this.databaseList(catalog);
    if (!filter?.database) return list.first();
    const keep = filter.database;
    return { items: (await list.all()).filter((d) => keep.test(d.name)), more: false };
  }

  moreDatabases(catalog: string): Promise<Listing<Database>> {
    return this.databaseList(catalog).next();
  }

  /** Every database (all pages), for completion. */
  allDatabases(catalog: string): Promise<readonly Database[]> {
    return this.databaseList(catalog).all();
  }

  private tableList(catalog: string, database: string, pattern?: string): Paged<Table> {
    return this.paged(`t\u0000${catalog}\u0000${database}\u0000${pattern ?? ''}`, (t) => this.catalog.listTables(catalog, database, t, pattern));
  }

  /**
   * A database's tables: the first page (or what is loaded). With a table filter: in memory when
   * the database's whole list is here and fresh, else the server narrows them, a page at a time.
   */
  async tables(catalog: string, database: string, filter?: NameFilter): Promise<Listing<Table>> {
    const keep = filter?.table;
    if (!keep) return this.tableList(catalog, database).first();
    const whole = this.lists.get(`t\u0000${catalog}\u0000${database}\u0000`) as Paged<Table> | undefined;
    if (whole && whole.complete && Date.now() - whole.at < this.ttl) return { items: whole.listing.items.filter((t) => keep.test(t.name)), more: false };
    return this.tableList(catalog, database, keep.expression).first();
  }

  moreTables(catalog: string, database: string, filter?: NameFilter): Promise<Listing<Table>> {
    return this.tableList(catalog, database, filter?.table?.expression).next();
  }

  /** Every table of a database (all pages, continuing what the tree loaded), for completion. */
  allTables(catalog: string, database: string): Promise<readonly Table[]> {
    return this.tableList(catalog, database).all();
  }

  /** A table: from the loaded pages when it is there, else one GetTable (kept like the lists). */
  async table(catalog: string, database: string, name: string): Promise<Table | undefined> {
    const listed = this.lists.get(`t\u0000${catalog}\u0000${database}\u0000`) as Paged<Table> | undefined;
    const found = listed && Date.now() - listed.at < this.ttl ? listed.listing.items.find((t) => t.name === name) : undefined;
    if (found) return found;
    const key = `${catalog}\u0000${database}\u0000${name}`;
    const hit = this.details.get(key);
    if (hit && Date.now() - hit.at < (hit.missing ? Math.min(this.ttl, MISSING_TTL_MS) : this.ttl)) return hit.value;
    const value = this.catalog.getTable(catalog, database, name);
    const entry: { at: number; value: Promise<Table | undefined>; missing?: boolean } = { at: Date.now(), value };
    this.details.set(key, entry);
    value.then(
      // "No such table" is kept only briefly: the table may be created (or the catalog come back) soon.
      (t) => (entry.missing = t === undefined),
      () => this.details.delete(key), // a failure is not kept: the next call tries again
    );
    return value;
  }

  private partitionList(catalog: string, database: string, table: string): Paged<Partition> {
    return this.paged(`p\u0000${catalog}\u0000${database}\u0000${table}`, (t) =>
      this.catalog.listPartitions(catalog, database, table, { maxResults: PARTITIONS_PAGE, ...(t ? { nextToken: t } : {}) }),
    );
  }

  partitions(catalog: string, database: string, table: string): Promise<Listing<Partition>> {
    return this.partitionList(catalog, database, table).first();
  }

  morePartitions(catalog: string, database: string, table: string): Promise<Listing<Partition>> {
    return this.partitionList(catalog, database, table).next();
  }

  /** Forgets what was loaded: everything, one catalog, or one database (its tables and their partitions). */
  invalidate(catalog?: string, database?: string): void {
    if (catalog === undefined) {
      this.catalogList = undefined;
      this.lists.clear();
      this.details.clear();
      return;
    }
    for (const key of [...this.lists.keys()]) {
      const [kind, cat, db] = key.split('\u0000');
      if (cat !== catalog) continue;
      if (database === undefined || (kind !== 'd' && db === database)) this.lists.delete(key);
    }
    for (const key of [...this.details.keys()]) {
      const [cat, db] = key.split('\u0000');
      if (cat === catalog && (database === undefined || db === database)) this.details.delete(key);
    }
  }
}
