import * as vscode from 'vscode';
import { Commands } from '../commands';

export interface HistoryEntry {
  readonly id: number;
  readonly statement: string;
  readonly engine: string;
  readonly startedAt: Date;
  readonly outcome: { readonly ok: true; readonly rows: number; readonly truncated: boolean; readonly elapsedMs: number } | { readonly ok: false; readonly message: string };
}

const MAX_ENTRIES = 200;

/** Query History view: the statements run in this window, newest first. */
export class QueryHistory implements vscode.TreeDataProvider<HistoryEntry>, vscode.Disposable {
  private readonly entries: HistoryEntry[] = [];
  private readonly changed = new vscode.EventEmitter<HistoryEntry | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  add(entry: HistoryEntry): void {
    this.entries.unshift(entry);
    this.entries.length = Math.min(this.entries.length, MAX_ENTRIES);
    this.changed.fire(undefined);
  }

  clear(): void {
    this.entries.length = 0;
    this.changed.fire(undefined);
  }

  getChildren(element?: HistoryEntry): HistoryEntry[] {
    return element ? [] : [...this.entries];
  }

  getTreeItem(entry: HistoryEntry): vscode.TreeItem {
    const firstLine = entry.statement.replace(/\s+/g, ' ').trim();
    const item = new vscode.TreeItem(firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine);
    const time = entry.startedAt.toLocaleTimeString();
    if (entry.outcome.ok) {
      const rows = `${entry.outcome.rows.toLocaleString()}${entry.outcome.truncated ? '+' : ''} rows`;
      item.description = `${time} · ${rows} · ${formatMs(entry.outcome.elapsedMs)}`;
      item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    } else {
      item.description = `${time} · failed`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendCodeblock(entry.statement, 'athena-sql');
    tooltip.appendMarkdown(`\n${entry.engine} · ${entry.startedAt.toLocaleString()}`);
    if (!entry.outcome.ok) tooltip.appendText(`\n${entry.outcome.message}`);
    item.tooltip = tooltip;
    item.contextValue = 'historyEntry';
    item.command = { command: Commands.openHistoryEntry, title: 'Open in Editor', arguments: [entry] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Opens a history entry's SQL in a new editor, never over an existing file. */
export async function openHistoryEntry(entry: unknown): Promise<void> {
  if (typeof entry !== 'object' || entry === null || typeof (entry as HistoryEntry).statement !== 'string') return;
  const doc = await vscode.workspace.openTextDocument({ language: 'athena-sql', content: `${(entry as HistoryEntry).statement};\n` });
  await vscode.window.showTextDocument(doc);
}
