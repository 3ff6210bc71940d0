/**
 * The results panel protocol: every message between the extension host and the results webview.
 * Types and runtime guards only; the webview bundle imports this file (and `format.ts`) and nothing else of `src`.
 */

/** A result's cell wherever it goes (engines, store, host, webview, clipboard): JSON-safe, NULL distinct from ''. The one cell type. */
export type Cell = string | number | boolean | null;

export interface ResultColumn {
  readonly name: string;
  readonly type: string;
}

/** Rows [fromRow, toRow] × result columns [fromColumn, toColumn] of the result's current view. */
export interface CellRange {
  readonly fromRow: number;
  readonly toRow: number;
  readonly fromColumn: number;
  readonly toColumn: number;
}

export const COPY_FORMATS = ['tsv', 'csv', 'json', 'markdown'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];
/** The most ranges one copy may name (a selection is one range; Ctrl-clicks add more). */
export const MAX_COPY_RANGES = 64;

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'running'; readonly runId: number; readonly statement: string }
  | {
      readonly type: 'result';
      readonly runId: number;
      readonly statement: string;
      readonly engine: string;
      readonly columns: readonly ResultColumn[];
      /** The first rows; the rest stay in the host and are asked for a window at a time. */
      readonly rows: readonly (readonly Cell[])[];
      /** Rows in the whole result (the host holds them all); while `partial`, the rows so far. */
      readonly rowCount: number;
      /**
       * The first rows, shown while the rest is still arriving: `more` messages give the count as it
       * grows, and the whole result (the same run, not partial) follows. Sort, filter and export wait.
       */
      readonly partial?: boolean;
      readonly truncated: boolean;
      readonly elapsedMs: number;
      /** Bytes the engine read, by Athena's billing model, when it knows. */
      readonly bytesScanned?: number;
      /** What those bytes cost (USD). */
      readonly costUsd?: number;
      /** The estimate made before the run, for comparison. */
      readonly estimatedBytes?: number;
      readonly estimateUpperBound?: boolean;
      /** Those figures as the header shows them, formatted by the host ("190 KB scanned ($0.000048) · estimated ≈ 190 KB"). */
      readonly figures?: string;
      /** The engine's id for the execution (Athena's QueryExecutionId). */
      readonly queryId?: string;
      /** The execution's page in the Athena console. */
      readonly consoleUrl?: string;
      /** The tab is pinned: the next result opens in another tab. */
      readonly pinned?: boolean;
    }
  /** The tab was pinned or unpinned. */
  | { readonly type: 'pinned'; readonly runId: number; readonly statement: string; readonly pinned: boolean }
  | { readonly type: 'error'; readonly runId: number; readonly statement: string; readonly message: string; readonly cancelled: boolean }
  /** The result's view changed (sorted or filtered in the host): its row count and first rows. */
  | {
      readonly type: 'view';
      readonly runId: number;
      readonly statement: string;
      readonly viewCount: number;
      readonly rows: readonly (readonly Cell[])[];
      readonly filter: string;
      readonly sortColumn?: number;
      readonly descending: boolean;
    }
  /** More rows of a partial result have arrived: it has `rowCount` so far. */
  | { readonly type: 'more'; readonly runId: number; readonly statement: string; readonly rowCount: number }
  /** A window of rows the webview asked for (`seq` echoes its request). */
  | { readonly type: 'rows'; readonly runId: number; readonly statement: string; readonly seq: number; readonly offset: number; readonly rows: readonly (readonly Cell[])[] };

/** The most rows one window request may ask for. */
export const MAX_WINDOW_ROWS = 1000;
/** The longest filter text the host accepts. */
export const MAX_FILTER_CHARS = 1000;
/**
 * Rows per window: the host sends the first window with the result, the webview asks for the
 * others a window at a time. One number for both sides, or rows stay blank.
 */
