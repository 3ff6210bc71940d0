import * as vscode from 'vscode';
import { tableKind } from '../../core/catalog/describe';
import type { Table } from '../../core/catalog/model';
import { healthMarkdown } from '../../core/iceberg/health';
import { quotedName, quoteIdent } from '../../core/sql/identifiers';
import { openNewDocument, openNewSql } from '../common/newDocument';
import type { Connection } from '../connection/connection';
import type { CatalogActions } from './tableActions';

/** Iceberg's metadata tables, as Athena names them (`"db"."t$snapshots"`). */
export const METADATA_TABLES = ['snapshots', 'files', 'history', 'partitions', 'manifests'] as const;

/** The snapshot a node names (a Snapshots node's child), with its table. */
function snapshotArg(v: unknown): { database: string; table: string; snapshotId: string } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const n = v as { kind?: unknown; snapshot?: { snapshotId?: unknown }; parent?: { parent?: { database?: unknown; table?: unknown } } };
  const table = n.parent?.parent;
  const id = n.snapshot?.snapshotId;
  if (n.kind !== 'snapshot' || typeof id !== 'string' || !/^-?\d+$/.test(id) || typeof table?.database !== 'string' || typeof table.table !== 'string') return undefined;
  return { database: table.database, table: table.table, snapshotId: id };
}

/**
 * The Catalog view's Iceberg actions: a time-travel SELECT at a snapshot, the `$` metadata tables,
 * and the health summary with the OPTIMIZE and VACUUM it proposes. SQL is written, never run.
 */
export class IcebergActions {
  constructor(
    private readonly connection: Connection,
    private readonly tables: CatalogActions,
  ) {}

  private async iceberg(arg: unknown): Promise<Table | undefined> {
    // A Health node stands for its table.
    const a = typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'health' ? (arg as { parent: unknown }).parent : arg;
    const t = await this.tables.tableOf(a);
    if (t && tableKind(t) !== 'iceberg') {
      void vscode.window.showInformationMessage(`${t.database}.${t.name} is not an Iceberg table.`);
      return undefined;
    }
    return t;
  }

  /** `SELECT * FROM t FOR VERSION AS OF <snapshot> LIMIT n` in a new editor. */
  async querySnapshot(arg: unknown, limit = 100): Promise<vscode.TextDocument | undefined> {
    const s = snapshotArg(arg);
    if (!s) return undefined;
    const sql = `-- ${s.database}.${s.table} as of snapshot ${s.snapshotId}\nSELECT *\nFROM ${quotedName(s.database, s.table)} FOR VERSION AS OF ${s.snapshotId}\nLIMIT ${limit};\n`;
    return (await openNewSql(sql, `${s.table}_at_${s.snapshotId}`)).document;
  }

  /** `SELECT * FROM "db"."t$<name>"` in a new editor; asks which metadata table without `name`. */
  async queryMetadataTable(arg: unknown, name?: unknown): Promise<vscode.TextDocument | undefined> {
    const t = await this.iceberg(arg);
    if (!t) return undefined;
    const chosen =
      typeof name === 'string' && (METADATA_TABLES as readonly string[]).includes(name)
        ? name
        : (await vscode.window.showQuickPick(METADATA_TABLES.map((m) => ({ label: `$${m}`, name: m })), { title: `Query a metadata table of ${t.database}.${t.name}` }))?.name;
    if (!chosen) return undefined;
    const sql = `SELECT *\nFROM ${quoteIdent(t.database)}.${quoteIdent(`${t.name}$${chosen}`)}\nLIMIT 100;\n`;
    return (await openNewSql(sql, `${t.name}_${chosen}`)).document;
  }

  /** The health summary (small files, delete files, snapshots past retention) in a new Markdown editor. */
  async health(arg: unknown): Promise<vscode.TextDocument | undefined> {
    const t = await this.iceberg(arg);
    if (!t) return undefined;
    try {
      const h = await vscode.window.withProgress({ location: { viewId: 'lakehouseCatalog' } }, () => this.connection.estimator.iceberg.health(t));
      return (await openNewDocument(`${healthMarkdown(h)}\n`, `health_${t.name}`, 'md', 'markdown')).document;
    } catch (e) {
      void vscode.window.showErrorMessage(`Iceberg health of ${t.database}.${t.name}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
}
