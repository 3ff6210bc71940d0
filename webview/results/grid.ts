import { SlickCellSelectionModel, SlickRange, type CustomDataView, type FormatterResultWithText } from 'slickgrid';
import { WINDOW_ROWS, type Cell, type CellRange, type ResultColumn } from '../../src/shared/protocol';
import { JumpAwareGrid, ROW_HEIGHT, type GridColumn, type Item } from './jumpAwareGrid';

/** Rows per window asked of the host (the host sends the first one with the result): the protocol's. */
export const BLOCK = WINDOW_ROWS;
/** Windows kept in the webview; the farthest from the rows in view are dropped first. */
const KEPT_BLOCKS = 40;
/** Characters of a value drawn in a cell; the detail pane shows all of it. */
const CELL_CHARS = 500;
/** A value longer than this gets its start as the cell's tooltip. */
const TOOLTIP_ABOVE = 40;

const NUMERIC = /^(tinyint|smallint|int|integer|bigint|real|double|float|decimal)\b/;
const STRUCTURED = /^(json|array|map|row|struct)\b/;

type Row = readonly Cell[];

export interface GridEvents {
  /** Rows [offset, offset + count) are needed; `seq` identifies the request. */
  window(seq: number, offset: number, count: number): void;
  /** A header was clicked: sort by it (null: arrival order). */
  sort(column: number | null, descending: boolean): void;
  /** Copy the selection (or the active cell). */
  copy(): void;
  /** Show a cell's whole value. */
  detail(row: number, column: number, value: Cell | undefined): void;
}

/** The rows of a result held in the webview: windows from the host, kept near the rows in view. */
class RemoteRows {
  private blocks = new Map<number, readonly Row[]>();
  private readonly pending = new Map<number, number>();
  private seq = 0;
  centre = 0;

  constructor(
    public length: number,
    first: readonly Row[],
    private readonly width: number,
    private readonly ask: (seq: number, offset: number, count: number) => void,
  ) {
    this.blocks.set(0, first);
  }

  getLength(): number {
    return this.length;
  }

  getItem(i: number): Row | undefined {
    return this.blocks.get(Math.floor(i / BLOCK))?.[i % BLOCK];
  }

  getItemMetadata(): null {
    return null;
  }

  /** Starts again with a new view of the result (sorted or filtered in the host). */
  reset(length: number, first: readonly Row[]): void {
    this.length = length;
    this.blocks = new Map([[0, first]]);
    this.pending.clear();
  }

  /** Asks for the windows of rows [top, bottom] not held or asked for yet. */
  ensure(top: number, bottom: number): void {
    this.centre = Math.floor(top / BLOCK);
    for (let b = Math.floor(Math.max(0, top) / BLOCK); b <= Math.floor(Math.min(bottom, this.length - 1) / BLOCK); b++) {
      if (this.pending.has(b) || this.holds(b)) continue;
      const seq = ++this.seq;
      this.pending.set(b, seq);
      this.ask(seq, b * BLOCK, BLOCK);
    }
  }

  /** Whether block `b` is held whole: a block cut short by the end of a result still arriving is asked for again once more rows exist. */
  private holds(b: number): boolean {
    const rows = this.blocks.get(b);
    return rows !== undefined && (rows.length === BLOCK || b * BLOCK + rows.length >= this.length);
  }

  /** A window from the host; returns the rows it fills, or undefined when it is stale. */
  receive(seq: number, offset: number, rows: readonly Row[]): { from: number; to: number } | undefined {
    if (offset % BLOCK !== 0) return undefined;
    const block = offset / BLOCK;
    if (this.pending.get(block) !== seq) return undefined;
    this.pending.delete(block);
    if (rows.some((r) => r.length !== this.width)) return undefined;
    this.blocks.set(block, rows);
    if (this.blocks.size > KEPT_BLOCKS) {
      const centre = this.centre;
      const farthest = [...this.blocks.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))[0];
      if (farthest !== undefined && farthest !== block) this.blocks.delete(farthest);
    }
    return { from: offset, to: offset + rows.length - 1 };
  }
}

