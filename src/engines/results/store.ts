import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { delimitedField } from '../../core/results/text';
import { compareKeys, externalSort, type SortKey } from './externalSort';
import type { Cell, Row } from '../types';


export interface StoreColumn {
  readonly name: string;
  readonly type: string;
}

export interface StoreOptions {
  /** Rows per chunk (the unit kept in memory or spilled). */
  readonly chunkRows?: number;
  /** Rows kept in memory; older chunks beyond it go to files in `spillDir`. */
  readonly memoryRows?: number;
  /** Where spilled chunks go (a folder of the store's own, removed by dispose). */
  readonly spillDir: string;
}

interface Chunk {
  rows: Row[] | undefined;
  readonly count: number;
  file?: string;
}

/** Rows per chunk of a sorted view written to disk. */
const SORTED_CHUNK_ROWS = 2000;

const NUMERIC = /^(tinyint|smallint|int|integer|bigint|real|float|double|decimal)/i;

/**
 * The rows of one result, kept in the extension host (never in the webview): appended as they
 * stream in, in chunks; beyond a memory budget the older chunks are spilled to files, so memory
 * stays bounded whatever the result's size. Sorting and filtering apply to the whole result and
 * define a view (a permutation of row numbers) that windows are read from.
 */
export class ResultStore {
  private readonly chunks: Chunk[] = [];
  private open: Row[] = [];
  private total = 0;
  private inMemory = 0;
  /** A filter, or a sort of rows all in memory: the view's row numbers, in order. */
  private view: Uint32Array | undefined;
  /** A sort of a spilled result: the view's rows themselves, in order, in a store of their own (mostly on disk). */
  private sorted: ResultStore | undefined;
  /** Counts sort and filter requests: a rebuild that a newer one overtakes gives up. */
  private generation = 0;
  private readonly cache = new Map<number, Row[]>();
  private readonly chunkRows: number;
  private readonly memoryRows: number;
  private spillSeq = 0;
  private disposed = false;

  constructor(
    readonly columns: readonly StoreColumn[],
    private readonly options: StoreOptions,
  ) {
    this.chunkRows = Math.max(1, options.chunkRows ?? 10_000);
    this.memoryRows = Math.max(this.chunkRows, options.memoryRows ?? 200_000);
  }

  get rowCount(): number {
    return this.total;
  }

  /** Rows in the current view (after the filter). */
  get viewCount(): number {
    return this.sorted ? this.sorted.rowCount : this.view ? this.view.length : this.total;
  }

  /** Chunks written to disk so far (for status and tests). */
  get spilledChunks(): number {
    return this.chunks.filter((c) => c.file).length;
  }

  private fileReads = 0;
  /** Spilled chunks read back from disk so far, the view's own included (for benches and tests). */
  get chunkFileReads(): number {
    return this.fileReads + (this.sorted?.chunkFileReads ?? 0);
  }

  /** How the last sort ran: in memory, or externally with this many sorted runs written to disk (0: one batch sufficed). */
  lastSort: { readonly external: boolean; readonly runs: number } | undefined;

  async append(rows: readonly Row[]): Promise<void> {
    for (const row of rows) {
      this.open.push(row);
      this.total++;
      this.inMemory++;
      if (this.open.length >= this.chunkRows) this.seal();
    }
    await this.spillOverBudget();
  }

  /** Ends appending: the last partial chunk joins the others. */
  async finish(): Promise<void> {
    if (this.open.length) this.seal();
    await this.spillOverBudget();
  }

  private seal(): void {
    this.chunks.push({ rows: this.open, count: this.open.length });
    this.open = [];
  }

  private async spillOverBudget(): Promise<void> {
    for (const chunk of this.chunks) {
      if (this.inMemory <= this.memoryRows) break;
      if (!chunk.rows || chunk.file) continue;
      await mkdir(this.options.spillDir, { recursive: true });
      const file = join(this.options.spillDir, `chunk-${this.spillSeq++}.json`);
      await writeFile(file, JSON.stringify(chunk.rows));
      chunk.file = file;
      chunk.rows = undefined;
      this.inMemory -= chunk.count;
    }
  }

