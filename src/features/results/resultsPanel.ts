import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { scanFigures } from '../../core/cost/price';
import { formatBlock } from '../../core/results/copy';
import type { RowSink } from '../../engines/collect';
import { ResultStore, type StoreColumn } from '../../engines/results/store';
import { parseWebviewMessage, WINDOW_ROWS, type CellRange, type CopyFormat, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import type { Logger } from '../common/logger';
import { exportResult, type ExportFormat } from './exportResult';
import { createNonce, resultsHtml } from './html';

/** How often a partial result's growing row count goes to its tab. */
const MORE_EVERY_MS = 250;
/** Results whose rows the host keeps besides those open tabs show, newest first; older ones are released. */
const KEPT_RESULTS = 3;
/** The most cells one copy puts on the clipboard (more: export instead). */
export const MAX_COPY_CELLS = 2_000_000;

export interface RenderedEvent {
  readonly runId: number;
  readonly rowCount: number;
  readonly columnCount: number;
  /** The first rows of a result still arriving. */
  readonly partial: boolean;
}

type ResultMessage = Extract<HostMessage, { type: 'result' }>;

/** What a finished run's result shows besides its rows (the store holds them): the result message's own fields. */
export type RunResult = Omit<ResultMessage, 'type' | 'runId' | 'statement' | 'rows' | 'figures' | 'pinned'>;

/** The results panel's side of one run: begin → rows (the store) → done or failed. */
export interface ResultHandle {
  readonly runId: number;
  /**
   * Where the run's rows go, once its columns are known: the run's store. Once a window of rows is
   * in, the tab shows them while the rest arrives.
   */
  store(columns: readonly StoreColumn[]): RowSink;
  /** The run succeeded: its result, with the first window of rows, goes to the tab. */
  done(result: RunResult): Promise<void>;
  /** The run failed or was cancelled: its rows are dropped and the tab says why. */
  failed(message: string, cancelled: boolean): void;
}

/**
 * One results tab (a webview panel). It shows one run at a time; messages wait for the webview's
 * `ready`, and the last result and its view are re-sent when the webview reloads (hidden and shown
 * again), so the tab restores what it showed.
 */
class ResultTab {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  last: HostMessage | undefined;
  /** The sort or filter applied to the result on screen. */
  lastView: HostMessage | undefined;
  pinned = false;

  constructor(
    extensionUri: vscode.Uri,
    receive: (tab: ResultTab, raw: unknown) => void,
    onClose: (tab: ResultTab) => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      ResultsPanel.viewType,
      'Lakehouse Results',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist, media], enableCommandUris: false },
    );
    this.panel.iconPath = vscode.Uri.joinPath(media, 'lakehouse.svg');
    const webview = this.panel.webview;
    webview.html = resultsHtml(
      webview,
      readFileSync(vscode.Uri.joinPath(dist, 'results.js').fsPath, 'utf8'),
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'results.css')),
      createNonce(),
    );
    webview.onDidReceiveMessage((raw: unknown) => receive(this, raw));
    this.panel.onDidDispose(() => onClose(this));
  }

  /** The run whose result this tab shows. */
  get runId(): number | undefined {
    return this.last?.type === 'result' ? this.last.runId : undefined;
  }

  get result(): ResultMessage | undefined {
    return this.last?.type === 'result' ? this.last : undefined;
  }

  show(message: HostMessage): void {
    this.last = message;
    this.lastView = undefined;
    this.title();
    if (!this.panel.visible) {
      // Hidden behind the editor the statement ran from (the same group): move beside it, so the
      // SQL stays in view next to its result; hidden elsewhere: brought forward where it is.
      const editorColumn = vscode.window.activeTextEditor?.viewColumn;
      const column = !this.panel.viewColumn || this.panel.viewColumn === editorColumn ? vscode.ViewColumn.Beside : this.panel.viewColumn;
      this.panel.reveal(column, true);
    }
    this.post(message);
  }

  post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  onReady(): void {
    this.ready = true;
    if (this.last) this.post(this.last);
    if (this.lastView) this.post(this.lastView);
  }

  setPinned(pinned: boolean): void {
    this.pinned = pinned;
    if (this.last?.type === 'result') this.last = { ...this.last, pinned };
    this.title();
    if (this.last) this.post({ type: 'pinned', runId: this.last.runId, statement: this.last.statement, pinned });
  }

  private title(): void {
    const text = this.last?.statement.replace(/\s+/g, ' ').trim() ?? '';
    const short = text.length > 32 ? `${text.slice(0, 31)}…` : text;
    this.panel.title = `${this.pinned ? '📌 ' : ''}${short || 'Lakehouse Results'}`;
  }
}

