import * as vscode from 'vscode';
import { columnDescription, partitionLabel, tableDescription, tableFacts, tableKind } from '../../core/catalog/describe';
import type { Column, Database, Partition, Table } from '../../core/catalog/model';
import { athenaColumnType, currentSchema, snapshotChange, specText, type IcebergSnapshot } from '../../core/iceberg/metadata';
import { parseNameFilter, type NameFilter } from '../../core/catalog/nameFilter';
import { isProjected, projectedPartitions } from '../../core/catalog/projection';
import type { CatalogBrowser, Listing } from '../../engines/catalogBrowser';
import type { CatalogInfo } from '../../engines/types';
import type { Logger } from '../common/logger';
import type { Connection } from '../connection/connection';

/** The tree's nodes. Table nodes carry `database` and `table` (the name), which commands accept as arguments. */
export type CatalogNode =
  | { readonly kind: 'catalog'; readonly id: string; readonly catalog: string; readonly info: CatalogInfo }
  | { readonly kind: 'database'; readonly id: string; readonly catalog: string; readonly database: string; readonly info: Database }
  | { readonly kind: 'table'; readonly id: string; readonly catalog: string; readonly database: string; readonly table: string; readonly info: Table }
  | { readonly kind: 'column'; readonly id: string; readonly parent: TableNode; readonly column: Column; readonly partitionKey: boolean }
  | { readonly kind: 'partitions'; readonly id: string; readonly parent: TableNode }
  | { readonly kind: 'partition'; readonly id: string; readonly parent: PartitionsNode; readonly partition: Partition }
  | { readonly kind: 'snapshots'; readonly id: string; readonly parent: TableNode; readonly snapshots: readonly IcebergSnapshot[]; readonly current?: string }
  | { readonly kind: 'snapshot'; readonly id: string; readonly parent: SnapshotsNode; readonly snapshot: IcebergSnapshot }
  | { readonly kind: 'health'; readonly id: string; readonly parent: TableNode }
  | { readonly kind: 'more'; readonly id: string; readonly parent: ContainerNode; readonly loaded: number }
  | { readonly kind: 'error'; readonly id: string; readonly parent: ParentNode | undefined; readonly message: string }
  | { readonly kind: 'info'; readonly id: string; readonly parent: ParentNode | undefined; readonly message: string };

export type TableNode = Extract<CatalogNode, { kind: 'table' }>;
export type DatabaseNode = Extract<CatalogNode, { kind: 'database' }>;
type PartitionsNode = Extract<CatalogNode, { kind: 'partitions' }>;
export type SnapshotsNode = Extract<CatalogNode, { kind: 'snapshots' }>;
export type SnapshotNode = Extract<CatalogNode, { kind: 'snapshot' }>;
/** Nodes whose children are listed (and may fail or have more pages). */
type ContainerNode = Extract<CatalogNode, { kind: 'catalog' | 'database' | 'partitions' }>;
/** Nodes an info or error line may sit under. */
type ParentNode = ContainerNode | Extract<CatalogNode, { kind: 'table' | 'health' }>;

/** A shown projected partition list stops here; the tooltip says how they are computed. */
const PROJECTED_SHOWN = 1000;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The Catalog view: data catalogs › databases › tables and views › columns (and a Partitions node
 * under partitioned tables). Levels load lazily, a page at a time, with "Load more…"; a failing
 * level becomes an error node with Retry while the rest of the tree works; the name filter
 * narrows tables (and databases, with `db.table`). It follows the connection: switching reloads.
 */
