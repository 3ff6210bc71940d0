import * as vscode from 'vscode';
import { estimateLabel } from '../../core/cost/estimate';
import { quotedName } from '../../core/sql/identifiers';
import { classifyStatement } from '../../core/sql/statementKind';
import { splitStatements } from '../../core/sql/splitter';
import { AgentTools, DEFAULT_POLICY, type AgentBackend } from '../../engines/agentTools';
import type { Logger } from '../common/logger';
import type { Settings } from '../common/settings';
import type { Connection } from '../connection/connection';
import type { CostEstimates } from '../cost/costEstimates';
import type { ResultsPanel } from '../results/resultsPanel';
import type { StatementRunner } from '../run/runner';

/** The tools of `contributes.languageModelTools`, for agent mode and the @lakehouse participant. */
export const ToolNames = {
  searchCatalog: 'lakehouse_searchCatalog',
  describeTable: 'lakehouse_describeTable',
  estimateQuery: 'lakehouse_estimateQuery',
  runQuery: 'lakehouse_runQuery',
  sampleRows: 'lakehouse_sampleRows',
} as const;

/** Rows of a result a model is shown at most (the whole result is in the results panel). */
export const ROWS_FOR_MODEL = 50;

interface Deps {
  readonly connection: Connection;
  readonly runner: StatementRunner;
  readonly results: ResultsPanel;
  readonly costs: CostEstimates;
  readonly settings: Settings;
  readonly log: Logger;
}

const text = (value: unknown): vscode.LanguageModelToolResult =>
  new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(typeof value === 'string' ? value : JSON.stringify(value, null, 1))]);

/** The one statement of `sql`; a model sends one at a time. */
function single(sql: unknown): string {
  if (typeof sql !== 'string') throw new Error('sql must be a string holding one Athena SQL statement');
  const statements = splitStatements(sql);
  if (statements.length !== 1) throw new Error(statements.length ? `send one statement at a time (got ${statements.length})` : 'no SQL statement given');
  return statements[0]?.text ?? '';
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v) throw new Error(`${name} must be a non-empty string`);
  return v;
};
const count = (v: unknown, fallback: number, max: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(1, Math.min(Math.floor(v), max)) : fallback);

/**
 * The lakehouse tools for VS Code's language models. Search, describe and estimate read the
 * catalog and storage of the current connection; runQuery runs read statements only, through
 * the same runner as Ctrl+Enter (its guards, the cost guard, the results panel, the history), and
 * gives the model at most ROWS_FOR_MODEL rows; sampleRows needs `lakehouse.agent.allowSampleRows`.
 * Nothing runs in an untrusted workspace.
 */
