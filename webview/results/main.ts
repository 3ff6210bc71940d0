import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { COPY_FORMATS, MAX_FILTER_CHARS, parseHostMessage, type Cell, type CopyFormat, type HostMessage, type WebviewMessage } from '../../src/shared/protocol';
import { formatCount } from './format';
import { ResultGrid } from './grid';

interface SavedState {
  readonly runId: number;
  readonly topRow: number;
  readonly copyFormat: CopyFormat;
  readonly headers: boolean;
}
interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
/** The nonce our own script carries: SlickGrid's one stylesheet element gets it too. */
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
let shownRunId = -1;
/** The result on screen is partial: its first rows, the rest still arriving. */
let partialShown = false;
let grid: ResultGrid | undefined;
let saved = vscode.getState();
let copyFormat: CopyFormat = saved?.copyFormat ?? 'tsv';
let copyHeaders = saved?.headers ?? true;
let pinButton: HTMLElement | undefined;
let pinnedNow = false;
/**
 * The row to scroll back to while a hidden tab is being restored: kept until the user scrolls,
 * clicks, types, sorts or filters, since the host's re-sent view and a late layout both move the
 * grid back to its top.
 */
let restoreRow: number | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  // textContent only: a value from a query can never become markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A toolbar control from @vscode-elements (custom elements, so created by name). */
function control(tag: string, className: string, label?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (label !== undefined) node.textContent = label;
  return node;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function rowsText(shown: number, total: number): string {
  const all = `${formatCount(total)} row${total === 1 ? '' : 's'}`;
  return shown === total ? all : `${formatCount(shown)} of ${all}`;
}

function save(): void {
  // While a restore is pending, the row it goes back to (the grid may not be there yet).
  saved = { runId: shownRunId, topRow: restoreRow ?? grid?.topRow ?? 0, copyFormat, headers: copyHeaders };
  vscode.setState(saved);
}

/** The filter of the rows on screen (the toolbar, made late, starts with it). */
let viewFilter = '';

/**
 * The filter box says which filter the rows on screen have: after the tab comes back, or after a
 * filter the host could not apply. Not while the user is typing in it.
 */
function showFilter(text: string): void {
  viewFilter = text;
  const box = app.querySelector<HTMLElement & { value: string }>('vscode-textfield.filter');
  if (!box || document.activeElement === box || box.value === text) return;
  box.value = text;
  box.setAttribute('value', text);
}

/** Says a sort or filter is under way in the host (a big result takes a moment); undefined: done. */
function setBusy(what: string | undefined): void {
  const busy = app.querySelector<HTMLElement>('.busy');
  if (busy) {
    busy.textContent = what ? ` · ${what}` : '';
    busy.hidden = !what;
  }
  app.querySelector('.results-grid')?.setAttribute('aria-busy', String(Boolean(what)));
}

function statementHeader(statement: string): HTMLElement {
  const pre = el('pre', 'statement', statement);
  pre.title = statement;
  return pre;
}

function render(message: HostMessage): void {
  switch (message.type) {
    case 'rows':
      if (grid && message.runId === shownRunId) grid.receive(message.seq, message.offset, message.rows);
      return;
    case 'view':
      if (grid && message.runId === shownRunId) {
        grid.reset(message.viewCount, message.rows, message.sortColumn, message.descending);
        // The host re-sends the view after the result when the tab comes back: back where it was.
        if (restoreRow !== undefined) grid.scrollTo(restoreRow);
        const count = app.querySelector('.count');
        if (count) count.textContent = rowsText(message.viewCount, Number(count.getAttribute('data-total')));
        setBusy(undefined);
        showFilter(message.filter);
      }
      return;
    case 'pinned':
      if (message.runId === shownRunId) showPinned(message.pinned);
      return;
    case 'more':
      if (grid && partialShown && message.runId === shownRunId) {
        grid.grow(message.rowCount);
        const count = app.querySelector('.count');
        if (count) count.textContent = soFarText(message.rowCount);
      }
      return;
    case 'result':
      // The whole result of the run whose first rows are on screen: the grid stays where it is.
      if (grid && partialShown && message.runId === shownRunId && !message.partial) {
        completeResult(message);
        return;
      }
      break;
    default:
      break;
  }
  // Replies for an older run than the one on screen are stale.
  if (message.runId < shownRunId) return;
  shownRunId = message.runId;
  partialShown = false;
  grid?.destroy();
  grid = undefined;
  app.replaceChildren(statementHeader(message.statement));
  switch (message.type) {
    case 'running':
      app.append(el('p', 'status running', 'Running…'));
      return;
    case 'error':
      app.append(el('p', message.cancelled ? 'status cancelled' : 'status error', message.message));
      return;
    case 'result':
      showResult(message);
      return;
  }
}

function soFarText(count: number): string {
  return `${formatCount(count)} row${count === 1 ? '' : 's'} so far`;
}

function metaLine(message: Extract<HostMessage, { type: 'result' }>): HTMLElement {
  const status = el('p', 'status ok');
  const count = el('span', 'count', message.partial ? soFarText(message.rowCount) : rowsText(message.rowCount, message.rowCount));
  count.setAttribute('data-total', String(message.rowCount));
  const parts: string[] = [];
  if (message.partial) parts.push(`first rows in ${formatMs(message.elapsedMs)}, the rest arriving`);
  if (message.truncated) parts.push('cut at the row limit');
  if (!message.partial) parts.push(formatMs(message.elapsedMs));
  if (message.figures) parts.push(message.figures);
  parts.push(message.engine);
  const busy = el('span', 'busy');
  busy.hidden = true;
  busy.setAttribute('role', 'status');
  status.append(count, busy, document.createTextNode(` · ${parts.join(' · ')}`));
  if (message.queryId) {
    status.append(document.createTextNode(' · '));
    if (message.consoleUrl) {
      // A plain link: VS Code opens it in the browser; the webview itself runs no command.
      const a = el('a', 'query-id', message.queryId);
      a.href = message.consoleUrl;
      a.title = 'Open this execution in the Athena console';
      status.append(a);
    } else status.append(el('span', 'query-id', message.queryId));
  }
  return status;
}

/**
 * The toolbar: filter, copy format, copy, export, pin. Its controls are made after the first rows
 * are on screen (the select's first render alone costs about 100 ms); the bar keeps its height.
 */
function toolbar(message: Extract<HostMessage, { type: 'result' }>): HTMLElement {
  const bar = el('div', 'toolbar');
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Result actions');
  // After the frame that shows the first rows has been painted.
  requestAnimationFrame(() =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (shownRunId === message.runId) fillToolbar(bar, message);
      }, 0),
    ),
  );
  return bar;
}