export const WINDOW_ROWS = 200;

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** The webview has put a result on screen (lets the host and tests know what the user sees); `partial`: its first rows, the rest still arriving. */
  | { readonly type: 'rendered'; readonly runId: number; readonly rowCount: number; readonly columnCount: number; readonly partial: boolean }
  /** Sort the whole result by a column (null: arrival order). */
  | { readonly type: 'sort'; readonly runId: number; readonly column: number | null; readonly descending: boolean }
  /** Keep the rows in which some cell contains the text ('' keeps all). */
  | { readonly type: 'filter'; readonly runId: number; readonly text: string }
  /** Rows [offset, offset + count) of a result, for the rows scrolled into view. */
  | { readonly type: 'window'; readonly runId: number; readonly seq: number; readonly offset: number; readonly count: number }
  /** Copy cells of the whole result's view to the clipboard (the host reads them; none cross here). */
  | { readonly type: 'copy'; readonly runId: number; readonly format: CopyFormat; readonly headers: boolean; readonly ranges: readonly CellRange[] }
  /** Export the whole result to a file (the host asks where and in which format). */
  | { readonly type: 'export'; readonly runId: number }
  /** Keep this tab's result when the next one arrives (or stop keeping it). */
  | { readonly type: 'pin'; readonly runId: number; readonly pinned: boolean };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isCell = (v: unknown): v is Cell =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Accepts exactly the messages the webview may send; anything else is ignored by the host. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return Object.keys(raw).length === 1 ? { type: 'ready' } : undefined;
    case 'rendered':
      if (isCount(raw.runId) && isCount(raw.rowCount) && isCount(raw.columnCount) && typeof raw.partial === 'boolean' && Object.keys(raw).length === 5) {
        return { type: 'rendered', runId: raw.runId, rowCount: raw.rowCount, columnCount: raw.columnCount, partial: raw.partial };
      }
      return undefined;
    case 'sort':
      if (isCount(raw.runId) && (raw.column === null || isCount(raw.column)) && typeof raw.descending === 'boolean' && Object.keys(raw).length === 4) {
        return { type: 'sort', runId: raw.runId, column: raw.column, descending: raw.descending };
      }
      return undefined;
    case 'filter':
      if (isCount(raw.runId) && typeof raw.text === 'string' && raw.text.length <= MAX_FILTER_CHARS && Object.keys(raw).length === 3) {
        return { type: 'filter', runId: raw.runId, text: raw.text };
      }
      return undefined;
    case 'window':
      if (isCount(raw.runId) && isCount(raw.seq) && isCount(raw.offset) && isCount(raw.count) && raw.count <= MAX_WINDOW_ROWS && Object.keys(raw).length === 5) {
        return { type: 'window', runId: raw.runId, seq: raw.seq, offset: raw.offset, count: raw.count };
      }
      return undefined;
    case 'copy': {
      if (!isCount(raw.runId) || !COPY_FORMATS.includes(raw.format as CopyFormat) || typeof raw.headers !== 'boolean' || Object.keys(raw).length !== 5) return undefined;
      const ranges = parseRanges(raw.ranges);
      return ranges ? { type: 'copy', runId: raw.runId, format: raw.format as CopyFormat, headers: raw.headers, ranges } : undefined;
    }
    case 'export':
      return isCount(raw.runId) && Object.keys(raw).length === 2 ? { type: 'export', runId: raw.runId } : undefined;
    case 'pin':
      return isCount(raw.runId) && typeof raw.pinned === 'boolean' && Object.keys(raw).length === 3 ? { type: 'pin', runId: raw.runId, pinned: raw.pinned } : undefined;
    default:
      return undefined;
  }
}

function parseRanges(v: unknown): CellRange[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_COPY_RANGES) return undefined;
  const ranges: CellRange[] = [];
  for (const r of v) {
    if (!isObject(r) || Object.keys(r).length !== 4) return undefined;
    const { fromRow, toRow, fromColumn, toColumn } = r;
    if (!isCount(fromRow) || !isCount(toRow) || !isCount(fromColumn) || !isCount(toColumn) || toRow < fromRow || toColumn < fromColumn) return undefined;
    ranges.push({ fromRow, toRow, fromColumn, toColumn });
  }
  return ranges;
}

/** The Athena console's page for a query execution (the only link a result carries). */
export function isConsoleUrl(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 512 && /^https:\/\/([a-z0-9-]+\.)?console\.aws\.amazon\.com\/athena\/home\?region=[a-z0-9-]+#\/query-editor\/history\/[A-Za-z0-9-]+$/.test(v);
}

function parseColumns(v: unknown): ResultColumn[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const columns: ResultColumn[] = [];
  for (const c of v) {
    if (!isObject(c) || typeof c.name !== 'string' || typeof c.type !== 'string') return undefined;
    columns.push({ name: c.name, type: c.type });
  }
  return columns;
}

function parseRows(v: unknown, width: number): Cell[][] | undefined {
  if (!Array.isArray(v)) return undefined;
  for (const row of v) {
    if (!Array.isArray(row) || row.length !== width || !row.every(isCell)) return undefined;
  }
  return v as Cell[][];
}