export class LakehouseTools implements vscode.Disposable {
  private agent: AgentTools | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: Deps) {
    // A new connection, or a statement that changed the catalog: search reads it again.
    this.disposables.push(
      deps.connection.onDidChange(() => (this.agent = undefined)),
      deps.runner.onDidFinish((r) => {
        if (r.ok && r.kind !== 'query' && r.kind !== 'explain') this.agent?.forget();
      }),
    );
  }

  /** Registers the tools (VS Code 1.95+; the manifest's minimum has them). */
  register(): void {
    const tool = <T>(name: string, impl: vscode.LanguageModelTool<T>): void => {
      this.disposables.push(vscode.lm.registerTool(name, impl));
    };
    tool<{ question: string; limit?: number }>(ToolNames.searchCatalog, {
      invoke: async ({ input }) => text(await this.tools().searchCatalog(str(input.question, 'question'), count(input.limit, 10, 50))),
    });
    tool<{ database: string; table: string }>(ToolNames.describeTable, {
      invoke: async ({ input }) => text(await this.tools().describeTable(str(input.database, 'database'), str(input.table, 'table'))),
    });
    tool<{ sql: string }>(ToolNames.estimateQuery, {
      invoke: async ({ input }) => text(await this.tools().estimateQuery(single(input.sql))),
    });
    tool<{ sql: string; maxRows?: number }>(ToolNames.runQuery, {
      prepareInvocation: async ({ input }) => {
        const sql = single(input.sql);
        this.checkRead(sql);
        const e = await this.deps.costs.estimate(sql).catch(() => undefined);
        const message = new vscode.MarkdownString();
        message.appendCodeblock(sql, 'sql');
        message.appendMarkdown(`\n\nEstimate: **${e ? estimateLabel(e) : 'unknown'}** on ${this.deps.connection.label}. The rows open in the results panel; the model sees at most ${ROWS_FOR_MODEL}.`);
        return { invocationMessage: `Running a query on ${this.deps.connection.label}`, confirmationMessages: { title: 'Run this query?', message } };
      },
      invoke: async ({ input }) => text(await this.runQuery(single(input.sql), count(input.maxRows, ROWS_FOR_MODEL, ROWS_FOR_MODEL))),
    });
    tool<{ database: string; table: string; rows?: number }>(ToolNames.sampleRows, {
      invoke: async ({ input }) => {
        if (!this.deps.settings.value.agentAllowSampleRows) {
          throw new Error('Sample rows are not sent to language models unless the setting lakehouse.agent.allowSampleRows is on (rows may hold personal data). Describe the table instead.');
        }
        const n = count(input.rows, 10, ROWS_FOR_MODEL);
        return text(await this.runQuery(`SELECT * FROM ${quotedName(str(input.database, 'database'), str(input.table, 'table'))} LIMIT ${n}`, n));
      },
    });
  }

  /** AgentTools over the current connection, for search, describe, estimate and validation (read-only). */
  tools(): AgentTools {
    if (!vscode.workspace.isTrusted) throw new Error('Lakehouse Tools reaches no catalog in an untrusted workspace (Restricted Mode).');
    if (!this.agent) {
      const c = this.deps.connection;
      const backend: AgentBackend = { kind: c.kind === 'aws' ? 'athena' : 'local', engine: c.queryEngine, catalog: c.catalog, store: c.store, catalogName: c.catalogName };
      this.agent = new AgentTools(backend, c.estimator, DEFAULT_POLICY, 'default', this.deps.settings.value.pricePerTbUsd);
    }
    return this.agent;
  }

  private checkRead(sql: string): void {
    const info = classifyStatement(sql);
    if (info.kind !== 'query' && info.kind !== 'explain') {
      throw new Error(`refused: ${ToolNames.runQuery} runs read statements only (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN); ${info.verb || 'this statement'} changes the lakehouse. Put it in a SQL file and run it yourself.`);
    }
  }

  /** Runs a read statement as Ctrl+Enter does, and summarises the result for the model. */
  async runQuery(sql: string, maxRows = ROWS_FOR_MODEL): Promise<unknown> {
    if (!vscode.workspace.isTrusted) throw new Error('Lakehouse Tools runs no SQL in an untrusted workspace (Restricted Mode).');
    this.checkRead(sql);
    const summary = await this.deps.runner.runText(sql);
    if (!summary.ok) return { sql, ran: summary.state !== 'NOT_RUN', state: summary.state, message: summary.message ?? 'the statement did not succeed' };
    const last = this.deps.results.lastMessage;
    const shown = last?.type === 'result' && last.runId === summary.runId ? last : undefined;
    const columns = shown ? shown.columns.map((c) => ({ name: c.name, type: c.type })) : [];
    const rows = (await this.deps.results.firstRows(summary.runId)).slice(0, maxRows);
    return {
      sql,
      state: summary.state,
      columns,
      rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null]))),
      rowCount: summary.rowCount,
      rowsShownToModel: rows.length,
      ...(shown?.bytesScanned !== undefined ? { bytesScanned: shown.bytesScanned } : {}),
      note: summary.rowCount > rows.length ? `The model sees ${rows.length} of ${summary.rowCount} rows; all of them are in the Lakehouse results panel.` : 'All rows are in the Lakehouse results panel too.',
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
