import * as vscode from 'vscode';
import { estimateLabel, type Estimate } from '../../core/cost/estimate';
import { statementLenses } from '../../core/sql/lenses';
import { Commands } from '../commands';
import type { Settings } from '../common/settings';

/** A lens whose title is the statement's scan estimate, filled in when VS Code shows it. */
class EstimateLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: string,
    readonly offset: number,
    readonly sql: string,
  ) {
    super(range);
  }
}

/**
 * "▶ Run | Explain | ≈ 1.24 GB · $0.006" above every statement. The estimate is resolved only
 * for lenses on screen (resolveCodeLens), through the estimator's caches.
 */
export class StatementCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly settings: Settings,
    private readonly estimate?: (sql: string) => Promise<Estimate | undefined>,
  ) {
    this.subscription = settings.onDidChange(() => this.changed.fire());
  }

  /** Estimates may have changed (a refresh, DDL, a connection switch): lenses are asked again. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.settings.value.codeLens) return [];
    const uri = doc.uri.toString();
    const text = doc.getText();
    const estimates = this.estimate !== undefined && this.settings.value.showEstimates && vscode.workspace.isTrusted;
    const lenses: vscode.CodeLens[] = [];
    for (const s of statementLenses(text)) {
      const at = doc.positionAt(s.start);
      const range = new vscode.Range(at, at);
      lenses.push(new vscode.CodeLens(range, { title: '▶ Run', tooltip: 'Run this statement', command: Commands.runStatement, arguments: [{ uri, offset: s.start }] }));
      if (s.explainable) lenses.push(new vscode.CodeLens(range, { title: 'Explain', tooltip: 'Show the plan (EXPLAIN is free on Athena)', command: Commands.explainStatement, arguments: [{ uri, offset: s.start }] }));
      if (estimates && s.explainable) lenses.push(new EstimateLens(range, uri, s.start, text.slice(s.start, s.end)));
    }
    return lenses;
  }

  async resolveCodeLens(lens: vscode.CodeLens): Promise<vscode.CodeLens> {
    if (!(lens instanceof EstimateLens) || !this.estimate) return lens;
    let title: string;
    let tooltip = 'Bytes this statement would scan, and what Athena would bill. Click for the breakdown per table.';
    try {
      const e = await this.estimate(lens.sql);
      title = e ? estimateLabel(e) : 'no estimate';
      if (e?.kind === 'unknown' && e.reason) tooltip = e.reason;
    } catch (err) {
      title = 'no estimate';
      tooltip = `The estimate failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    lens.command = { title, tooltip, command: Commands.showEstimate, arguments: [{ uri: lens.uri, offset: lens.offset }] };
    return lens;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
