import { SlickGrid, type Column, type GridOption } from 'slickgrid';
import { FastRows, type FastColumn, type PaintedCell } from './fastRows';

/** Row height in CSS pixels (fixed, so SlickGrid places rows by arithmetic). */
export const ROW_HEIGHT = 22;

/** SlickGrid types its items as objects keyed by field; ours are arrays indexed by the column's position. */
export type Item = Record<string, string>;
export type GridColumn = Column<Item>;

/**
 * SlickGrid with three changes for fast scrolling over a remote million rows:
 * - it draws only a few rows beyond the visible ones at first and after a jump (a scrollbar drag):
 *   its usual buffer of a whole screen in the scroll direction doubles the rows made on every
 *   frame of a fast scroll, and they would be thrown away on the next;
 * - it recycles rows: a row that leaves the rendered range keeps its element and cells, and the
 *   next row drawn refills them (classes, text, tooltip) instead of building an element per cell.
 *   A sweep to a new screen then changes text, not the document's structure;
 * - a scroll that brings half a screen of new rows or more per frame draws them on a canvas over
 *   the viewport (FastRows), and the rows are drawn in the document once it slows or stops.
 * The recycled path covers this grid's use of SlickGrid (no frozen rows or columns, no spans, no
 * editors, fixed row height); SlickGrid's own path still builds any row it cannot recycle.
 */
export class JumpAwareGrid extends SlickGrid<Item, GridColumn, GridOption<GridColumn>> {
  // SlickGrid's constructor renders before a subclass's fields are initialised, so these are
  // declared (no initialiser that would run after it) and made on first use.
  /** Rows taken out of the rendered range, with their cells by column; reused by the next render. */
  declare private spareRows: SpareRow[] | undefined;
  /** One row's elements, cloned for a row that has no spare to reuse. */
  declare private template: HTMLElement | undefined;

  private get spare(): SpareRow[] {
    return (this.spareRows ??= []);
  }

  private set spare(rows: SpareRow[]) {
    this.spareRows = rows;
  }

  /**
   * The tallest canvas the browser lays out. SlickGrid finds it by doubling a test element up to
   * 1e9 px, a layout each time; VS Code's Chromium takes about 33.5 M px, so it is given.
   */
  protected override getMaxSupportedCssHeight(): number {
    return 32_000_000;
  }

  /** Rows drawn on a canvas while a scroll brings a screen of new rows per frame. */
  declare private fast: FastRows | undefined;
  /** Whether the render running was asked for by a scroll. */
  declare private scrolling: boolean | undefined;
  /** The scroll position the canvas last drew. */
  declare private fastTop: number | undefined;
  declare private settleTimer: ReturnType<typeof setTimeout> | undefined;

  protected override _handleScroll(eventType?: 'mousewheel' | 'scroll' | 'system'): boolean {
    this.scrolling = true;
    try {
      return super._handleScroll(eventType);
    } finally {
      this.scrolling = false;
    }
  }

  /**
   * A scroll that moves half a screen or more since the rows last drawn draws them on the canvas
   * (see FastRows); the rows are drawn in the document again once the scroll slows (a smaller
   * step) or stops for a moment, or when anything else renders (a key moving the active cell
   * needs its cell in the document).
   */
  override render(): void {
    if (!this.initialized) return;
    const shown = this.fast?.shown === true;
    const from = shown ? (this.fastTop ?? this.lastRenderedScrollTop) : this.lastRenderedScrollTop;
    const jump = this.scrolling === true && Math.abs(this.scrollTop - from) >= this.viewportH / 2;
    if (jump && this.recyclable() && !this.columns.some((c) => c.hidden)) {
      // Made at the first fast scroll: a canvas context is not free, and most results never need it.
      const fast = (this.fast ??= new FastRows(this._container, this._canvasTopL));
      if (fast.available) {
        this.paintFast(fast);
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
        return;
      }
    }
    if (shown) this.settle();
    else super.render();
  }

  /** Rows whose values arrived: repainted on the canvas while it shows, else drawn in the document. */
  drawRows(rows: number[]): void {
    this.invalidateRows(rows);
    if (this.fast?.shown) this.paintFast(this.fast);
    else this.render();
  }

  /** The rows in the document again; the canvas hides in the same frame. */
  private settle(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    super.render();
    this.fast?.hide();
  }

