import * as vscode from 'vscode';
import { accuracySummary, estimateLabel, estimateMarkdown, type Estimate } from '../../core/cost/estimate';
import { formatBytes, formatUsd } from '../../core/cost/price';
import { splitStatements, statementAt } from '../../core/sql/splitter';
import { quotedName } from '../../core/sql/identifiers';
import type { Logger } from '../common/logger';
import { statementArg, type StatementArg } from '../common/statementArg';
import type { Settings } from '../common/settings';
import type { Connection } from '../connection/connection';
import type { HistoryRecord } from '../history/historyStore';
import type { Question, RunGuard } from '../run/guards';

/** The session's database for unqualified names, as the runner's statements use it. */
const DEFAULT_DATABASE = 'default';
/** A run waits this long at most for its estimate; without one it runs as before. */
const RUN_ESTIMATE_TIMEOUT_MS = 20_000;
const SCHEME = 'lakehouse-estimate';
/** Breakdown documents whose text is kept (an older one reopened reads empty). */
const KEPT_BREAKDOWNS = 20;

/** What the breakdown command was given: a statement in a document, SQL text, or nothing (the cursor). */
interface EstimateArg extends StatementArg {
  readonly sql?: string;
}

function estimateArg(v: unknown): EstimateArg {
  const { raw, ...at } = statementArg(v);
  return { ...at, ...(typeof raw.sql === 'string' ? { sql: raw.sql } : {}) };
}

/**
 * The scan estimate where the user works: before a run (the cost guard, and the figure kept beside
 * the actual one), the per-table breakdown, a catalog table's full scan, and the accuracy of past
 * estimates. Estimates go through the connection's estimator, whose caches keep repeat estimates
 * off the network; nothing is estimated in an untrusted workspace.
 */
export class CostEstimates implements vscode.Disposable {
  private readonly asked = new vscode.EventEmitter<Question>();
  /** Fires with every cost question put to the user (for the tests: dialogs cannot be answered there). */
  readonly onDidAsk = this.asked.event;
  /** Breakdown documents by URI; only the latest few are kept. */
  private readonly documents = new Map<string, string>();
  private readonly registration: vscode.Disposable;
  private shown = 0;