function text(value: Cell): string {
  return typeof value === 'string' ? value : String(value);
}

/** A cell's content: always text (SlickGrid's HTML rendering is off), NULL marked apart from ''. */
function formatCell(_row: number, _cell: number, value: Cell | undefined): FormatterResultWithText | string {
  if (value === undefined) return '';
  if (value === null) return { text: 'NULL', addClasses: 'null' };
  if (value === '') return { text: '', addClasses: 'empty' };
  const s = text(value);
  if (s.length <= TOOLTIP_ABOVE) return s;
  return { text: s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS)}…` : s, toolTip: s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS)}…` : s };
}

function header(c: ResultColumn): HTMLElement {
  const wrap = document.createElement('span');
  wrap.className = 'col-head';
  const name = document.createElement('span');
  name.className = 'col-name';
  name.textContent = c.name;
  const type = document.createElement('span');
  type.className = 'col-type';
  type.textContent = c.type;
  wrap.append(name, type);
  return wrap;
}

/** Characters a value of the type usually needs, whatever the first rows hold. */
function typicalChars(type: string): number {
  if (/^(bigint|decimal|double|real)/.test(type)) return 12;
  if (/^(integer|int|smallint|tinyint)/.test(type)) return 8;
  if (/^date$/.test(type)) return 10;
  if (/^timestamp/.test(type)) return 23;
  if (/^boolean/.test(type)) return 5;
  return 12;
}

/** A first width from the header, the type and the first rows' values, in px (resizable after). */
function guessWidth(c: ResultColumn, index: number, rows: readonly Row[]): number {
  let chars = Math.max(c.name.length, c.type.length, typicalChars(c.type));
  for (let r = 0; r < Math.min(rows.length, 100); r++) {
    const v = rows[r]?.[index];
    chars = Math.max(chars, v === null || v === undefined ? 4 : Math.min(60, text(v).length + 2));
  }
  return Math.min(480, Math.round(chars * 8 + 24));
}

/** Rows asked of the host ahead of a scroll, beyond those drawn: the next window arrives before it is seen. */
const PREFETCH = BLOCK / 2;

/**
 * The results grid: SlickGrid over rows that stay in the extension host. Only the rows in view are
 * drawn; windows the grid has not got are asked for and drawn as placeholders until they arrive.
 */
export class ResultGrid {
  private readonly grid: JumpAwareGrid;
  private readonly rows: RemoteRows;
  private readonly selection = new SlickCellSelectionModel();
  sortColumn: number | undefined;
  descending = false;

  /**
   * Whether headers sort: not while the result is still arriving (`partial`); `grow` and
   * `complete` follow it.
   */
  private sortable: boolean;