/** The webview validates what it receives too: a host bug must not become a broken page. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isObject(raw) || !isCount(raw.runId) || typeof raw.statement !== 'string') return undefined;
  const { runId, statement } = raw;
  switch (raw.type) {
    case 'running':
      return { type: 'running', runId, statement };
    case 'pinned':
      return typeof raw.pinned === 'boolean' ? { type: 'pinned', runId, statement, pinned: raw.pinned } : undefined;
    case 'error':
      if (typeof raw.message !== 'string' || typeof raw.cancelled !== 'boolean') return undefined;
      return { type: 'error', runId, statement, message: raw.message, cancelled: raw.cancelled };
    case 'view': {
      if (!isCount(raw.viewCount) || typeof raw.filter !== 'string' || typeof raw.descending !== 'boolean' || !Array.isArray(raw.rows)) return undefined;
      if (raw.sortColumn !== undefined && !isCount(raw.sortColumn)) return undefined;
      const width = Array.isArray(raw.rows[0]) ? (raw.rows[0] as unknown[]).length : 0;
      const rows = parseRows(raw.rows, width);
      if (!rows) return undefined;
      return { type: 'view', runId, statement, viewCount: raw.viewCount, rows, filter: raw.filter, descending: raw.descending, ...(raw.sortColumn !== undefined ? { sortColumn: raw.sortColumn } : {}) };
    }
    case 'more':
      return isCount(raw.rowCount) ? { type: 'more', runId, statement, rowCount: raw.rowCount } : undefined;
    case 'rows': {
      if (!isCount(raw.seq) || !isCount(raw.offset) || !Array.isArray(raw.rows)) return undefined;
      const width = Array.isArray(raw.rows[0]) ? (raw.rows[0] as unknown[]).length : 0;
      const rows = parseRows(raw.rows, width);
      return rows ? { type: 'rows', runId, statement, seq: raw.seq, offset: raw.offset, rows } : undefined;
    }
    case 'result': {
      const columns = parseColumns(raw.columns);
      if (!columns || typeof raw.engine !== 'string' || typeof raw.truncated !== 'boolean' || !isCount(raw.rowCount)) return undefined;
      if (typeof raw.elapsedMs !== 'number' || !Number.isFinite(raw.elapsedMs)) return undefined;
      const rows = parseRows(raw.rows, columns.length);
      if (!rows) return undefined;
      const base = { type: 'result' as const, runId, statement, engine: raw.engine, columns, rows, rowCount: raw.rowCount, truncated: raw.truncated, elapsedMs: raw.elapsedMs };
      if (raw.bytesScanned !== undefined && !isCount(raw.bytesScanned)) return undefined;
      if (raw.estimatedBytes !== undefined && !isCount(raw.estimatedBytes)) return undefined;
      if (raw.costUsd !== undefined && (typeof raw.costUsd !== 'number' || !Number.isFinite(raw.costUsd) || raw.costUsd < 0)) return undefined;
      if (raw.estimateUpperBound !== undefined && typeof raw.estimateUpperBound !== 'boolean') return undefined;
      if (raw.queryId !== undefined && (typeof raw.queryId !== 'string' || raw.queryId.length > 200)) return undefined;
      if (raw.consoleUrl !== undefined && !isConsoleUrl(raw.consoleUrl)) return undefined;
      if (raw.pinned !== undefined && typeof raw.pinned !== 'boolean') return undefined;
      if (raw.figures !== undefined && (typeof raw.figures !== 'string' || raw.figures.length > 300)) return undefined;
      if (raw.partial !== undefined && typeof raw.partial !== 'boolean') return undefined;
      return {
        ...base,
        ...(raw.bytesScanned !== undefined ? { bytesScanned: raw.bytesScanned } : {}),
        ...(raw.costUsd !== undefined ? { costUsd: raw.costUsd } : {}),
        ...(raw.estimatedBytes !== undefined ? { estimatedBytes: raw.estimatedBytes } : {}),
        ...(raw.estimateUpperBound !== undefined ? { estimateUpperBound: raw.estimateUpperBound } : {}),
        ...(raw.queryId !== undefined ? { queryId: raw.queryId } : {}),
        ...(raw.consoleUrl !== undefined ? { consoleUrl: raw.consoleUrl } : {}),
        ...(raw.pinned !== undefined ? { pinned: raw.pinned } : {}),
        ...(raw.figures !== undefined ? { figures: raw.figures } : {}),
        ...(raw.partial ? { partial: true } : {}),
      };
    }
    default:
      return undefined;
  }
}