function fillToolbar(bar: HTMLElement, message: Extract<HostMessage, { type: 'result' }>): void {
  const filter = control('vscode-textfield', 'filter') as HTMLElement & { value: string };
  filter.setAttribute('placeholder', 'Filter rows (any column contains)…');
  filter.setAttribute('aria-label', 'Filter rows (any column contains)');
  filter.setAttribute('type', 'search');
  if (viewFilter) {
    filter.value = viewFilter;
    filter.setAttribute('value', viewFilter);
  }
  let timer = 0;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      restoreRow = undefined;
      setBusy('Filtering…');
      vscode.postMessage({ type: 'filter', runId: message.runId, text: String(filter.value ?? '').slice(0, MAX_FILTER_CHARS) });
    }, 300);
  });
  const format = control('vscode-single-select', 'copy-format') as HTMLElement & { value: string };
  format.setAttribute('aria-label', 'Copy as');
  for (const f of COPY_FORMATS) {
    const option = control('vscode-option', '', f === 'markdown' ? 'Markdown' : f.toUpperCase());
    option.setAttribute('value', f);
    if (f === copyFormat) option.setAttribute('selected', '');
    format.append(option);
  }
  format.addEventListener('change', () => {
    if ((COPY_FORMATS as readonly string[]).includes(format.value)) copyFormat = format.value as CopyFormat;
    save();
  });
  const headers = control('vscode-checkbox', 'copy-headers', 'Headers') as HTMLElement & { checked: boolean };
  if (copyHeaders) headers.setAttribute('checked', '');
  headers.title = 'Copy the column names as the first line';
  headers.addEventListener('change', () => {
    copyHeaders = Boolean(headers.checked);
    save();
  });
  const copy = control('vscode-button', 'copy', 'Copy');
  copy.setAttribute('secondary', '');
  copy.title = 'Copy the selected cells (Ctrl+C in the grid); Ctrl+A selects every row';
  copy.addEventListener('click', () => copySelection());
  const exportButton = control('vscode-button', 'export', 'Export…');
  exportButton.setAttribute('secondary', '');
  exportButton.title = 'Save the whole result as CSV, JSON lines or Parquet';
  exportButton.addEventListener('click', () => vscode.postMessage({ type: 'export', runId: message.runId }));
  // While the rest of the result arrives, the rows cannot be filtered or exported yet.
  for (const c of [filter, exportButton]) c.toggleAttribute('disabled', partialShown);
  const pin = control('vscode-button', 'pin', 'Pin');
  pin.setAttribute('secondary', '');
  pin.addEventListener('click', () => vscode.postMessage({ type: 'pin', runId: message.runId, pinned: pin.getAttribute('aria-pressed') !== 'true' }));
  pinButton = pin;
  showPinned(pinnedNow);
  bar.append(filter, el('span', 'spacer'), format, headers, copy, exportButton, pin);
}