  constructor(
    private readonly container: HTMLElement,
    readonly columns: readonly ResultColumn[],
    rowCount: number,
    first: readonly Row[],
    private readonly events: GridEvents,
    nonce: string,
    partial = false,
  ) {
    this.sortable = !partial;
    this.rows = new RemoteRows(rowCount, first, columns.length, (seq, offset, count) => events.window(seq, offset, count));
    const rowNumbers: GridColumn = {
      id: '#',
      name: '#',
      field: '#',
      // Room for a count still growing: two more digits.
      width: Math.max(48, (String(rowCount).length + (partial ? 2 : 0)) * 9 + 24),
      resizable: false,
      sortable: false,
      selectable: false,
      focusable: false,
      cssClass: 'row-number',
      headerCssClass: 'row-number',
      formatter: (row) => String(row + 1),
    };
    const cols: GridColumn[] = columns.map((c, i) => ({
      id: `c${i}`,
      name: header(c),
      field: String(i),
      width: guessWidth(c, i, first),
      minWidth: 40,
      sortable: true,
      resizable: true,
      cssClass: NUMERIC.test(c.type) ? 'num' : STRUCTURED.test(c.type) ? 'structured' : '',
      formatter: formatCell as NonNullable<GridColumn['formatter']>,
    }));
    this.grid = new JumpAwareGrid(container, this.rows as unknown as CustomDataView<Item>, [rowNumbers, ...cols], {
      rowHeight: ROW_HEIGHT,
      headerRowHeight: 0,
      enableCellNavigation: true,
      enableColumnReorder: false,
      enableHtmlRendering: false,
      enableTextSelectionOnCells: false,
      editable: false,
      forceFitColumns: false,
      multiColumnSort: false,
      // Render in the scroll event itself: SlickGrid's throttled renders run between frames and
      // make the next scroll wait for a forced layout.
      forceSyncScrolling: true,
      nonce,
      // The value of a column is the row's element at the column's index.
      dataItemColumnValueExtractor: (item: Item, column: GridColumn) => (item ? (item as unknown as Row)[Number(column.field)] : undefined),
    });
    // Before the selection model's own keys: its Ctrl+A would start at the row-number column,
    // which cannot be selected, and select nothing.
    this.grid.onKeyDown.subscribe((e) => {
      const event = e.getNativeEvent<KeyboardEvent>() ?? (e as unknown as KeyboardEvent);
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === 'c') {
        this.events.copy();
        e.preventDefault();
        e.stopImmediatePropagation();
      } else if (mod && event.key.toLowerCase() === 'a') {
        this.selectRows(0, this.rows.length - 1);
        e.preventDefault();
        e.stopImmediatePropagation();
      } else if (event.key === 'Enter') {
        const active = this.grid.getActiveCell();
        if (active && active.cell > 0) this.events.detail(active.row, active.cell - 1, this.rows.getItem(active.row)?.[active.cell - 1]);
      }
    });
    this.grid.setSelectionModel(this.selection);
    this.grid.onViewportChanged.subscribe(() => this.ensureVisible());
    this.grid.onSort.subscribe((_e, args) => {
      if (!('sortCol' in args) || !args.sortCol) return;
      this.cycleSort(Number(String(args.sortCol.id).slice(1)));
    });
    // Headers sort from the keyboard too: Tab to one, then Enter or Space.
    container.querySelectorAll<HTMLElement>('.slick-header-column').forEach((head, i) => {
      if (i === 0) return; // the row numbers
      head.tabIndex = 0;
      head.setAttribute('aria-sort', 'none');
      head.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        event.stopPropagation();
        this.cycleSort(i - 1);
      });
    });
    this.grid.onClick.subscribe((_e, args) => {
      if (args.cell === 0) this.selectRows(args.row, args.row);
    });
    this.grid.onDblClick.subscribe((_e, args) => {
      if (args.cell > 0) this.events.detail(args.row, args.cell - 1, this.rows.getItem(args.row)?.[args.cell - 1]);
    });
    this.ensureVisible();
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** The selected ranges in result columns (the row-number column left out), or the active cell. */
  selectedRanges(): CellRange[] {
    const last = this.columns.length - 1;
    const ranges = this.selection
      .getSelectedRanges()
      .map((r: SlickRange) => ({ fromRow: r.fromRow, toRow: r.toRow, fromColumn: Math.max(0, r.fromCell - 1), toColumn: Math.min(last, r.toCell - 1) }))
      .filter((r) => r.toColumn >= r.fromColumn && r.toRow >= r.fromRow);
    if (ranges.length) return ranges;
    const active = this.grid.getActiveCell();
    return active && active.cell > 0 ? [{ fromRow: active.row, toRow: active.row, fromColumn: active.cell - 1, toColumn: active.cell - 1 }] : [];
  }

  /** Selects whole rows [from, to] (every result column). */
  selectRows(from: number, to: number): void {
    if (this.rows.length === 0) return;
    this.selection.setSelectedRanges([new SlickRange(from, 1, to, this.columns.length)]);
  }

  /**
   * A window arrived from the host: its rows are drawn in the next frame, with any other window
   * that arrived meanwhile (drawing between frames would make the next scroll wait for a layout).
   */
  receive(seq: number, offset: number, rows: readonly Row[]): void {
    const filled = this.rows.receive(seq, offset, rows);
    if (!filled) return;
    this.arrived.push(filled);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.drawArrived());
  }

  private arrived: { from: number; to: number }[] = [];
  private frame = 0;

  private drawArrived(): void {
    this.frame = 0;
    const range = this.grid.getRenderedRange();
    const changed: number[] = [];
    for (const filled of this.arrived.splice(0)) {
      for (let r = Math.max(filled.from, range.top); r <= Math.min(filled.to, range.bottom); r++) changed.push(r);
    }
    if (!changed.length) return;
    this.grid.drawRows(changed);
  }

  /** The host sorted or filtered the whole result: start again from its first rows. */
  reset(viewCount: number, first: readonly Row[], sortColumn: number | undefined, descending: boolean): void {
    this.rows.reset(viewCount, first);
    this.selection.setSelectedRanges([]);
    this.showSort(sortColumn, descending);
    this.grid.updateRowCount();
    this.grid.invalidate();
    this.grid.scrollRowToTop(0);
    this.ensureVisible();
  }

  /** More rows of a result still arriving: the grid grows to `rowCount`, and draws what is now in view. */
  grow(rowCount: number): void {
    if (rowCount <= this.rows.length) return;
    this.rows.length = rowCount;
    this.grid.updateRowCount();
    this.grid.render();
    this.ensureVisible();
  }

  /** Every row has arrived: the grid has them all, and its headers sort. */
  complete(rowCount: number): void {
    this.grow(rowCount);
    this.sortable = true;
  }

  /** A header was clicked (or pressed): ascending, then descending, then back to arrival order. The host sorts. */
  private cycleSort(column: number): void {
    if (!this.sortable) {
      // Still arriving: the header keeps showing arrival order.
      this.showSort(this.sortColumn, this.descending);
      return;
    }
    const next = this.sortColumn !== column ? { column, descending: false } : !this.descending ? { column, descending: true } : { column: null, descending: false };
    // SlickGrid has already shown its own idea of the sort: the header keeps the current one until the host's view arrives.
    this.showSort(this.sortColumn, this.descending);
    this.events.sort(next.column, next.descending);
  }

  private showSort(column: number | undefined, descending: boolean): void {
    this.sortColumn = column;
    this.descending = descending;
    this.grid.setSortColumns(column === undefined ? [] : [{ columnId: `c${column}`, sortAsc: !descending }]);
    this.container.querySelectorAll<HTMLElement>('.slick-header-column').forEach((head, i) => {
      if (i > 0) head.setAttribute('aria-sort', column === i - 1 ? (descending ? 'descending' : 'ascending') : 'none');
    });
  }

  /** The first row in view (to restore the scroll position after a reload). */
  get topRow(): number {
    return this.grid.getViewport().top;
  }

  scrollTo(row: number): void {
    this.grid.scrollRowToTop(Math.max(0, Math.min(row, this.rows.length - 1)));
  }

  /** The held value of a cell (undefined while its window is loading). */
  value(row: number, column: number): Cell | undefined {
    return this.rows.getItem(row)?.[column];
  }

  resize(): void {
    this.grid.resizeCanvas();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.grid.destroy(true);
  }

  private lastTop = 0;

  private ensureVisible(): void {
    const range = this.grid.getRenderedRange();
    // Scrolling on (not jumping): the next window is asked for before it comes into view.
    const stepping = Math.abs(range.top - this.lastTop) < BLOCK;
    this.lastTop = range.top;
    const direction = stepping ? this.grid.scrollDirection : 0;
    this.rows.ensure(range.top - (direction < 0 ? PREFETCH : 0), range.bottom + (direction > 0 ? PREFETCH : 0));
  }
}