  /** The rows of chunk `i`, from memory or its file (a few recent ones are cached). */
  private async chunk(i: number): Promise<Row[]> {
    const c = this.chunks[i];
    if (!c) return i === this.chunks.length ? this.open : [];
    if (c.rows) return c.rows;
    const hit = this.cache.get(i);
    if (hit) return hit;
    const rows = JSON.parse(await readFile(c.file as string, 'utf8')) as Row[];
    this.fileReads++;
    this.cache.set(i, rows);
    if (this.cache.size > 4) this.cache.delete(this.cache.keys().next().value as number);
    return rows;
  }

  /** Rows [offset, offset + count) of the current view; each chunk it touches is read once. */
  async window(offset: number, count: number): Promise<Row[]> {
    if (this.sorted) return this.sorted.window(offset, count);
    const from = Math.max(0, offset);
    const end = Math.min(this.viewCount, offset + count);
    if (end <= from) return [];
    const numbers = new Array<number>(end - from);
    for (let p = from; p < end; p++) numbers[p - from] = this.view ? (this.view[p] as number) : p;
    const byChunk = new Map<number, number[]>();
    numbers.forEach((n, k) => {
      const i = Math.floor(n / this.chunkRows);
      const list = byChunk.get(i);
      if (list) list.push(k);
      else byChunk.set(i, [k]);
    });
    const out = new Array<Row>(numbers.length);
    for (const [i, positions] of [...byChunk].sort((a, b) => a[0] - b[0])) {
      const rows = await this.chunk(i);
      for (const k of positions) out[k] = rows[(numbers[k] as number) - i * this.chunkRows] as Row;
    }
    return out;
  }

  /** Every row in arrival order, a chunk at a time, with the arrival number of the chunk's first. */
  private async *scanChunks(): AsyncGenerator<{ readonly start: number; readonly rows: readonly Row[] }> {
    for (let i = 0; i <= this.chunks.length; i++) yield { start: i * this.chunkRows, rows: await this.chunk(i) };
  }

  private filterText = '';
  private sortColumn: number | undefined;
  private sortDescending = false;

  /**
   * Keeps the rows in which some cell's text contains `text` (case-insensitive); '' keeps all.
   * False when a newer sort or filter overtook this one (the view is then the newer one's).
   */
  async setFilter(text: string): Promise<boolean> {
    const was = this.filterText;
    this.filterText = text;
    return this.rebuildOr(() => (this.filterText = was));
  }

  /** Orders the view by a column (undefined: arrival order), NULLs last as Athena and DuckDB do. False when overtaken. */
  async setSort(column: number | undefined, descending = false): Promise<boolean> {
    const was = { column: this.sortColumn, descending: this.sortDescending };
    this.sortColumn = column !== undefined && column >= 0 && column < this.columns.length ? column : undefined;
    this.sortDescending = descending;
    return this.rebuildOr(() => {
      this.sortColumn = was.column;
      this.sortDescending = was.descending;
    });
  }

  /** Rebuilds the view; if that fails (e.g. the disk is full), the state goes back to the view still shown. */
  private async rebuildOr(undo: () => void): Promise<boolean> {
    const generation = this.generation + 1;
    try {
      return await this.rebuild();
    } catch (e) {
      if (generation === this.generation) undo();
      throw e;
    }
  }

  get state(): { readonly filter: string; readonly sortColumn?: number; readonly descending: boolean } {
    return { filter: this.filterText, ...(this.sortColumn !== undefined ? { sortColumn: this.sortColumn } : {}), descending: this.sortDescending };
  }

  /** Whether the filter (lower case; '' keeps all) keeps a row: some cell's text contains it. */
  private static keeps(row: Row, needle: string): boolean {
    return !needle || row.some((c) => c !== null && String(c).toLowerCase().includes(needle));
  }

  /** The rows the filter keeps, a chunk at a time, numbered in arrival order among themselves. */
  private async *kept(needle: string): AsyncGenerator<{ readonly start: number; readonly rows: readonly Row[] }> {
    let n = 0;
    for await (const { rows } of this.scanChunks()) {
      const kept = needle ? rows.filter((r) => ResultStore.keeps(r, needle)) : rows;
      yield { start: n, rows: kept };
      n += kept.length;
    }
  }

