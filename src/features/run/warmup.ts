import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import { SQL_LANGUAGES } from './runner';

/**
 * Starts the engine in the background once a SQL file is shown, so the first Ctrl+Enter does not
 * wait for DuckDB to load and the local lakehouse to open: never during activation, never in an
 * untrusted workspace, once per connection (again after it changes).
 */
export class EngineWarmup implements vscode.Disposable {
  private warmed = false;
  private readonly subscriptions: vscode.Disposable[];
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(private readonly connection: Connection) {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((e) => this.consider(e)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.consider(vscode.window.activeTextEditor)),
      connection.onDidChange(() => {
        this.warmed = false;
        this.consider(vscode.window.activeTextEditor);
      }),
    ];
    // A SQL file already open when the extension starts: after activation, not during it.
    this.timer = setTimeout(() => this.consider(vscode.window.activeTextEditor), 1000);
  }

  private consider(editor: vscode.TextEditor | undefined): void {
    if (this.warmed || !editor || !vscode.workspace.isTrusted) return;
    if (!SQL_LANGUAGES.includes(editor.document.languageId)) return;
    // Athena has nothing to load ahead: its SDK loads with the first call either way.
    if (this.connection.kind !== 'local') return;
    this.warmed = true;
    this.connection.warm();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
