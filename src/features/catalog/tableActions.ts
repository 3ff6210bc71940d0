import * as vscode from 'vscode';
import { tableKind } from '../../core/catalog/describe';
import type { Table } from '../../core/catalog/model';
import { showCreateTable } from '../../core/catalog/showCreate';
import { displayName, quoteIdent } from '../../core/sql/identifiers';
import { dropSql, previewSql, selectAllColumnsSql } from '../../core/sql/tableSql';
import type { Question } from '../run/guards';
import type { RunSummary, StatementRunner } from '../run/runner';
import type { Settings } from '../common/settings';
import type { CatalogTree, DatabaseNode, TableNode } from './catalogTree';
import { openNewSql } from '../common/newDocument';

/** What a table command may be given: a tree node, or `{ database, table }` (palette, tests). */
function tableArg(v: unknown): { database: string; table: string; info?: Table } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as Record<string, unknown>;
  if (typeof a.database !== 'string' || typeof a.table !== 'string' || !a.database || !a.table) return undefined;
  const node = a as Partial<TableNode>;
  return { database: a.database, table: a.table, ...(node.kind === 'table' && node.info ? { info: node.info } : {}) };
}

function databaseArg(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as Partial<DatabaseNode>;
  return typeof a.database === 'string' && a.database ? a.database : undefined;
}

/**
 * The Catalog view's actions on tables and databases. SQL they build quotes every name; what runs
 * goes through the statement runner (guards, progress, results, history); what is written opens in
 * a new untitled editor, never over a file.
 */
export class CatalogActions {
  private readonly asked = new vscode.EventEmitter<Question>();
  /** Fires with the confirmation Drop Table puts to the user (for tests: VS Code refuses modal dialogs there). */
  readonly onDidAsk = this.asked.event;

  constructor(
    private readonly tree: CatalogTree,
    private readonly runner: StatementRunner,
    private readonly settings: Settings,
    private readonly table: (database: string, table: string) => Promise<Table | undefined>,
  ) {}

  private async resolve(arg: unknown): Promise<Table | undefined> {
    const a = tableArg(arg);
    if (!a) {
      void vscode.window.showInformationMessage('Choose a table in the Lakehouse Catalog view.');
      return undefined;
    }
    const t = a.info ?? (await this.table(a.database, a.table));
    if (!t) void vscode.window.showErrorMessage(`${displayName(a.database, a.table)} is not in the catalog (any more): refresh the Catalog view.`);
    return t;
  }

  /** The table a command is pointed at (a Catalog view node or `{ database, table }`), for other features' actions. */
  tableOf(arg: unknown): Promise<Table | undefined> {
    return this.resolve(arg);
  }

  /** The scan estimate of `SELECT *` over the table: every partition, every column. */
  async estimateFullScan<T>(arg: unknown, estimate: (database: string, table: string) => Promise<T>): Promise<T | undefined> {
    const t = await this.resolve(arg);
    return t && estimate(t.database, t.name);
  }

  /** `SELECT * … LIMIT lakehouse.catalog.previewRows`, run into the results panel. */
  async preview(arg: unknown): Promise<RunSummary | undefined> {
    const t = await this.resolve(arg);
    return t && this.runner.runText(previewSql(t.database, t.name, this.settings.value.previewRows));
  }

  /** The table's DDL (a view's CREATE VIEW) in a new editor: running it on a fresh catalog recreates it. */
  async showDdl(arg: unknown): Promise<vscode.TextDocument | undefined> {
    const t = await this.resolve(arg);
    if (!t) return undefined;
    return (await openNewSql(`${showCreateTable(t)};\n`, `ddl_${t.name}`)).document;
  }

  async generateSelect(arg: unknown): Promise<vscode.TextDocument | undefined> {
    const t = await this.resolve(arg);
    if (!t) return undefined;
    return (await openNewSql(selectAllColumnsSql(t, this.settings.value.previewRows), `select_${t.name}`)).document;
  }

  async copyName(arg: unknown): Promise<string | undefined> {
    const a = tableArg(arg);
    if (!a) return undefined;
    const name = displayName(a.database, a.table);
    await vscode.env.clipboard.writeText(name);
    return name;
  }

  /** Inserts `db.table` at every cursor of the active editor. */
  async insertName(arg: unknown): Promise<boolean> {
    const a = tableArg(arg);
    const editor = vscode.window.activeTextEditor;
    if (!a) return false;
    if (!editor) {
      void vscode.window.showInformationMessage('Open an editor to insert the table name into.');
      return false;
    }
    const name = displayName(a.database, a.table);
    return editor.edit((b) => {
      for (const s of editor.selections) b.replace(s, name);
    });
  }

  async copyLocation(arg: unknown): Promise<string | undefined> {
    const t = await this.resolve(arg);
    if (!t) return undefined;
    if (!t.storage.location) {
      void vscode.window.showInformationMessage(`${displayName(t.database, t.name)} has no S3 location${t.tableType === 'VIRTUAL_VIEW' ? ' (it is a view)' : ''}.`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(t.storage.location);
    return t.storage.location;
  }

  /**
   * Drops a table or view after a modal confirmation that names it and says what happens to its
   * data: an external table's files stay in S3, an Iceberg table's data is deleted.
   */
  async drop(arg: unknown): Promise<RunSummary | undefined> {
    const t = await this.resolve(arg);
    if (!t) return undefined;
    const kind = tableKind(t);
    const name = displayName(t.database, t.name);
    const detail =
      kind === 'view'
        ? 'Only the view definition is removed; no data is touched.'
        : kind === 'iceberg'
          ? `This is an Iceberg table: Athena deletes its data and metadata${t.storage.location ? ` under ${t.storage.location}` : ''}. This cannot be undone.`
          : `The table leaves the catalog; its files${t.storage.location ? ` under ${t.storage.location}` : ''} stay in S3 (nothing is deleted).`;
    const button = kind === 'view' ? 'Drop View' : 'Drop Table';
    const question: Question = { message: `${button} ${name}?`, detail, button };
    this.asked.fire(question);
    const answer = await Promise.resolve(vscode.window.showWarningMessage(question.message, { modal: true, detail }, button)).catch(() => undefined);
    if (answer !== button) return undefined;
    return this.runner.runText(dropSql(t), { confirmed: true });
  }

  /** A new untitled SQL file for a database, the cursor where a table name goes. */
  async newSqlFile(arg: unknown): Promise<vscode.TextDocument | undefined> {
    const database = databaseArg(arg);
    if (!database) return undefined;
    const editor = await openNewSql('', database);
    const escaped = (s: string): string => s.replace(/[$}\\]/g, '\\$&');
    await editor.insertSnippet(new vscode.SnippetString(`-- ${escaped(database)}\n\nSELECT *\nFROM ${escaped(quoteIdent(database))}.$1\nLIMIT 100;\n`));
    // Completion lists the database's tables after the dot.
    void vscode.commands.executeCommand('editor.action.triggerSuggest');
    return editor.document;
  }

  async filter(): Promise<string | undefined> {
    const text = await vscode.window.showInputBox({
      title: 'Filter the Catalog by name',
      value: this.tree.activeFilter ?? '',
      prompt: 'Part of a table name, or a glob (fact_*, *_raw). db.table narrows databases too (ps_*.agenc*). Empty clears the filter.',
    });
    if (text === undefined) return this.tree.activeFilter;
    this.tree.setFilter(text);
    return this.tree.activeFilter;
  }

  dispose(): void {
    this.asked.dispose();
  }
}