  /** Draws the rows in view on the canvas. */
  private paintFast(fast: FastRows): void {
    const viewport = this._viewportScrollContainerY;
    const outer = this._container.getBoundingClientRect();
    const inner = viewport.getBoundingClientRect();
    const visible = this.getVisibleRange();
    const dataLength = this.getDataLength();
    const columns: FastColumn[] = this.columns.map((column, c) => ({
      x: this.columnPosLeft[c]! - this.scrollLeft,
      width: this.columnPosRight[c]! - this.columnPosLeft[c]!,
      kind: column.cssClass === 'row-number' ? 'row-number' : column.cssClass === 'num' ? 'num' : column.cssClass === 'structured' ? 'structured' : 'text',
    }));
    this.fastTop = this.scrollTop;
    fast.paint({
      box: { top: inner.top - outer.top + viewport.clientTop, left: inner.left - outer.left + viewport.clientLeft, width: viewport.clientWidth, height: viewport.clientHeight },
      rowHeight: this._options.rowHeight ?? ROW_HEIGHT,
      firstRow: visible.top,
      lastRow: Math.min(visible.bottom, dataLength - 1),
      rowY: (row) => this.getRowTop(row) - this.scrollTop,
      columns,
      row: (row) => {
        const item = this.getDataItem(row);
        if (!item) return undefined;
        return (c): PaintedCell => {
          const { content, classes } = this.cellContent(row, c, item);
          return { text: content, mark: classes.includes('null') ? 'null' : classes.includes('empty') ? 'empty' : '' };
        };
      },
      selected: (row, c) => this.isCellSelected(row, c),
    });
  }

  /** A cell's text, the classes its formatter adds, and its tooltip. */
  private cellContent(row: number, c: number, item: Item): { content: string; classes: string; tip: string } {
    const column = this.columns[c]!;
    const result = this.getFormatter(row, column)(row, c, this.getDataItemValueForColumn(item, column), column, item, this as never);
    if (typeof result === 'string') return { content: result, classes: '', tip: '' };
    if (result && typeof result === 'object' && 'text' in result) return { content: result.text ?? '', classes: result.addClasses ?? '', tip: result.toolTip ?? '' };
    if (typeof result === 'number' || typeof result === 'boolean') return { content: String(result), classes: '', tip: '' };
    return { content: '', classes: '', tip: '' };
  }

  override destroy(shouldDestroyAllElements?: boolean): void {
    clearTimeout(this.settleTimer);
    this.fast?.canvas.remove();
    super.destroy(shouldDestroyAllElements);
  }

  /**
   * The rows to draw: the visible ones, a few more in the direction of the scroll, and fewer after
   * a jump. SlickGrid's own buffer is a whole screen in the scroll direction, for renders that
   * lag the scroll; this grid renders in the scroll event, so those rows would only add to every
   * frame's layout and paint.
   */
  override getRenderedRange(viewportTop?: number, viewportLeft?: number): ReturnType<SlickGrid['getRenderedRange']> {
    const range = super.getRenderedRange(viewportTop, viewportLeft);
    const visible = this.getVisibleRange(viewportTop, viewportLeft);
    const first = this.rowsCache && Object.keys(this.rowsCache).length === 0;
    const jump = first || Math.abs(this.scrollTop - this.lastRenderedScrollTop) > this.viewportH;
    const ahead = jump ? JUMP_BUFFER : SCROLL_AHEAD;
    const up = this.vScrollDir === -1;
    return {
      ...range,
      top: Math.max(0, visible.top - (up ? ahead : JUMP_BUFFER)),
      bottom: Math.min(this.getDataLengthIncludingAddNew() - 1, visible.bottom + (up ? JUMP_BUFFER : ahead)),
    };
  }

  /** -1 when the last scroll went up, 1 down (0 before any). */
  get scrollDirection(): number {
    return this.vScrollDir;
  }

  /** Whether rows can be recycled: only with the options this grid uses (SlickGrid's own path handles the rest). */
  private recyclable(): boolean {
    return !this.hasFrozenRows && !this.hasFrozenColumns() && !this._options.enableCellRowSpan && !this._options.enableVariableRowHeight && !this._options.enableAsyncPostRenderCleanup;
  }

  protected override removeRowFromCache(row: number): void {
    const entry = this.rowsCache[row];
    const node = entry?.rowNode?.[0];
    const postProcessed = (this.postProcessedRows as Record<number, unknown>)[row];
    if (!entry || !node || entry.rowNode!.length !== 1 || !this.recyclable() || postProcessed) {
      super.removeRowFromCache(row);
      return;
    }
    this.ensureCellNodesInRowsCache(row);
    const cells = entry.cellNodesByColumnIdx;
    // A row whose cells were trimmed by a horizontal scroll is not reused.
    let whole = node.childElementCount === this.columns.length;
    for (let c = 0; whole && c < this.columns.length; c++) whole = cells[c]?.parentElement === node;
    if (!whole) {
      super.removeRowFromCache(row);
      return;
    }
    this.trigger(this.onBeforeRemoveCachedRow, { row });
    this.spare.push({ node, cells: cells.slice(0, this.columns.length) });
    // The render that follows reuses it in place; one that does not come leaves no stale row in the canvas.
    if (this.spare.length === 1) queueMicrotask(() => this.dropSpare(false));
    delete this.rowsCache[row];
    delete (this.postProcessedRows as Record<number, unknown>)[row];
    this.renderedRows--;
    this.counter_rows_removed++;
  }

