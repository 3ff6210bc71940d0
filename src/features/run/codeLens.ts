import * as vscode from 'vscode';
import { statementLenses } from '../../core/sql/lenses';
import { Commands } from '../commands';
import type { Settings } from '../common/settings';

/** "▶ Run | Explain" above every statement (the estimate joins it with the estimator). */
export class StatementCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly settings: Settings) {
    this.subscription = settings.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.settings.value.codeLens) return [];
    const uri = doc.uri.toString();
    const lenses: vscode.CodeLens[] = [];
    for (const s of statementLenses(doc.getText())) {
      const at = doc.positionAt(s.start);
      const range = new vscode.Range(at, at);
      lenses.push(new vscode.CodeLens(range, { title: '▶ Run', tooltip: 'Run this statement', command: Commands.runStatement, arguments: [{ uri, offset: s.start }] }));
      if (s.explainable) lenses.push(new vscode.CodeLens(range, { title: 'Explain', tooltip: 'Show the plan (EXPLAIN is free on Athena)', command: Commands.explainStatement, arguments: [{ uri, offset: s.start }] }));
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
