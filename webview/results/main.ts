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

/** Row height in CSS pixels: fixed, so the rows on screen follow from the scroll position alone. */
const ROW_HEIGHT = 22;
/** Rows per window asked of the host (the host sends the first one with the result). */
const BLOCK = 200;
/** Rows drawn beyond the visible ones, so a small scroll shows no placeholders. */
const OVERSCAN = 10;
/** Browsers cap an element's height; beyond this the scroll range is scaled to the row count. */
const MAX_SCROLL_PX = 15_000_000;
/** Windows kept in the webview; farther ones are dropped and asked for again when needed. */
const KEPT_BLOCKS = 40;

interface Grid {
  readonly runId: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly numeric: readonly boolean[];
  readonly total: number;
  rowCount: number;
  blocks: Map<number, readonly (readonly Cell[])[]>;
  readonly heads: readonly HTMLTableCellElement[];
  readonly count: HTMLElement;
  sortColumn: number | undefined;
  descending: boolean;
  readonly pending: Map<number, number>;
  readonly scroller: HTMLElement;
  readonly body: HTMLTableSectionElement;
  seq: number;
  frame: number;
  /** The window of the first row drawn: the farthest windows from it are dropped first. */
  centre: number;
}

let grid: Grid | undefined;

function render(message: HostMessage): void {
  if (message.type === 'rows') {
    receiveRows(message.runId, message.seq, message.offset, message.rows);
    return;
  }
  if (message.type === 'view') {
    applyView(message);
    return;
  }
  // Replies for an older run than the one on screen are stale.
  if (message.runId < shownRunId) return;
  shownRunId = message.runId;
  grid = undefined;
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
      const rows = message.rowCount;
      const cost = message.costUsd === undefined ? '' : ` (${formatUsd(message.costUsd)})`;
      const estimate = message.estimatedBytes === undefined ? '' : `, estimated ${message.estimateUpperBound ? '≤' : '≈'} ${formatBytes(message.estimatedBytes)}`;
      const scanned = message.bytesScanned === undefined ? '' : ` · ${formatBytes(message.bytesScanned)} scanned${cost}${estimate}`;
      const meta = `${message.truncated ? ' (cut at the row limit)' : ''} · ${formatMs(message.elapsedMs)}${scanned} · ${message.engine}`;
      const status = el('p', 'status ok');
      const count = el('span', 'count', rowsText(rows, rows));
      status.append(count, document.createTextNode(meta));
      const filter = el('input', 'filter');
      filter.type = 'search';
      filter.placeholder = 'Filter rows…';
      filter.setAttribute('aria-label', 'Filter rows (any column contains)');
      let filterTimer = 0;
      filter.addEventListener('input', () => {
        clearTimeout(filterTimer);
        filterTimer = window.setTimeout(() => vscode.postMessage({ type: 'filter', runId: message.runId, text: filter.value.slice(0, 1000) }), 300);
      });
      app.append(status, filter);
      const scroller = el('div', 'grid');
      const table = el('table', 'results');
      const head = el('tr');
      const heads: HTMLTableCellElement[] = [];
      message.columns.forEach((c, i) => {
        const th = el('th');
        th.append(el('span', 'col-name', c.name), el('span', 'col-type', c.type));
        th.title = 'Sort by this column (again: descending, a third time: as it came)';
        th.addEventListener('click', () => {
          const g = grid;
          if (!g || g.runId !== message.runId) return;
          const next = g.sortColumn !== i ? { column: i, descending: false } : !g.descending ? { column: i, descending: true } : { column: null, descending: false };
          vscode.postMessage({ type: 'sort', runId: message.runId, ...next });
        });
        heads.push(th);
        head.append(th);
      });
      table.append(el('thead'), el('tbody'));
      table.tHead?.append(head);
      scroller.append(table);
      app.append(scroller);
      grid = {
        runId: message.runId,
        columns: message.columns,
        numeric: message.columns.map((c) => NUMERIC.test(c.type)),
        total: rows,
        rowCount: rows,
        blocks: new Map([[0, message.rows]]),
        heads,
        count,
        sortColumn: undefined,
        descending: false,
        pending: new Map(),
        scroller,
        body: table.tBodies[0] as HTMLTableSectionElement,
        seq: 0,
        frame: 0,
        centre: 0,
      };
      const g = grid;
      scroller.addEventListener('scroll', () => schedule(g), { passive: true });
      draw(g);
      vscode.postMessage({ type: 'rendered', runId: message.runId, rowCount: rows, columnCount: message.columns.length });
      return;
    }
  }
}

