import * as vscode from 'vscode';
import { formatBytes, formatUsd } from '../../core/cost/price';
import { Commands } from '../commands';
import type { HistoryStore} from './historyStore';
import { type HistoryRecord } from './historyStore';
import { openNewSql } from '../common/newDocument';

export type { HistoryRecord } from './historyStore';

/**
 * Query History view: every run, newest first, kept in the extension's storage across restarts
 * and bounded by `lakehouse.history.maxEntries`.
 */
export class QueryHistory implements vscode.TreeDataProvider<HistoryRecord>, vscode.Disposable {
  private entries: HistoryRecord[];
  private readonly changed = new vscode.EventEmitter<HistoryRecord | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: HistoryStore,
    private readonly onError: (message: string) => void = () => undefined,
  ) {
    this.entries = store.load().reverse();
  }

  /** Every entry, newest first. */
  get all(): readonly HistoryRecord[] {
    return this.entries;
  }

  add(record: HistoryRecord): void {
    try {
      this.store.append(record);
    } catch (e) {
      // The run happened; only its record on disk is missing. Say so, keep it for this window.
      this.onError(`Query history could not be saved: ${(e as Error).message}`);
    }
    this.entries.unshift(record);
    this.changed.fire(undefined);
  }

  setLimit(limit: number): void {
    this.store.setLimit(limit);
    if (this.entries.length > limit) {
      this.entries.length = limit;
      this.store.compact([...this.entries].reverse());
      this.changed.fire(undefined);
    }
  }

  clear(): void {
    this.entries = [];
    this.store.compact([]);
    this.changed.fire(undefined);
  }

  getChildren(element?: HistoryRecord): HistoryRecord[] {
    return element ? [] : [...this.entries];
  }

  getTreeItem(entry: HistoryRecord): vscode.TreeItem {
    const firstLine = entry.statement.replace(/\s+/g, ' ').trim();
    const item = new vscode.TreeItem(firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine);
    const time = new Date(entry.startedAt).toLocaleTimeString();
    const parts = [time];
    if (entry.state === 'SUCCEEDED') {
      parts.push(`${(entry.rows ?? 0).toLocaleString()}${entry.truncated ? '+' : ''} rows`, formatMs(entry.durationMs));
      if (entry.bytesScanned !== undefined) parts.push(formatBytes(entry.bytesScanned));
      if (entry.costUsd !== undefined) parts.push(formatUsd(entry.costUsd));
      if (entry.estimatedBytes !== undefined) parts.push(`est. ${entry.estimateUpperBound ? '≤' : '≈'} ${formatBytes(entry.estimatedBytes)}`);
      item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    } else if (entry.state === 'CANCELLED') {
      parts.push('cancelled', formatMs(entry.durationMs));
      item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
    } else {
      parts.push('failed');
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    }
    item.description = parts.join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendCodeblock(entry.statement, 'athena-sql');
    tooltip.appendText(`\n${entry.state.toLowerCase()} on ${entry.connection} (${entry.engine}) · ${new Date(entry.startedAt).toLocaleString()} · ${formatMs(entry.durationMs)}`);
    if (entry.queryId) tooltip.appendText(`\nquery id ${entry.queryId}`);
    if (entry.estimatedBytes !== undefined) {
      const actual = entry.bytesScanned !== undefined ? `, scanned ${formatBytes(entry.bytesScanned)}` : '';
      tooltip.appendText(`\nestimated before the run: ${entry.estimateUpperBound ? '≤' : '≈'} ${formatBytes(entry.estimatedBytes)}${actual}`);
    }
    if (entry.message) tooltip.appendText(`\n${entry.message}`);
    item.tooltip = tooltip;
    item.contextValue = entry.outputLocation && entry.state === 'SUCCEEDED' ? 'historyEntry.athena' : 'historyEntry';
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

/** The record a history command was given (tree item argument or context-menu node). */
export function historyEntryArg(entry: unknown): HistoryRecord | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Partial<HistoryRecord>;
  return typeof e.statement === 'string' && typeof e.id === 'string' ? (entry as HistoryRecord) : undefined;
}

/** Opens a history entry's SQL in a new editor, never over an existing file. */
export async function openHistoryEntry(entry: unknown): Promise<void> {
  const e = historyEntryArg(entry);
  if (!e) return;
  await openNewSql(`${e.statement};\n`, 'history');
}

export async function copyHistoryEntry(entry: unknown): Promise<void> {
  const e = historyEntryArg(entry);
  if (e) await vscode.env.clipboard.writeText(e.statement);
}