  private async rebuild(): Promise<boolean> {
    const generation = ++this.generation;
    const overtaken = (): boolean => generation !== this.generation || this.disposed;
    const needle = this.filterText.toLowerCase();
    const column = this.sortColumn;
    const numeric = column !== undefined && NUMERIC.test(this.columns[column]?.type ?? '');
    const keyOf = (row: Row): SortKey => {
      const v = row[column as number] ?? null;
      return v === null ? null : numeric && typeof v === 'string' ? Number(v) : v;
    };
    let view: Uint32Array | undefined;
    let sorted: ResultStore | undefined;
    if (column !== undefined && this.spilledChunks > 0) {
      // Spilled: an external sort into a store of the view's rows, so neither the sort nor the
      // windows read afterwards need the whole result in memory.
      sorted = await this.externallySorted(needle, keyOf, generation, overtaken);
      if (!sorted) return false;
    } else if (needle || column !== undefined) {
      const picked: number[] = [];
      const keys: SortKey[] = [];
      for await (const { start, rows } of this.scanChunks()) {
        rows.forEach((row, i) => {
          if (!ResultStore.keeps(row, needle)) return;
          picked.push(start + i);
          if (column !== undefined) keys.push(keyOf(row));
        });
      }
      const order = Uint32Array.from(picked.keys());
      if (column !== undefined) order.sort((a, b) => compareKeys(keys[a] ?? null, keys[b] ?? null, this.sortDescending) || a - b);
      view = Uint32Array.from(order, (i) => picked[i] as number);
      if (column !== undefined && !overtaken()) this.lastSort = { external: false, runs: 0 };
    }
    if (overtaken()) {
      await sorted?.dispose();
      return false;
    }
    const old = this.sorted;
    this.view = view;
    this.sorted = sorted;
    await old?.dispose();
    return true;
  }

  private async externallySorted(needle: string, keyOf: (row: Row) => SortKey, generation: number, overtaken: () => boolean): Promise<ResultStore | undefined> {
    const runs = join(this.options.spillDir, `runs-${generation}`);
    // The sorted rows keep one chunk in memory; the rest are read back from their files, in
    // smaller chunks than the result's, so a window anywhere costs a small read.
    const chunkRows = Math.min(this.chunkRows, SORTED_CHUNK_ROWS);
    const sorted = new ResultStore(this.columns, { chunkRows, memoryRows: chunkRows, spillDir: join(this.options.spillDir, `view-${generation}`) });
    try {
      let written = 0;
      const rows = externalSort(this.kept(needle), {
        key: keyOf,
        descending: this.sortDescending,
        runRows: this.memoryRows,
        dir: runs,
        cancelled: overtaken,
        outRows: chunkRows,
        onRun: (n) => (written = n),
      });
      for await (const batch of rows) await sorted.append(batch);
      await sorted.finish();
      if (!overtaken()) this.lastSort = { external: true, runs: written };
    } catch (e) {
      await sorted.dispose();
      throw e;
    } finally {
      await rm(runs, { recursive: true, force: true });
    }
    if (!overtaken()) return sorted;
    await sorted.dispose();
    return undefined;
  }

  /**
   * Writes the current view (every row of it, sorted and filtered as shown) as CSV or JSON lines,
   * streamed to `path` a window at a time, reporting progress; returns the rows written. `keys`:
   * the JSON lines' keys instead of the column names (which may repeat).
   */
  async export(path: string, format: 'csv' | 'jsonl', progress?: (done: number, total: number) => void, signal?: AbortSignal, keys?: readonly string[]): Promise<number> {
    // A new file only: an existing one is never written over (the caller renames into place).
    const out = createWriteStream(path, { flags: 'wx' });
    await once(out, 'open');
    const write = async (s: string): Promise<void> => {
      if (!out.write(s)) await once(out, 'drain');
    };
    const names = keys ?? this.columns.map((c) => c.name);
    const csvLine = (cells: readonly Cell[]): string => `${cells.map((v) => delimitedField(v)).join(',')}\n`;
    let done = 0;
    const total = this.viewCount;
    try {
      if (format === 'csv') await write(csvLine(names));
      const step = 10_000;
      for (let p = 0; p < total; p += step) {
        if (signal?.aborted) throw new Error('Export cancelled.');
        const rows = await this.window(p, step);
        let text = '';
        for (const r of rows) {
          text += format === 'csv' ? csvLine(r) : `${JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i] ?? null])))}\n`;
        }
        await write(text);
        done += rows.length;
        progress?.(done, total);
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    return done;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.clear();
    await this.sorted?.dispose();
    await rm(this.options.spillDir, { recursive: true, force: true });
  }
}
