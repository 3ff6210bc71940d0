import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ResultStore, type StoreColumn } from '../../core/results/store';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import type { Logger } from '../common/logger';
import { createNonce, resultsHtml } from './html';

/** Rows sent with a result before the webview asks for more. */
export const FIRST_WINDOW_ROWS = 200;
/** Results whose rows the host keeps, newest first; older ones are released (their spill files removed). */
const KEPT_RESULTS = 3;

export interface RenderedEvent {
  readonly runId: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

/**
 * The results panel host: one webview tab that shows the latest run. Messages wait for the
 * webview's `ready` handshake, and the last one is re-sent when the webview reloads (hidden and
 * shown again), so the panel restores what it showed.
 */
export class ResultsPanel implements vscode.Disposable {
  static readonly viewType = 'lakehouse.results';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private last: HostMessage | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedEvent>();
  private readonly viewChanged = new vscode.EventEmitter<HostMessage>();
  /** Fires when a sort or filter changed the result's view. */
  readonly onDidChangeView = this.viewChanged.event;
  /** Fires when the webview reports a result on screen. */
  readonly onDidRender = this.rendered.event;

  private readonly stores = new Map<number, ResultStore>();
  /** The sort or filter applied to the result on screen, re-sent after it when the webview reloads. */
  private lastView: HostMessage | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
    /** Rows a result keeps in memory before older rows spill to a temporary file. */
    private readonly memoryRows: () => number = () => 200_000,
  ) {}

  /** A store for the rows of run `runId` (the host keeps them; the webview asks for windows). */
  newStore(runId: number, columns: readonly StoreColumn[]): ResultStore {
    const store = new ResultStore(columns, { spillDir: join(tmpdir(), `lakehouse-results-${process.pid}-${runId}-${Date.now()}`), memoryRows: this.memoryRows() });
    this.stores.set(runId, store);
    for (const id of [...this.stores.keys()].sort((a, b) => b - a).slice(KEPT_RESULTS)) this.release(id);
    return store;
  }

  /** The rows a result message carries: the first window of the run's store. */
  async firstRows(runId: number): Promise<readonly (readonly (string | number | boolean | null)[])[]> {
    return (await this.stores.get(runId)?.window(0, FIRST_WINDOW_ROWS)) ?? [];
  }

  /** Forgets a run's rows (a failed or cancelled run, or one too old to keep). */
  release(runId: number): void {
    const store = this.stores.get(runId);
    this.stores.delete(runId);
    void store?.dispose();
  }

  /** The rows of the result on screen, [offset, offset + count), as the webview would get them (for tests). */
  async window(offset: number, count: number): Promise<readonly (readonly unknown[])[]> {
    const runId = this.last?.type === 'result' ? this.last.runId : undefined;
    const store = runId === undefined ? undefined : this.stores.get(runId);
    return store ? store.window(offset, count) : [];
  }

  /** The last message posted, for status and tests. */
  get lastMessage(): HostMessage | undefined {
    return this.last;
  }

  show(message: HostMessage): void {
    this.last = message;
    this.lastView = undefined;
    const panel = this.ensurePanel();
    if (!panel.visible) panel.reveal(panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    if (this.ready) void panel.webview.postMessage(message);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      ResultsPanel.viewType,
      'Lakehouse Results',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist, media], enableCommandUris: false },
    );
    panel.iconPath = vscode.Uri.joinPath(media, 'lakehouse.svg');
    const webview = panel.webview;
    this.ready = false;
    webview.html = resultsHtml(
      webview,
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'results.js')),
      webview.asWebviewUri(vscode.Uri.joinPath(media, 'results.css')),
      createNonce(),
    );
    webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    this.panel = panel;
    return panel;
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the results webview.');
      return;
    }
    this.handle(message);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last) void this.panel?.webview.postMessage(this.last);
        if (this.lastView) void this.panel?.webview.postMessage(this.lastView);
        return;
      case 'rendered':
        this.rendered.fire(message);
        return;
      case 'window':
        void this.sendWindow(message.runId, message.seq, message.offset, message.count);
        return;
      case 'sort':
      case 'filter':
        void this.changeView(message);
        return;
    }
  }

  /** Sorts or filters the whole result in the host, then sends the view's size and first rows. */
  private async changeView(message: Extract<WebviewMessage, { type: 'sort' | 'filter' }>): Promise<HostMessage | undefined> {
    const store = this.stores.get(message.runId);
    const shown = this.last;
    if (!store || shown?.type !== 'result' || shown.runId !== message.runId) return undefined;
    try {
      if (message.type === 'sort') await store.setSort(message.column ?? undefined, message.descending);
      else await store.setFilter(message.text);
      const state = store.state;
      const view: HostMessage = {
        type: 'view',
        runId: message.runId,
        statement: shown.statement,
        viewCount: store.viewCount,
        rows: await store.window(0, FIRST_WINDOW_ROWS),
        filter: state.filter,
        descending: state.descending,
        ...(state.sortColumn !== undefined ? { sortColumn: state.sortColumn } : {}),
      };
      // A newer result may have replaced this one while the whole result was being sorted.
      if (this.last !== shown) return undefined;
      this.lastView = view;
      void this.panel?.webview.postMessage(view);
      this.viewChanged.fire(view);
      return view;
    } catch (e) {
      this.log.warn(`Could not ${message.type} run ${message.runId}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /**
   * For the extension's own tests: a message as if the webview sent it (validated the same way;
   * malformed ones are ignored). Resolves with the view a sort or filter produced.
   */
  async fromWebview(raw: unknown): Promise<HostMessage | undefined> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.receive(raw);
      return undefined;
    }
    if (message.type === 'sort' || message.type === 'filter') return this.changeView(message);
    this.handle(message);
    return undefined;
  }

  private async sendWindow(runId: number, seq: number, offset: number, count: number): Promise<void> {
    const store = this.stores.get(runId);
    const shown = this.last;
    // A window of a result no longer kept, or not on screen, is not answered: the webview moved on.
    if (!store || shown?.type !== 'result' || shown.runId !== runId) return;
    try {
      const rows = await store.window(offset, count);
      void this.panel?.webview.postMessage({ type: 'rows', runId, statement: shown.statement, seq, offset, rows } satisfies HostMessage);
    } catch (e) {
      this.log.warn(`Could not read rows ${offset}–${offset + count} of run ${runId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    for (const id of [...this.stores.keys()]) this.release(id);
    this.panel?.dispose();
    this.rendered.dispose();
    this.viewChanged.dispose();
  }
}