  protected override renderRows(range: { top: number; bottom: number; leftPx: number; rightPx: number }): void {
    if (!this.recyclable() || this.columns.some((c) => c.hidden)) {
      this.dropSpare();
      super.renderRows(range);
      return;
    }
    const dataLength = this.getDataLength();
    const fresh = document.createDocumentFragment();
    let reselect = false;
    for (let row = range.top; row <= range.bottom; row++) {
      if (this.rowsCache[row]) continue;
      const reused = this.spare.pop() ?? this.newRow();
      const entry = this.createEmptyCachingRow();
      entry.rowNode = [reused.node];
      entry.cellNodesByColumnIdx = reused.cells;
      for (let c = 0; c < this.columns.length; c++) entry.cellColSpans[c] = 1;
      this.rowsCache[row] = entry;
      this.fillRow(reused.node, reused.cells, row, dataLength);
      if (!reused.node.parentElement) fresh.appendChild(reused.node);
      this.renderedRows++;
      this.counter_rows_rendered++;
      if (this.activeCellNode && this.activeRow === row) reselect = true;
    }
    if (fresh.childNodes.length) this._canvasTopL.appendChild(fresh);
    // Spare rows not needed by this render leave the document (kept for the next one).
    this.dropSpare(false);
    if (reselect) this.activeCellNode = this.getCellNode(this.activeRow, this.activeCell);
  }

  /** Takes the spare rows out of the canvas; `forget` also lets them go. */
  private dropSpare(forget = true): void {
    for (const s of this.spare) s.node.remove();
    if (forget) this.spare = [];
    else if (this.spare.length > MAX_SPARE) this.spare = this.spare.slice(-MAX_SPARE);
  }

  private newRow(): SpareRow {
    if (!this.template || this.template.childElementCount !== this.columns.length) {
      const row = document.createElement('div');
      row.setAttribute('role', 'row');
      for (const column of this.columns) {
        const cell = document.createElement('div');
        cell.setAttribute('role', 'gridcell');
        cell.tabIndex = -1;
        cell.setAttribute('aria-describedby', this.uid + column.id);
        row.appendChild(cell);
      }
      this.template = row;
    }
    const node = this.template.cloneNode(true) as HTMLElement;
    return { node, cells: Array.from(node.children) as HTMLElement[] };
  }

  /** Refills a row's element for `row`: the classes and values SlickGrid's appendRowHtml/appendCellHtml give. */
  private fillRow(node: HTMLElement, cells: HTMLElement[], row: number, dataLength: number): void {
    const item = this.getDataItem(row);
    const active = row === this.activeRow && this._options.showCellSelection;
    const rowClass = `ui-widget-content slick-row${row < dataLength && !item ? ' loading' : ''}${active ? ' active' : ''}${row % 2 === 1 ? ' odd' : ' even'}${item ? '' : ` ${this._options.addNewRowCssClass}`}`;
    if (node.className !== rowClass) node.className = rowClass;
    node.dataset.row = String(row);
    node.style.top = `${this.getRowTop(row)}px`;
    const selectedClass = this._options.selectedCellCssClass;
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c]!;
      const cell = cells[c]!;
      let cls = `slick-cell l${c} r${c}${column.cssClass ? ` ${column.cssClass}` : ''}`;
      if (active && c === this.activeCell) cls += ' active';
      const extra = (this.cellCssClassesByCell as Record<number, Record<string | number, string> | undefined>)[row]?.[column.id];
      if (extra) cls += ` ${extra}`;
      if (selectedClass && !extra?.includes(selectedClass) && this.isCellSelected(row, c)) cls += ` ${selectedClass}`;
      let content = '';
      let tip = '';
      if (item) {
        const made = this.cellContent(row, c, item);
        content = made.content;
        tip = made.tip;
        if (made.classes) cls += ` ${made.classes}`;
      }
      if (cell.className !== cls) cell.className = cls;
      // The cell's text node is kept and its data changed: no new node to style and lay out.
      const textNode = cell.firstChild;
      if (textNode instanceof Text && !textNode.nextSibling) {
        if (textNode.data !== content) textNode.data = content;
      } else if (cell.textContent !== content || !textNode) {
        cell.textContent = content;
        if (!cell.firstChild) cell.appendChild(document.createTextNode(''));
      }
      if (tip) cell.title = tip;
      else if (cell.hasAttribute('title')) cell.removeAttribute('title');
    }
  }
}
type SpareRow = { node: HTMLElement; cells: HTMLElement[] };
/** How long a fast scroll must stop before its rows are drawn in the document again, ms. */
const SETTLE_MS = 90;
/** Spare rows kept out of the document between renders. */
const MAX_SPARE = 120;
/** Rows drawn beyond the visible ones after a jump, and behind a scroll. */
const JUMP_BUFFER = 2;
/** Rows drawn beyond the visible ones ahead of a scroll (a wheel's next few frames). */
const SCROLL_AHEAD = 8;