  constructor(
    private readonly connection: Connection,
    private readonly settings: Settings,
    private readonly log: Logger,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      provideTextDocumentContent: (uri) => this.documents.get(uri.toString()) ?? '',
    });
  }

  /** An estimate on the current connection; undefined in an untrusted workspace. */
  async estimate(sql: string, options: { readonly totals?: boolean } = {}): Promise<Estimate | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    return this.connection.estimator.estimate(sql, { database: DEFAULT_DATABASE, pricePerTbUsd: this.settings.value.pricePerTbUsd, ...(options.totals ? { totals: true } : {}) });
  }

  /** For the runner: the estimate of a statement about to run, or undefined when it fails or takes too long. */
  async forRun(sql: string): Promise<Estimate | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn(`no scan estimate within ${RUN_ESTIMATE_TIMEOUT_MS / 1000} s: the statement runs without one`);
        resolve(undefined);
      }, RUN_ESTIMATE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.estimate(sql), timeout]);
    } catch (e) {
      this.log.warn(`scan estimate failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Forgets listings and definitions: after a refresh, DDL, or a run that wrote data. */
  refresh(): void {
    this.connection.openEstimator?.refresh();
  }

  /**
   * Before a run: an estimate above `lakehouse.cost.confirmAboveUsd`, or above the workgroup's
   * BytesScannedCutoffPerQuery, asks in a modal dialog with the figures. A dialog that cannot be
   * shown counts as "no".
   */
  guard(): RunGuard {
    return async ({ info, estimate, connection }) => {
      if (!info.billed) return undefined;
      const e = await estimate();
      if (e?.kind !== 'scan') return undefined;
      const threshold = this.settings.value.confirmAboveUsd;
      const cutoff = await this.cutoff();
      const reasons: string[] = [];
      if (e.costUsd > threshold) reasons.push(`That is above your limit of ${formatUsd(threshold)} per query (lakehouse.cost.confirmAboveUsd).`);
      if (cutoff !== undefined && e.bytes > cutoff) reasons.push(`The workgroup cancels a query after ${formatBytes(cutoff)} (BytesScannedCutoffPerQuery) and bills what it scanned.`);
      if (!reasons.length) return undefined;
      const top = [...e.tables].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
      const lines = top.map((t) => `${t.table}: ${t.method === 'upper-bound' ? '≤ ' : ''}${formatBytes(t.bytes)}${t.partitions ? `, ${t.partitions.selected} partitions` : ''}`);
      const question: Question = {
        message: `This ${info.verb} may scan ${estimateLabel(e)}.`,
        detail: [...reasons, '', ...lines, '', `It runs on ${connection}.`].join('\n'),
        button: 'Run',
      };
      this.asked.fire(question);
      const answer = await Promise.resolve(vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, question.button)).catch(() => undefined);
      return answer === question.button ? undefined : `Not run: the estimate (${estimateLabel(e)}) was not confirmed.`;
    };
  }

  private async cutoff(): Promise<number | undefined> {
    try {
      return await this.connection.queryEngine.scanCutoffBytes?.();
    } catch {
      return undefined;
    }
  }

  /** The breakdown per table, in a Markdown document beside the editor. */
  async showBreakdown(raw?: unknown): Promise<{ readonly estimate: Estimate; readonly markdown: string } | undefined> {
    const arg = estimateArg(raw);
    let sql = arg.sql;
    if (sql === undefined) {
      let doc: vscode.TextDocument | undefined;
      let offset: number | undefined;
      if (arg.uri !== undefined && arg.offset !== undefined) {
        doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
        offset = arg.offset;
      } else {
        const editor = vscode.window.activeTextEditor;
        doc = editor?.document;
        offset = editor && doc ? doc.offsetAt(editor.selection.active) : undefined;
      }
      sql = doc && offset !== undefined ? statementAt(splitStatements(doc.getText()), offset)?.text : undefined;
    }
    if (!sql) {
      void vscode.window.showInformationMessage('Put the cursor in a SQL statement to see its scan estimate.');
      return undefined;
    }
    const text = sql;
    const estimate = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Lakehouse: estimating the scan' }, () => this.estimate(text, { totals: true }));
    if (!estimate) return undefined;
    const markdown = estimateMarkdown(estimate, text);
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/Scan estimate ${++this.shown}.md` });
    this.documents.set(uri.toString(), markdown);
    for (const old of [...this.documents.keys()].slice(0, -KEPT_BREAKDOWNS)) this.documents.delete(old);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return { estimate, markdown };
  }

  /** The catalog's "Estimate Full Scan": every partition, every column. */
  estimateTable(database: string, table: string): Promise<{ readonly estimate: Estimate; readonly markdown: string } | undefined> {
    return this.showBreakdown({ sql: `SELECT * FROM ${quotedName(database, table)}` });
  }

  /** How far estimates were from what runs scanned, over the history. */
  accuracy(records: readonly HistoryRecord[]): string {
    const pairs = records.filter((r) => r.state === 'SUCCEEDED' && r.estimatedBytes !== undefined && r.bytesScanned !== undefined).map((r) => ({ estimated: r.estimatedBytes as number, actual: r.bytesScanned as number }));
    const s = accuracySummary(pairs);
    const text = s
      ? `Scan estimates over ${s.count} run${s.count === 1 ? '' : 's'}: scanned/estimated median ${s.median.toFixed(2)}, worst ${s.worst.toFixed(2)}.`
      : 'No run in the history has both an estimate and the bytes it scanned yet.';
    void vscode.window.showInformationMessage(text);
    return text;
  }

  dispose(): void {
    this.registration.dispose();
    this.asked.dispose();
  }
}