function showPinned(pinned: boolean): void {
  pinnedNow = pinned;
  if (!pinButton) return;
  pinButton.setAttribute('aria-pressed', String(pinned));
  pinButton.textContent = pinned ? 'Pinned' : 'Pin';
  pinButton.title = pinned ? 'Pinned: the next result opens in a new tab. Click to unpin.' : 'Keep this result: the next one opens in a new tab';
}

function copySelection(): void {
  const g = grid;
  if (!g) return;
  const ranges = g.selectedRanges();
  if (ranges.length) vscode.postMessage({ type: 'copy', runId: shownRunId, format: copyFormat, headers: copyHeaders, ranges });
}

/** The detail pane: one cell's whole value, JSON laid out, under the grid. */
function showDetail(row: number, column: number, value: Cell | undefined): void {
  const g = grid;
  const pane = app.querySelector<HTMLElement>('.detail');
  if (!g || !pane) return;
  const c = g.columns[column];
  const title = el('div', 'detail-title');
  title.append(el('span', 'col-name', c?.name ?? ''), el('span', 'col-type', ` ${c?.type ?? ''}`), el('span', 'detail-row', ` · row ${formatCount(row + 1)}`));
  const close = control('vscode-button', 'detail-close', 'Close');
  close.setAttribute('secondary', '');
  close.addEventListener('click', () => {
    pane.hidden = true;
    g.resize();
  });
  title.append(close);
  let body: string;
  let cls = 'detail-value';
  if (value === undefined) body = 'Loading…';
  else if (value === null) {
    body = 'NULL';
    cls += ' null';
  } else {
    body = String(value);
    const t = body.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        body = JSON.stringify(JSON.parse(body), null, 2);
      } catch {
        /* not JSON: shown as it is */
      }
    }
  }
  pane.replaceChildren(title, el('pre', cls, body));
  pane.hidden = false;
  g.resize();
}

function showResult(message: Extract<HostMessage, { type: 'result' }>): void {
  pinButton = undefined;
  viewFilter = '';
  pinnedNow = message.pinned === true;
  const host = el('div', 'results-grid');
  const detail = el('section', 'detail');
  detail.hidden = true;
  detail.setAttribute('aria-label', 'Cell value');
  app.append(metaLine(message), toolbar(message), host, detail);
  const runId = message.runId;
  partialShown = message.partial === true;
  grid = new ResultGrid(
    host,
    message.columns,
    message.rowCount,
    message.rows,
    {
      window: (seq, offset, count) => vscode.postMessage({ type: 'window', runId, seq, offset, count }),
      sort: (column, descending) => {
        restoreRow = undefined;
        setBusy('Sorting…');
        vscode.postMessage({ type: 'sort', runId, column, descending });
      },
      copy: copySelection,
      detail: showDetail,
    },
    nonce,
    partialShown,
  );
  // Back where it was when the panel was hidden and shown again.
  restoreRow = saved?.runId === runId && saved.topRow > 0 ? saved.topRow : undefined;
  if (restoreRow !== undefined) grid.scrollTo(restoreRow);
  save();
  vscode.postMessage({ type: 'rendered', runId, rowCount: message.rowCount, columnCount: message.columns.length, partial: partialShown });
}

/** The whole result of the partial one on screen: its count and figures, and sort, filter and export. */
function completeResult(message: Extract<HostMessage, { type: 'result' }>): void {
  partialShown = false;
  grid?.complete(message.rowCount);
  app.querySelector('.status')?.replaceWith(metaLine(message));
  for (const c of app.querySelectorAll('.toolbar .filter, .toolbar .export')) c.removeAttribute('disabled');
  vscode.postMessage({ type: 'rendered', runId: message.runId, rowCount: message.rowCount, columnCount: message.columns.length, partial: false });
}

// The scroll position is saved once a frame while it changes: a tab hidden just after a scroll
// loses its page at once, so a later save would never run.
let saveFrame = 0;
document.addEventListener(
  'scroll',
  () => {
    if (!saveFrame) {
      saveFrame = requestAnimationFrame(() => {
        saveFrame = 0;
        save();
      });
    }
  },
  { capture: true, passive: true },
);
// The user takes over from a pending restore.
for (const type of ['wheel', 'mousedown', 'keydown', 'touchstart']) {
  document.addEventListener(type, () => (restoreRow = undefined), { capture: true, passive: true });
}
window.addEventListener('resize', () => {
  grid?.resize();
  // A page laid out late (a webview made while its panel had no size yet) could not scroll there before.
  if (grid && restoreRow !== undefined) grid.scrollTo(restoreRow);
});
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) render(message);
});
vscode.postMessage({ type: 'ready' });
