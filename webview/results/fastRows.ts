/**
 * Rows drawn on a canvas over the grid's viewport while a scroll brings a whole screen of new rows
 * per frame (a page scroll, a scrollbar drag). Laying out and painting a screen of new cells in the
 * document takes most of a frame; drawing their text on one canvas takes a fraction of it. When
 * the scroll slows or stops, the grid draws its rows in the document again and this canvas hides.
 * The look is the grid's own: colours, font and padding are read from the grid's cells.
 */

/** What a cell shows: its text and how it is marked (as the grid's formatter marks it). */
export interface PaintedCell {
  readonly text: string;
  readonly mark: '' | 'null' | 'empty';
}

export interface FastColumn {
  /** Left edge in the canvas's coordinates (the viewport's scroll already applied), CSS px. */
  readonly x: number;
  readonly width: number;
  readonly kind: 'row-number' | 'num' | 'structured' | 'text';
}

export interface FastFrame {
  /** The viewport's box inside the grid's container, CSS px. */
  readonly box: { readonly top: number; readonly left: number; readonly width: number; readonly height: number };
  readonly rowHeight: number;
  readonly firstRow: number;
  readonly lastRow: number;
  /** A row's top in the canvas's coordinates. */
  rowY(row: number): number;
  readonly columns: readonly FastColumn[];
  /** A row's cells (by column), or undefined while its window is loading. */
  row(row: number): ((column: number) => PaintedCell) | undefined;
  selected(row: number, column: number): boolean;
}

interface Look {
  readonly font: string;
  readonly italicFont: string;
  readonly color: string;
  readonly nullColor: string;
  readonly structuredColor: string;
  readonly rowNumberColor: string;
  readonly rowNumberBackground: string;
  readonly rowBackground: string;
  readonly loadingBackground: string;
  readonly selectedBackground: string;
  readonly selectedColor: string;
  /** The cells' right and bottom border colours; '' where a cell has none. */
  readonly borderRight: string;
  readonly borderBottom: string;
  readonly padLeft: number;
  readonly padRight: number;
  readonly emptyMark: string;
}

/** Characters drawn of a value: more than a cell shows. */
const MAX_CHARS = 200;

export class FastRows {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private look: Look | undefined;
  private size = { width: 0, height: 0, ratio: 0 };

  constructor(
    container: HTMLElement,
    /** Where probe cells are placed to read the grid's look (the grid's canvas of rows). */
    private readonly rowsHost: HTMLElement,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'fast-rows';
    this.canvas.hidden = true;
    this.canvas.setAttribute('aria-hidden', 'true');
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d', { alpha: false });
  }

  get shown(): boolean {
    return !this.canvas.hidden;
  }

  /** Whether this browser can draw the rows (a canvas context). */
  get available(): boolean {
    return this.ctx !== null;
  }

  hide(): void {
    this.canvas.hidden = true;
  }

  /** Reads the look again (the theme changed). */
  restyle(): void {
    this.look = undefined;
  }

