import * as vscode from 'vscode';
import { Commands } from '../commands';
import type { Connection } from './connection';

/** The active connection at the bottom of the window; clicking it opens the picker. */
export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lakehouse.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  private running = 0;

  constructor(
    private readonly connection: Connection,
    runs: { readonly onDidChangeRunning: vscode.Event<number> },
  ) {
    this.item.name = 'Lakehouse Connection';
    this.item.command = Commands.selectConnection;
    this.update();
    this.subscription = vscode.Disposable.from(
      connection.onDidChange(() => this.update()),
      runs.onDidChangeRunning((n) => {
        this.running = n;
        this.update();
      }),
    );
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const aws = this.connection.kind === 'aws';
    const running = this.running ? `$(sync~spin) ${this.running} running · ` : '';
    this.item.text = `${running}${aws ? '$(cloud)' : '$(database)'} ${this.connection.label}`;
    this.item.tooltip = aws
      ? `Lakehouse: statements run on Athena and the catalog is Glue (profile · region · workgroup). Click to switch.`
      : 'Lakehouse: statements run on the local lakehouse (DuckDB), no AWS account needed. Click to connect to AWS.';
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