function rowsText(shown: number, total: number): string {
  const all = `${total.toLocaleString()} row${total === 1 ? '' : 's'}`;
  return shown === total ? all : `${shown.toLocaleString()} of ${all}`;
}

/** The host sorted or filtered the whole result: start again from its first rows. */
function applyView(message: Extract<HostMessage, { type: 'view' }>): void {
  const g = grid;
  if (!g || g.runId !== message.runId) return;
  g.rowCount = message.viewCount;
  g.blocks = new Map([[0, message.rows]]);
  g.pending.clear();
  g.sortColumn = message.sortColumn;
  g.descending = message.descending;
  g.heads.forEach((th, i) => {
    th.classList.toggle('sorted', i === message.sortColumn);
    th.classList.toggle('descending', i === message.sortColumn && message.descending);
    th.setAttribute('aria-sort', i !== message.sortColumn ? 'none' : message.descending ? 'descending' : 'ascending');
  });
  g.count.textContent = rowsText(message.viewCount, g.total);
  g.scroller.scrollTop = 0;
  draw(g);
}

function schedule(g: Grid): void {
  if (g.frame) return;
  g.frame = requestAnimationFrame(() => {
    g.frame = 0;
    if (grid === g) draw(g);
  });
}

function spacer(g: Grid, height: number): HTMLTableRowElement {
  const tr = el('tr', 'spacer');
  const td = el('td');
  td.colSpan = Math.max(1, g.columns.length);
  // CSSOM, not a style attribute: the CSP allows no inline styles.
  td.style.height = `${height}px`;
  tr.append(td);
  return tr;
}

/** Draws the rows in view (and a few around them), asking the host for windows not held yet. */
function draw(g: Grid): void {
  const total = g.rowCount;
  const naturalPx = total * ROW_HEIGHT;
  const scrollPx = Math.min(naturalPx, MAX_SCROLL_PX);
  const viewport = Math.max(ROW_HEIGHT, g.scroller.clientHeight);
  const visible = Math.ceil(viewport / ROW_HEIGHT) + 1;
  const top = g.scroller.scrollTop;
  let first: number;
  if (naturalPx <= MAX_SCROLL_PX) first = Math.floor(top / ROW_HEIGHT);
  else first = top >= scrollPx - viewport ? total - visible : Math.floor((top / Math.max(1, scrollPx - viewport)) * (total - visible));
  first = Math.max(0, Math.min(first - OVERSCAN, total - 1));
  const last = Math.min(total, first + visible + 2 * OVERSCAN);
  const above = naturalPx <= MAX_SCROLL_PX ? first * ROW_HEIGHT : Math.max(0, Math.min(top, scrollPx - (last - first) * ROW_HEIGHT));
  const below = Math.max(0, scrollPx - above - (last - first) * ROW_HEIGHT);
  g.centre = Math.floor(first / BLOCK);
  const rows: HTMLTableRowElement[] = [];
  if (above > 0) rows.push(spacer(g, above));
  for (let n = first; n < last; n++) {
    const block = Math.floor(n / BLOCK);
    const held = g.blocks.get(block);
    const tr = el('tr', 'row');
    tr.dataset.row = String(n);
    const values = held?.[n - block * BLOCK];
    if (values) values.forEach((value, i) => tr.append(cellNode(value, g.numeric[i] ?? false)));
    else {
      request(g, block);
      for (let i = 0; i < g.columns.length; i++) tr.append(el('td', 'loading', '…'));
    }
    rows.push(tr);
  }
  if (below > 0) rows.push(spacer(g, below));
  g.body.replaceChildren(...rows);
}

function request(g: Grid, block: number): void {
  if (g.pending.has(block)) return;
  const seq = ++g.seq;
  g.pending.set(block, seq);
  vscode.postMessage({ type: 'window', runId: g.runId, seq, offset: block * BLOCK, count: BLOCK });
}

/** A window the host sent: kept if it answers the latest request for it on the result on screen. */
function receiveRows(runId: number, seq: number, offset: number, rows: readonly (readonly Cell[])[]): void {
  const g = grid;
  if (!g || g.runId !== runId || offset % BLOCK !== 0) return;
  const block = offset / BLOCK;
  if (g.pending.get(block) !== seq) return;
  g.pending.delete(block);
  if (rows.some((r) => r.length !== g.columns.length)) return;
  g.blocks.set(block, rows);
  if (g.blocks.size > KEPT_BLOCKS) {
    const centre = g.centre;
    const farthest = [...g.blocks.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))[0];
    if (farthest !== undefined && farthest !== block) g.blocks.delete(farthest);
  }
  schedule(g);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) render(message);
});
vscode.postMessage({ type: 'ready' });