  paint(frame: FastFrame): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const look = (this.look ??= this.readLook());
    const { box } = frame;
    const ratio = window.devicePixelRatio || 1;
    if (this.size.width !== box.width || this.size.height !== box.height || this.size.ratio !== ratio) {
      this.size = { width: box.width, height: box.height, ratio };
      this.canvas.width = Math.max(1, Math.round(box.width * ratio));
      this.canvas.height = Math.max(1, Math.round(box.height * ratio));
      this.canvas.style.width = `${box.width}px`;
      this.canvas.style.height = `${box.height}px`;
    }
    const style = this.canvas.style;
    const top = `${box.top}px`;
    const left = `${box.left}px`;
    if (style.top !== top) style.top = top;
    if (style.left !== left) style.left = left;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = look.rowBackground;
    ctx.fillRect(0, 0, box.width, box.height);
    const h = frame.rowHeight;
    let loading = false;
    const rows: { y: number; cells: ((column: number) => PaintedCell) | undefined; row: number }[] = [];
    for (let r = frame.firstRow; r <= frame.lastRow; r++) {
      const y = frame.rowY(r);
      if (y + h <= 0 || y >= box.height) continue;
      const cells = frame.row(r);
      if (!cells) {
        loading = true;
        ctx.fillStyle = look.loadingBackground;
        ctx.fillRect(0, y, box.width, h);
      }
      rows.push({ y, cells, row: r });
    }
    ctx.textBaseline = 'middle';
    for (const [c, column] of frame.columns.entries()) {
      if (column.x + column.width <= 0 || column.x >= box.width) continue;
      ctx.save();
      ctx.beginPath();
      ctx.rect(column.x, 0, column.width - 1, box.height);
      ctx.clip();
      if (column.kind === 'row-number') {
        ctx.fillStyle = look.rowNumberBackground;
        ctx.fillRect(column.x, 0, column.width, box.height);
      }
      const right = column.kind === 'num' || column.kind === 'row-number';
      ctx.textAlign = right ? 'right' : 'left';
      const textX = right ? column.x + column.width - 1 - look.padRight : column.x + look.padLeft;
      let font = '';
      for (const { y, cells, row } of rows) {
        if (!cells) continue;
        const selected = frame.selected(row, c);
        if (selected) {
          ctx.fillStyle = look.selectedBackground;
          ctx.fillRect(column.x, y, column.width, h - 1);
        }
        const cell = cells(c);
        const wanted = cell.mark === 'null' ? look.italicFont : look.font;
        if (wanted !== font) ctx.font = font = wanted;
        ctx.fillStyle = selected
          ? look.selectedColor
          : cell.mark !== ''
            ? look.nullColor
            : column.kind === 'row-number'
              ? look.rowNumberColor
              : column.kind === 'structured'
                ? look.structuredColor
                : look.color;
        const text = cell.mark === 'empty' ? look.emptyMark : cell.text.length > MAX_CHARS ? cell.text.slice(0, MAX_CHARS) : cell.text;
        if (text) ctx.fillText(text, textX, y + h / 2);
      }
      ctx.restore();
    }
    // The cells' right and bottom borders.
    ctx.lineWidth = 1;
    if (look.borderRight) {
      ctx.strokeStyle = look.borderRight;
      ctx.beginPath();
      for (const column of frame.columns) {
        const x = Math.round(column.x + column.width) - 0.5;
        if (x < 0 || x > box.width) continue;
        ctx.moveTo(x, 0);
        ctx.lineTo(x, box.height);
      }
      ctx.stroke();
    }
    if (look.borderBottom) {
      ctx.strokeStyle = look.borderBottom;
      ctx.beginPath();
      for (const { y } of rows) {
        ctx.moveTo(0, Math.round(y + h) - 0.5);
        ctx.lineTo(box.width, Math.round(y + h) - 0.5);
      }
      ctx.stroke();
    }
    this.canvas.classList.toggle('loading', loading);
    this.canvas.hidden = false;
  }

  /** The grid's look, from probe cells styled as the grid styles its own. */
  private readLook(): Look {
    const probe = (rowClass: string, cellClass: string): { cell: CSSStyleDeclaration; row: CSSStyleDeclaration; after: CSSStyleDeclaration; remove(): void } => {
      const row = document.createElement('div');
      row.className = `ui-widget-content slick-row ${rowClass}`;
      row.style.visibility = 'hidden';
      const cell = document.createElement('div');
      cell.className = `slick-cell l1 r1 ${cellClass}`;
      row.appendChild(cell);
      this.rowsHost.appendChild(row);
      return { cell: getComputedStyle(cell), row: getComputedStyle(row), after: getComputedStyle(cell, '::after'), remove: () => row.remove() };
    };
    const plain = probe('even', '');
    const nul = probe('even', 'null');
    const empty = probe('even', 'empty');
    const structured = probe('even', 'structured');
    const rowNumber = probe('even', 'row-number');
    const selected = probe('even', 'selected');
    const loading = probe('loading', '');
    const opaque = (c: string, fallback: string): string => (!c || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c) ? fallback : c);
    const font = (s: CSSStyleDeclaration): string => `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    // The first opaque background from the row up to the page (a browser's page is white).
    let rowBackground = opaque(plain.row.backgroundColor, '');
    for (let e: HTMLElement | null = this.rowsHost; !rowBackground && e; e = e.parentElement) rowBackground = opaque(getComputedStyle(e).backgroundColor, '');
    rowBackground ||= opaque(getComputedStyle(document.documentElement).backgroundColor, '#ffffff');
    const border = (style: string, width: string, color: string): string => (style === 'none' || style === 'hidden' || !(parseFloat(width) > 0) ? '' : opaque(color, ''));
    const look: Look = {
      font: font(plain.cell),
      italicFont: font(nul.cell),
      color: plain.cell.color,
      nullColor: nul.cell.color,
      structuredColor: structured.cell.color,
      rowNumberColor: rowNumber.cell.color,
      rowNumberBackground: opaque(rowNumber.cell.backgroundColor, rowBackground),
      rowBackground,
      loadingBackground: opaque(loading.cell.backgroundColor, rowBackground),
      selectedBackground: opaque(selected.cell.backgroundColor, rowBackground),
      selectedColor: selected.cell.color,
      borderRight: border(plain.cell.borderRightStyle, plain.cell.borderRightWidth, plain.cell.borderRightColor),
      borderBottom: border(plain.cell.borderBottomStyle, plain.cell.borderBottomWidth, plain.cell.borderBottomColor),
      padLeft: parseFloat(plain.cell.paddingLeft) || 0,
      padRight: parseFloat(plain.cell.paddingRight) || 0,
      emptyMark: (empty.after.content || '').replace(/^"(.*)"$/, '$1') || "''",
    };
    for (const p of [plain, nul, empty, structured, rowNumber, selected, loading]) p.remove();
    return look;
  }
}