/**
 * The results tabs. New results go to the live tab (made when needed); pinning a tab keeps its
 * result, and the next one opens a new tab. Rows stay here, in a `ResultStore` per run: the
 * webview asks for windows, and copy and export read the store, not the webview.
 */
export class ResultsPanel implements vscode.Disposable {
  static readonly viewType = 'lakehouse.results';
  private live: ResultTab | undefined;
  private readonly tabs = new Set<ResultTab>();
  private readonly rendered = new vscode.EventEmitter<RenderedEvent>();
  private readonly firstRendered = new vscode.EventEmitter<RenderedEvent>();
  private readonly viewChanged = new vscode.EventEmitter<HostMessage>();
  /** Fires when a sort or filter changed a result's view. */
  readonly onDidChangeView = this.viewChanged.event;
  /** Fires when a webview reports a whole result on screen (not the first rows of one still arriving). */
  readonly onDidRender = this.rendered.event;
  /** Fires when a webview reports a run's first rows on screen, whether or not the rest has arrived. */
  readonly onDidRenderFirstRows = this.firstRendered.event;
  private readonly firstRowsShown = new Set<number>();

  private readonly stores = new Map<number, ResultStore>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
    /** Rows a result keeps in memory before older rows spill to a temporary file. */
    private readonly memoryRows: () => number = () => 200_000,
  ) {}

  /**
   * A run begins: its tab says it is running, and the handle takes it from there (the store its
   * rows go into, then its result or its failure). The result message is built here only.
   */
  begin(runId: number, statement: string, engine: string): ResultHandle {
    this.show({ type: 'running', runId, statement });
    const began = performance.now();
    let partial: ResultMessage | undefined;
    let ended = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = (): void => {
      ended = true;
      clearTimeout(timer);
    };
    /** The count so far to the tab that shows the partial result, at most every MORE_EVERY_MS. */
    const more = (store: ResultStore): void => {
      timer = undefined;
      const tab = [...this.tabs].find((t) => t.last === partial);
      if (ended || !partial || !tab) return;
      partial = { ...partial, rowCount: store.rowCount };
      tab.last = partial;
      tab.post({ type: 'more', runId, statement, rowCount: store.rowCount });
    };
    return {
      runId,
      store: (columns) => {
        const store = this.newStore(runId, columns);
        return {
          get rowCount() {
            return store.rowCount;
          },
          finish: () => store.finish(),
          append: async (rows) => {
            await store.append(rows);
            if (ended || this.stores.get(runId) !== store) return;
            if (!partial && store.rowCount >= WINDOW_ROWS) {
              // A window is in and more may come: the first rows go on screen now.
              partial = { type: 'result', runId, statement, engine, columns, rows: await store.window(0, WINDOW_ROWS), rowCount: store.rowCount, truncated: false, elapsedMs: performance.now() - began, partial: true };
              if (!ended) this.show(partial);
            } else if (partial) timer ??= setTimeout(() => more(store), MORE_EVERY_MS);
          },
        };
      },
      done: async (r) => {
        stop();
        this.show({ type: 'result', runId, statement, ...r, rows: await this.firstRows(runId) });
      },
      failed: (message, cancelled) => {
        stop();
        this.release(runId);
        this.show({ type: 'error', runId, statement, message, cancelled });
      },
    };
  }

  /** A store for the rows of run `runId` (the host keeps them; the webview asks for windows). */
  private newStore(runId: number, columns: readonly StoreColumn[]): ResultStore {
    const store = new ResultStore(columns, { spillDir: join(tmpdir(), `lakehouse-results-${process.pid}-${runId}-${Date.now()}`), memoryRows: this.memoryRows() });
    this.stores.set(runId, store);
    // What an open tab shows is kept (its grid still asks for windows), and the latest few besides.
    const shown = new Set([...this.tabs].map((t) => t.runId));
    for (const id of [...this.stores.keys()].filter((id) => !shown.has(id)).sort((a, b) => b - a).slice(KEPT_RESULTS)) this.release(id);
    return store;
  }

  /** The rows a result message carries: the first window of the run's store. */
  async firstRows(runId: number): Promise<readonly (readonly (string | number | boolean | null)[])[]> {
    return (await this.stores.get(runId)?.window(0, WINDOW_ROWS)) ?? [];
  }

  /** Forgets a run's rows (a failed or cancelled run, one too old to keep, or a closed pinned tab). */
  release(runId: number): void {
    const store = this.stores.get(runId);
    this.stores.delete(runId);
    void store?.dispose();
  }

  /** The rows of the live tab's result, [offset, offset + count), as its webview would get them (for tests). */
  async window(offset: number, count: number): Promise<readonly (readonly unknown[])[]> {
    const runId = this.live?.runId;
    const store = runId === undefined ? undefined : this.stores.get(runId);
    return store ? store.window(offset, count) : [];
  }

  /** The last message posted to the live tab, for status and tests. */
  get lastMessage(): HostMessage | undefined {
    return this.live?.last;
  }

  /** Whether the tab the next result goes to is in front (for tests). */
  get visible(): boolean {
    return this.live?.panel.visible === true;
  }

  /** Open results tabs (for tests). */
  get tabCount(): number {
    return this.tabs.size;
  }

  show(message: HostMessage): void {
    this.live ??= this.newTab();
    // The webview shows the cost figures as the host formats them (it knows no pricing).
    const figures = message.type === 'result' ? scanFigures(message) : undefined;
    this.live.show(message.type === 'result' && figures ? { ...message, figures } : message);
  }

  private newTab(): ResultTab {
    const tab = new ResultTab(
      this.extensionUri,
      (t, raw) => this.receive(t, raw),
      (t) => this.closed(t),
    );
    this.tabs.add(tab);
    return tab;
  }

  private closed(tab: ResultTab): void {
    this.tabs.delete(tab);
    if (this.live === tab) this.live = undefined;
    // A closed pinned tab's result is let go; an unpinned tab's stays among the latest few.
    if (tab.pinned && tab.runId !== undefined) this.release(tab.runId);
  }

  private receive(tab: ResultTab, raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the results webview.');
      return;
    }
    void this.handle(tab, message);
  }

  private async handle(tab: ResultTab, message: WebviewMessage): Promise<HostMessage | string | undefined> {
    if (message.type === 'ready') {
      tab.onReady();
      return undefined;
    }
    // Everything else names a run: only the one the tab shows is answered.
    if (message.runId !== tab.runId) return undefined;
    switch (message.type) {
      case 'rendered': {
        const event = { runId: message.runId, rowCount: message.rowCount, columnCount: message.columnCount, partial: message.partial };
        if (!this.firstRowsShown.has(message.runId)) {
          this.firstRowsShown.add(message.runId);
          this.firstRendered.fire(event);
        }
        if (!message.partial) this.rendered.fire(event);
        return undefined;
      }
      case 'window':
        await this.sendWindow(tab, message.seq, message.offset, message.count);
        return undefined;
      case 'sort':
      case 'filter':
        return this.changeView(tab, message);
      case 'copy':
        return this.copy(tab, message.ranges, message.format, message.headers);
      case 'export':
        return this.export({ runId: message.runId });
      case 'pin':
        this.pin(tab, message.pinned);
        return undefined;
    }
  }

  /** Pins or unpins a tab. Pinned, it keeps its result and the next result opens a new tab. */
  private pin(tab: ResultTab, pinned: boolean): void {
    tab.setPinned(pinned);
    if (pinned && this.live === tab) this.live = undefined;
    if (!pinned && !this.live) this.live = tab;
  }

  /** Sorts or filters the whole result in the host, then sends the view's size and first rows. */
  private async changeView(tab: ResultTab, message: Extract<WebviewMessage, { type: 'sort' | 'filter' }>): Promise<HostMessage | undefined> {
    const store = this.stores.get(message.runId);
    const shown = tab.last;
    // A partial result is sorted and filtered once it is whole (its webview offers neither before).
    if (!store || shown?.type !== 'result' || shown.partial) return undefined;
    let failure: string | undefined;
    try {
      const what = message.type === 'sort' ? 'Sorting' : 'Filtering';
      const applied = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `${what} ${store.rowCount.toLocaleString('en')} rows…` }, () =>
        message.type === 'sort' ? store.setSort(message.column ?? undefined, message.descending) : store.setFilter(message.text),
      );
      // Overtaken by a newer sort or filter while this one ran: that one answers.
      if (!applied) return undefined;
    } catch (e) {
      // The store went back to the view still shown; the webview is told so (it stops saying "Sorting…").
      failure = e instanceof Error ? e.message : String(e);
      this.log.warn(`Could not ${message.type} run ${message.runId}: ${failure}`);
      void vscode.window.showErrorMessage(`Could not ${message.type} the result: ${failure}`);
    }
    const state = store.state;
    const view: HostMessage = {
      type: 'view',
      runId: message.runId,
      statement: shown.statement,
      viewCount: store.viewCount,
      rows: await store.window(0, WINDOW_ROWS).catch(() => []),
      filter: state.filter,
      descending: state.descending,
      ...(state.sortColumn !== undefined ? { sortColumn: state.sortColumn } : {}),
    };
    // A newer result may have replaced this one while the whole result was being sorted.
    if (tab.last !== shown) return undefined;
    tab.lastView = view;
    tab.post(view);
    if (!failure) this.viewChanged.fire(view);
    return view;
  }

  /**
   * Puts cells of the result's view on the clipboard, read from the store (the webview holds only
   * the rows in view). Returns the text, or undefined when nothing was copied.
   */
  private async copy(tab: ResultTab, ranges: readonly CellRange[], format: CopyFormat, headers: boolean): Promise<string | undefined> {
    const result = tab.result;
    const store = result && this.stores.get(result.runId);
    if (!result || !store) return undefined;
    const width = result.columns.length;
    const clipped = ranges
      .map((r) => ({ fromRow: r.fromRow, toRow: Math.min(r.toRow, store.viewCount - 1), fromColumn: r.fromColumn, toColumn: Math.min(r.toColumn, width - 1) }))
      .filter((r) => r.toRow >= r.fromRow && r.toColumn >= r.fromColumn);
    const cells = clipped.reduce((n, r) => n + (r.toRow - r.fromRow + 1) * (r.toColumn - r.fromColumn + 1), 0);
    if (!cells) return undefined;
    if (cells > MAX_COPY_CELLS) {
      void vscode.window.showWarningMessage(`That selection has ${cells.toLocaleString('en')} cells, more than the ${MAX_COPY_CELLS.toLocaleString('en')} a copy takes. Export the result instead.`, 'Export…').then((choice) => {
        if (choice) void this.export({ runId: result.runId });
      });
      return undefined;
    }
    const parts: string[] = [];
    for (const r of clipped) {
      const rows: (readonly (string | number | boolean | null)[])[] = [];
      for (let offset = r.fromRow; offset <= r.toRow; offset += 10_000) {
        for (const row of await store.window(offset, Math.min(10_000, r.toRow - offset + 1))) rows.push(row.slice(r.fromColumn, r.toColumn + 1));
      }
      const columns = result.columns.slice(r.fromColumn, r.toColumn + 1).map((c) => c.name);
      parts.push(formatBlock({ columns, rows }, format, headers));
    }
    const text = parts.join(format === 'json' ? '' : '\n');
    await vscode.env.clipboard.writeText(text);
    const rowCount = clipped.reduce((n, r) => n + r.toRow - r.fromRow + 1, 0);
    vscode.window.setStatusBarMessage(`Lakehouse: copied ${cells === 1 ? 'a cell' : `${rowCount.toLocaleString('en')} row${rowCount === 1 ? '' : 's'} × ${(cells / rowCount).toFixed(0)} columns`} as ${format.toUpperCase()}`, 4000);
    return text;
  }

  /**
   * Exports a result (the live tab's, or run `runId`'s) to a file. Without a format and path it
   * asks for both. Returns the path written, or undefined.
   */
  async export(arg?: { readonly runId?: number; readonly format?: ExportFormat; readonly path?: string }): Promise<string | undefined> {
    const tab = arg?.runId !== undefined ? [...this.tabs].find((t) => t.runId === arg.runId) : this.live;
    const result = tab?.result;
    const store = result && this.stores.get(result.runId);
    if (!result || !store) {
      void vscode.window.showInformationMessage('There is no result to export: run a query first.');
      return undefined;
    }
    if (result.partial) {
      void vscode.window.showInformationMessage('The result is still arriving: export it once every row is in.');
      return undefined;
    }
    return exportResult(store, result, this.log, arg);
  }

  /**
   * For the extension's own tests: a message as if the live tab's webview sent it (validated the
   * same way; malformed ones are ignored). Resolves with the view a sort or filter produced, or
   * the text a copy put on the clipboard.
   */
  async fromWebview(raw: unknown): Promise<HostMessage | string | undefined> {
    const tab = this.live ?? [...this.tabs].at(-1);
    if (!tab) return undefined;
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.receive(tab, raw);
      return undefined;
    }
    return this.handle(tab, message);
  }

  private async sendWindow(tab: ResultTab, seq: number, offset: number, count: number): Promise<void> {
    const shown = tab.result;
    const store = shown && this.stores.get(shown.runId);
    // A window of a result no longer kept is not answered: the webview moved on.
    if (!shown || !store) return;
    try {
      const rows = await store.window(offset, count);
      if (tab.last === shown) tab.post({ type: 'rows', runId: shown.runId, statement: shown.statement, seq, offset, rows });
    } catch (e) {
      this.log.warn(`Could not read rows ${offset}–${offset + count} of run ${shown.runId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    for (const id of [...this.stores.keys()]) this.release(id);
    for (const tab of [...this.tabs]) tab.panel.dispose();
    this.rendered.dispose();
    this.firstRendered.dispose();
    this.viewChanged.dispose();
  }
}
