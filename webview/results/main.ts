import { parseHostMessage, type Cell, type HostMessage, type WebviewMessage } from '../../src/shared/protocol';
import { formatBytes, formatUsd } from '../../src/shared/format';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let shownRunId = -1;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  // textContent only: a value from a query can never become markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const NUMERIC = /^(tinyint|smallint|integer|bigint|real|double|decimal)/;

function cellNode(value: Cell, numeric: boolean): HTMLTableCellElement {
  if (value === null) return el('td', 'null', 'NULL');
  const td = el('td', numeric ? 'num' : undefined, String(value));
  if (value === '') td.classList.add('empty');
  return td;
}

function statementHeader(statement: string): HTMLElement {
  const pre = el('pre', 'statement', statement);
  pre.title = statement;
  return pre;
}

function render(message: HostMessage): void {
  // Replies for an older run than the one on screen are stale.
  if (message.runId < shownRunId) return;
  shownRunId = message.runId;
  app.replaceChildren();
  app.append(statementHeader(message.statement));
  switch (message.type) {
    case 'running':
      app.append(el('p', 'status running', 'Running…'));
      return;
    case 'error':
      app.append(el('p', message.cancelled ? 'status cancelled' : 'status error', message.message));
      return;
    case 'result': {
      const rows = message.rows.length;
      const cost = message.costUsd === undefined ? '' : ` (${formatUsd(message.costUsd)})`;
      const estimate = message.estimatedBytes === undefined ? '' : `, estimated ${message.estimateUpperBound ? '≤' : '≈'} ${formatBytes(message.estimatedBytes)}`;
      const scanned = message.bytesScanned === undefined ? '' : ` · ${formatBytes(message.bytesScanned)} scanned${cost}${estimate}`;
      const meta = `${rows.toLocaleString()} row${rows === 1 ? '' : 's'}${message.truncated ? ' (cut at the row limit)' : ''} · ${formatMs(message.elapsedMs)}${scanned} · ${message.engine}`;
      app.append(el('p', 'status ok', meta));
      const table = el('table', 'results');
      const head = el('tr');
      for (const c of message.columns) {
        const th = el('th');
        th.append(el('span', 'col-name', c.name), el('span', 'col-type', c.type));
        head.append(th);
      }
      table.append(el('thead'), el('tbody'));
      table.tHead?.append(head);
      const numeric = message.columns.map((c) => NUMERIC.test(c.type));
      const body = table.tBodies[0] as HTMLTableSectionElement;
      for (const row of message.rows) {
        const tr = el('tr');
        row.forEach((value, i) => tr.append(cellNode(value, numeric[i] ?? false)));
        body.append(tr);
      }
      app.append(table);
      vscode.postMessage({ type: 'rendered', runId: message.runId, rowCount: rows, columnCount: message.columns.length });
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) render(message);
});
vscode.postMessage({ type: 'ready' });
