import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import type { Logger } from '../common/logger';
import { createNonce, resultsHtml } from './html';

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
  /** Fires when the webview reports a result on screen. */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
  ) {}

  /** The last message posted, for status and tests. */
  get lastMessage(): HostMessage | undefined {
    return this.last;
  }

  show(message: HostMessage): void {
    this.last = message;
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
        return;
      case 'rendered':
        this.rendered.fire(message);
        return;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
  }
}
