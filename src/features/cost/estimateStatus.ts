import * as vscode from 'vscode';
import { estimateLabel } from '../../core/cost/estimate';
import { classifyStatement } from '../../core/sql/statementKind';
import { splitStatements, statementAt } from '../../core/sql/splitter';
import { Commands } from '../commands';
import type { Settings } from '../common/settings';
import { SQL_LANGUAGES } from '../run/runner';
import type { CostEstimates } from './costEstimates';

/** Typing and moving the cursor settle for this long before an estimate is made. */
export const ESTIMATE_DEBOUNCE_MS = 600;

/**
 * The estimate of the statement at the cursor, in the status bar. Debounced, so typing costs no
 * network; the estimator's caches make a settled cursor cheap. Hidden outside SQL documents and
 * for statements Athena does not bill.
 */
export class EstimateStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lakehouse.estimate', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly updated = new vscode.EventEmitter<string>();
  /** Fires with the text after each estimate lands (for the tests). */
  readonly onDidUpdate = this.updated.event;
  /** Estimates made, for the tests: a burst of edits makes one. */
  estimatesMade = 0;

  constructor(
    private readonly costs: CostEstimates,
    private readonly settings: Settings,
  ) {
    this.item.name = 'Lakehouse Scan Estimate';
    this.item.command = Commands.showEstimate;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.window.onDidChangeTextEditorSelection(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule();
      }),
      settings.onDidChange(() => this.schedule()),
    );
    this.schedule();
  }

  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return this.shown;
  }

  private shown = false;
  private running = 0;

  /** No estimate is scheduled or running: the status bar says its last word (for the tests). */
  get idle(): boolean {
    return this.timer === undefined && this.running === 0;
  }

  /** Estimates again now (after a refresh or a connection switch). */
  refresh(): void {
    this.schedule(0);
  }

  private schedule(delay = ESTIMATE_DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    this.generation++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running++;
      void this.update().finally(() => this.running--);
    }, delay);
  }

  private hide(): void {
    this.item.hide();
    this.shown = false;
  }

  private async update(): Promise<void> {
    const generation = this.generation;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !SQL_LANGUAGES.includes(editor.document.languageId) || !this.settings.value.showEstimates || !vscode.workspace.isTrusted) return this.hide();
    const doc = editor.document;
    const statement = statementAt(splitStatements(doc.getText()), doc.offsetAt(editor.selection.active));
    if (!statement || !classifyStatement(statement.text).billed) return this.hide();
    this.item.text = '$(loading~spin) estimating…';
    this.item.show();
    this.shown = true;
    this.estimatesMade++;
    let text: string;
    let tooltip: string;
    try {
      const e = await this.costs.estimate(statement.text);
      text = `$(graph) ${e ? estimateLabel(e) : 'no estimate'}`;
      tooltip = e?.kind === 'unknown' && e.reason ? e.reason : 'Scan estimate of the statement at the cursor. Click for the breakdown per table.';
    } catch (err) {
      text = '$(graph) no estimate';
      tooltip = `The estimate failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    // A newer cursor position or edit has its own estimate coming: this one is stale.
    if (generation !== this.generation) return;
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.updated.fire(text);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
    this.updated.dispose();
  }
}