export class CatalogTree implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private filter: NameFilter | undefined;
  private readonly changed = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<CatalogNode | undefined>();
  /** Fires after a level's children were produced (for tests and reveal). */
  readonly onDidLoad = this.loaded.event;
  /** Nodes by id, as last produced: what reveal and refresh of one node look up. */
  private readonly nodes = new Map<string, CatalogNode>();
  readonly view: vscode.TreeView<CatalogNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
  ) {
    this.view = vscode.window.createTreeView('lakehouseCatalog', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      // The old connection's browser went with it; the new one starts empty.
      connection.onDidChange(() => this.changed.fire(undefined)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
    void this.updateFilterContext();
  }

  private get catalog(): CatalogBrowser {
    return this.connection.browser;
  }

  get activeFilter(): string | undefined {
    return this.filter?.text;
  }

  /** Narrows tables (and databases with `db.table`) by name; empty text clears the filter. */
  setFilter(text: string | undefined): void {
    this.filter = text ? parseNameFilter(text) : undefined;
    void this.updateFilterContext();
    this.changed.fire(undefined);
  }

  private async updateFilterContext(): Promise<void> {
    this.view.message = this.filter ? `Filtered by name: ${this.filter.text}` : '';
    this.view.description = this.filter ? `filter: ${this.filter.text}` : '';
    await vscode.commands.executeCommand('setContext', 'lakehouse.catalogFiltered', !!this.filter);
  }

  /** Reloads a node's children from the catalog (the whole tree without one). */
  refresh(node?: CatalogNode): void {
    if (!node) {
      this.connection.openBrowser?.invalidate();
      this.changed.fire(undefined);
      return;
    }
    if (node.kind === 'catalog') this.connection.openBrowser?.invalidate(node.catalog);
    else if (node.kind === 'database') this.connection.openBrowser?.invalidate(node.catalog, node.database);
    else if (node.kind === 'table' || node.kind === 'partitions') {
      const t = node.kind === 'table' ? node : node.parent;
      this.connection.openBrowser?.invalidate(t.catalog, t.database);
      const db = this.nodes.get(databaseId(t.catalog, t.database));
      this.changed.fire(db);
      return;
    }
    this.changed.fire(node);
  }

  /** Refreshes one database by name in the connection's catalog (after DDL); the whole tree when unknown. */
  refreshDatabase(database: string | undefined): void {
    const catalog = this.connection.catalogName;
    if (database === undefined) {
      this.refresh();
      return;
    }
    this.connection.openBrowser?.invalidate(catalog, database);
    this.changed.fire(this.nodes.get(databaseId(catalog, database)));
  }

  /** Shows a table in the tree (its database expanded), once the database has reloaded. */
  async reveal(database: string, table: string): Promise<TableNode | undefined> {
    const catalog = this.connection.catalogName;
    const info = await this.catalog.table(catalog, database, table).catch(() => undefined);
    if (!info) return undefined;
    const node = this.tableNode(catalog, info);
    try {
      await this.view.reveal(node, { select: true, focus: false, expand: false });
    } catch (e) {
      this.log.warn(`could not reveal ${database}.${table}: ${errorText(e)}`);
    }
    return node;
  }

  /** Loads the next page under a "Load more…" node. */
  async loadMore(node: CatalogNode | undefined): Promise<void> {
    if (node?.kind !== 'more') return;
    const parent = node.parent;
    try {
      if (parent.kind === 'catalog') await this.catalog.moreDatabases(parent.catalog);
      else if (parent.kind === 'database') await this.catalog.moreTables(parent.catalog, parent.database, this.filter);
      else await this.catalog.morePartitions(parent.parent.catalog, parent.parent.database, parent.parent.table);
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not load more: ${errorText(e)}`);
    }
    this.changed.fire(parent);
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    switch (node.kind) {
      case 'catalog': {
        const item = new vscode.TreeItem(node.catalog, node.catalog === this.connection.catalogName ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('library');
        item.description = node.info.type === 'LOCAL' ? 'local lakehouse (DuckDB)' : node.info.type.toLowerCase();
        item.contextValue = 'catalog';
        return withId(item, node.id);
      }
      case 'database': {
        const item = new vscode.TreeItem(node.database, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('database');
        if (node.info.description) item.description = node.info.description;
        item.tooltip = new vscode.MarkdownString(
          [`**${md(node.database)}**`, node.info.description ? md(node.info.description) : '', node.info.locationUri ? `Location: \`${node.info.locationUri}\`` : ''].filter(Boolean).join('\n\n'),
        );
        item.contextValue = 'database';
        return withId(item, node.id);
      }
      case 'table': {
        const t = node.info;
        const item = new vscode.TreeItem(node.table, vscode.TreeItemCollapsibleState.Collapsed);
        const kind = tableKind(t);
        item.iconPath = new vscode.ThemeIcon(kind === 'view' ? 'eye' : kind === 'iceberg' ? 'layers' : 'table');
        item.description = tableDescription(t);
        item.tooltip = tableTooltip(t);
        item.contextValue = `table.${kind}${t.storage.location ? '.located' : ''}`;
        return withId(item, node.id);
      }
      case 'column': {
        const item = new vscode.TreeItem(node.column.name, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.partitionKey ? 'key' : 'symbol-field');
        item.description = columnDescription(node.column, node.partitionKey);
        item.tooltip = new vscode.MarkdownString(`\`${md(node.column.name)}\` ${md(node.column.type)}${node.partitionKey ? ' (partition key)' : ''}${node.column.comment ? `\n\n${md(node.column.comment)}` : ''}`);
        item.contextValue = 'column';
        return withId(item, node.id);
      }
      case 'partitions': {
        const t = node.parent.info;
        const item = new vscode.TreeItem('Partitions', vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('list-tree');
        item.description = isProjected(t) ? 'projected' : t.partitionKeys.map((k) => k.name).join(', ');
        item.contextValue = 'partitions';
        return withId(item, node.id);
      }
      case 'partition': {
        const keys = node.parent.parent.info.partitionKeys;
        const item = new vscode.TreeItem(partitionLabel(keys, node.partition.values), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('folder');
        if (node.partition.location) item.tooltip = node.partition.location;
        item.contextValue = 'partition';
        return withId(item, node.id);
      }
      case 'snapshots': {
        const item = new vscode.TreeItem('Snapshots', vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('history');
        item.description = `${node.snapshots.length.toLocaleString('en')} snapshot${node.snapshots.length === 1 ? '' : 's'}`;
        item.contextValue = 'snapshots';
        return withId(item, node.id);
      }
      case 'snapshot': {
        const s = node.snapshot;
        const current = s.snapshotId === node.parent.current;
        const item = new vscode.TreeItem(new Date(s.timestampMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(current ? 'circle-filled' : 'circle-outline');
        item.description = `${snapshotChange(s)}${current ? ' · current' : ''}`;
        const total = (k: string): string => Number(s.summary[k] ?? 0).toLocaleString('en');
        item.tooltip = new vscode.MarkdownString(
          [`Snapshot \`${s.snapshotId}\`${current ? ' (current)' : ''}`, `${md(snapshotChange(s))}`, `After it: ${total('total-data-files')} data files, ${total('total-records')} rows, ${total('total-delete-files')} delete files`].join('\n\n'),
        );
        item.contextValue = 'snapshot';
        return withId(item, node.id);
      }
      case 'health': {
        const item = new vscode.TreeItem('Health', vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('pulse');
        item.description = 'small files, delete files, snapshots';
        item.command = { command: 'lakehouse.iceberg.health', title: 'Show Iceberg Health', arguments: [node.parent] };
        item.contextValue = 'health';
        return withId(item, node.id);
      }
      case 'more': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.description = `${node.loaded.toLocaleString('en')} shown`;
        item.command = { command: 'lakehouse.catalog.loadMore', title: 'Load more', arguments: [node] };
        item.contextValue = 'more';
        return withId(item, node.id);
      }
      case 'error': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.tooltip = `${node.message}\n\nClick to try again.`;
        item.command = { command: 'lakehouse.catalog.refresh', title: 'Retry', arguments: [node.parent] };
        item.contextValue = 'error';
        return withId(item, node.id);
      }
      case 'info': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'info';
        return withId(item, node.id);
      }
    }
  }

  getParent(node: CatalogNode): CatalogNode | undefined {
    switch (node.kind) {
      case 'catalog':
        return undefined;
      case 'database':
        return this.nodes.get(catalogId(node.catalog)) ?? this.catalogNode({ name: node.catalog, type: 'GLUE' });
      case 'table':
        return this.nodes.get(databaseId(node.catalog, node.database)) ?? this.databaseNode(node.catalog, { name: node.database });
      default:
        return node.parent;
    }
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!vscode.workspace.isTrusted) return [];
    // The view's own progress bar while a level loads.
    const children = await vscode.window.withProgress({ location: { viewId: 'lakehouseCatalog' } }, () => this.children(node));
    for (const c of children) this.nodes.set(c.id, c);
    this.loaded.fire(node);
    return children;
  }

  private async children(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node) {
      try {
        const catalogs = await this.catalog.catalogs();
        // An empty local lakehouse shows the welcome (open the sample, or connect to AWS).
        const only = catalogs.length === 1 ? catalogs[0] : undefined;
        if (only?.type === 'LOCAL' && !this.filter && !(await this.catalog.databases(only.name)).items.length) return [];
        return catalogs.map((c) => this.catalogNode(c));
      } catch (e) {
        return [{ kind: 'error', id: 'error:root', parent: undefined, message: `Could not list the catalogs: ${errorText(e)}` }];
      }
    }
    switch (node.kind) {
      case 'catalog':
        return this.level(node, () => this.catalog.databases(node.catalog, this.filter), (d) => this.databaseNode(node.catalog, d), this.filter?.database ? `No database matches "${this.filter.database.text}"` : 'No databases');
      case 'database':
        return this.level(
          node,
          () => this.catalog.tables(node.catalog, node.database, this.filter),
          (t) => this.tableNode(node.catalog, t),
          this.filter?.table ? `No table matches "${this.filter.table.text}"` : 'No tables',
        );
      case 'table': {
        const t = node.info;
        if (tableKind(t) === 'iceberg') return this.icebergChildren(node);
        const columns: CatalogNode[] = [
          ...t.storage.columns.map((c) => ({ kind: 'column' as const, id: `${node.id}/c/${c.name}`, parent: node, column: c, partitionKey: false })),
          ...t.partitionKeys.map((c) => ({ kind: 'column' as const, id: `${node.id}/c/${c.name}`, parent: node, column: c, partitionKey: true })),
        ];
        if (t.partitionKeys.length) columns.push({ kind: 'partitions', id: `${node.id}/partitions`, parent: node });
        return columns;
      }
      case 'partitions': {
        const t = node.parent;
        if (isProjected(t.info)) {
          try {
            const values = projectedPartitions(t.info, new Date(), PROJECTED_SHOWN + 1);
            const shown = values.slice(0, PROJECTED_SHOWN).map((p, i): CatalogNode => ({ kind: 'partition', id: `${node.id}/${i}`, parent: node, partition: p }));
            if (values.length > PROJECTED_SHOWN) shown.push({ kind: 'info', id: `${node.id}/cut`, parent: node, message: `First ${PROJECTED_SHOWN.toLocaleString('en')} projected partitions shown` });
            return shown;
          } catch (e) {
            return [{ kind: 'error', id: `${node.id}/error`, parent: node, message: `Partition projection: ${errorText(e)}` }];
          }
        }
        return this.level(node, () => this.catalog.partitions(t.catalog, t.database, t.table), (p) => ({ kind: 'partition', id: `${node.id}/${p.values.join('\u0000')}`, parent: node, partition: p }), 'No partitions registered (MSCK REPAIR TABLE or ALTER TABLE ADD PARTITION adds them)');
      }
      case 'snapshots':
        // Newest first.
        return [...node.snapshots].sort((a, b) => b.timestampMs - a.timestampMs).map((snapshot) => ({ kind: 'snapshot', id: `${node.id}/${snapshot.snapshotId}`, parent: node, snapshot }));
      case 'health':
        try {
          const h = await this.connection.estimator.iceberg.health(node.parent.info);
          const flags = h.flags.length ? h.flags : ['Nothing needs attention.'];
          return flags.map((message, i) => ({ kind: 'info', id: `${node.id}/${i}`, parent: node, message }));
        } catch (e) {
          return [{ kind: 'error', id: `${node.id}/error`, parent: node, message: `Iceberg health: ${errorText(e)}` }];
        }
      default:
        return [];
    }
  }

  /**
   * An Iceberg table from its own metadata: the current schema (after evolution), the partition
   * spec with its transforms, its snapshots and its health. The catalog's columns (and an error
   * node) when the metadata cannot be read.
   */
  private async icebergChildren(node: TableNode): Promise<CatalogNode[]> {
    const column = (c: Column): CatalogNode => ({ kind: 'column', id: `${node.id}/c/${c.name}`, parent: node, column: c, partitionKey: false });
    try {
      const meta = await this.connection.estimator.iceberg.table(node.info);
      const fields = currentSchema(meta)?.fields ?? [];
      const spec = specText(meta);
      return [
        ...fields.map((f) => column({ name: f.name, type: athenaColumnType(f.type) })),
        { kind: 'info', id: `${node.id}/spec`, parent: node, message: spec ? `Partitioned by ${spec}` : 'Not partitioned' },
        { kind: 'snapshots', id: `${node.id}/snapshots`, parent: node, snapshots: meta.snapshots, ...(meta.currentSnapshotId ? { current: meta.currentSnapshotId } : {}) },
        { kind: 'health', id: `${node.id}/health`, parent: node },
      ];
    } catch (e) {
      this.log.warn(`catalog: ${node.id}: Iceberg metadata: ${errorText(e)}`);
      return [...node.info.storage.columns.map(column), { kind: 'error', id: `${node.id}/error`, parent: node, message: `Iceberg metadata could not be read: ${errorText(e)}` }];
    }
  }

  /** One listed level: its items, then "Load more…" when pages follow; an error node with Retry when it fails. */
  private async level<T>(parent: ContainerNode, load: () => Promise<Listing<T>>, toNode: (item: T) => CatalogNode, empty: string): Promise<CatalogNode[]> {
    let listing: Listing<T>;
    try {
      listing = await load();
    } catch (e) {
      this.log.warn(`catalog: ${parent.id}: ${errorText(e)}`);
      return [{ kind: 'error', id: `${parent.id}/error`, parent, message: errorText(e) }];
    }
    const nodes = listing.items.map(toNode);
    if (listing.more) nodes.push({ kind: 'more', id: `${parent.id}/more`, parent, loaded: listing.items.length });
    if (!nodes.length) nodes.push({ kind: 'info', id: `${parent.id}/empty`, parent, message: empty });
    return nodes;
  }

  private catalogNode(info: CatalogInfo): CatalogNode {
    return { kind: 'catalog', id: catalogId(info.name), catalog: info.name, info };
  }

  private databaseNode(catalog: string, info: Database): DatabaseNode {
    return { kind: 'database', id: databaseId(catalog, info.name), catalog, database: info.name, info };
  }

  private tableNode(catalog: string, info: Table): TableNode {
    return { kind: 'table', id: `${databaseId(catalog, info.database)}/t/${info.name}`, catalog, database: info.database, table: info.name, info };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.loaded.dispose();
  }
}

const catalogId = (catalog: string): string => `c/${catalog}`;
const databaseId = (catalog: string, database: string): string => `c/${catalog}/d/${database}`;

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
  item.id = id;
  return item;
}

/** Markdown-escaped text (names and values come from the catalog, not from us). */
const md = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

function tableTooltip(t: Table): vscode.MarkdownString {
  const f = tableFacts(t);
  const lines = [`**${md(f.title)}**`];
  if (f.description) lines.push(md(f.description));
  lines.push(f.facts.map(([k, v]) => `${md(k)}: ${k === 'Location' || k === 'SerDe' ? `\`${v.replace(/`/g, "'")}\`` : md(v)}`).join('  \n'));
  if (f.properties.length) lines.push(`Table properties:  \n${f.properties.map(([k, v]) => `\`${k.replace(/`/g, "'")}\` = \`${v.replace(/`/g, "'")}\``).join('  \n')}`);
  const tip = new vscode.MarkdownString(lines.join('\n\n'));
  tip.supportHtml = false;
  return tip;
}
