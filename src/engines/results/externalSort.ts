import { createWriteStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** A sort key: a number for numeric columns, else the cell as it is; null sorts last both ways. */
export type SortKey = number | string | boolean | null;

/** Orders two keys, NULLs last whichever the direction (as Athena and DuckDB do); 0 when equal. */
export function compareKeys(x: SortKey, y: SortKey, descending: boolean): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const c = x < y ? -1 : x > y ? 1 : 0;
  return descending ? -c : c;
}

/** Rows with the arrival number of the first (ties keep arrival order: the sort is stable). */
export interface NumberedRows<R> {
  readonly start: number;
  readonly rows: readonly R[];
}

export interface ExternalSortOptions<R> {
  readonly key: (row: R) => SortKey;
  readonly descending: boolean;
  /** Rows sorted in memory at a time: each full batch becomes one sorted run on disk. */
  readonly runRows: number;
  /** A folder for the runs (made when needed; the caller removes it). */
  readonly dir: string;
  /** Rows per batch yielded. */
  readonly outRows?: number;
  /** Stops the sort (e.g. superseded by another): checked between batches. */
  readonly cancelled?: () => boolean;
  /** Told each time a sorted run is written (with the number written so far). */
  readonly onRun?: (runs: number) => void;
}

interface Entry<R> {
  k: SortKey;
  n: number;
  row: R;
}

/** Rows per line of a run file: one JSON.parse per block, not per row. */
const BLOCK = 1000;

/**
 * Sorts rows that need not fit in memory: batches of `runRows` are sorted and written as runs
 * (JSON lines of blocks of rows); the last batch stays in memory and is merged with the runs,
 * which are read a block at a time. Memory stays at one batch, plus one block per run while
 * merging. Yields the rows in order, in batches; a result that fits in one batch is never written.
 */
export async function* externalSort<R>(input: AsyncIterable<NumberedRows<R>>, options: ExternalSortOptions<R>): AsyncGenerator<R[]> {
  const { key, descending, dir } = options;
  const runRows = Math.max(1, options.runRows);
  const outRows = Math.max(1, options.outRows ?? 10_000);
  const order = (a: Entry<R>, b: Entry<R>): number => compareKeys(a.k, b.k, descending) || a.n - b.n;
  const runs: string[] = [];
  let batch: Entry<R>[] = [];
  const writeRun = async (): Promise<void> => {
    batch.sort(order);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `run-${runs.length}.jsonl`);
    const out = createWriteStream(file, { flags: 'wx' });
    await once(out, 'open');
    try {
      for (let i = 0; i < batch.length; i += BLOCK) {
        const line = `${JSON.stringify(batch.slice(i, i + BLOCK).map((e) => [e.n, e.row]))}\n`;
        if (!out.write(line)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    runs.push(file);
    options.onRun?.(runs.length);
    batch = [];
  };
  for await (const { start, rows } of input) {
    if (options.cancelled?.()) return;
    // A full batch is written once more rows come: the last one is never written.
    if (batch.length >= runRows && rows.length) await writeRun();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as R;
      batch.push({ k: key(row), n: start + i, row });
    }
  }
  if (!runs.length) {
    batch.sort(order);
    for (let i = 0; i < batch.length; i += outRows) yield batch.slice(i, i + outRows).map((e) => e.row);
    return;
  }
  // The last batch is merged from memory, not written and read back.
  batch.sort(order);
  yield* mergeRuns(runs, batch, key, order, outRows, options.cancelled);
}

/** Where the merge reads a sorted run from: a file, or the last batch still in memory. */
interface RunSource<R> {
  next(): [number, R] | undefined | Promise<[number, R] | undefined>;
  close(): Promise<void>;
}

function memoryRun<R>(entries: readonly Entry<R>[]): RunSource<R> {
  let at = 0;
  return {
    next: () => {
      const e = entries[at++];
      return e && [e.n, e.row];
    },
    close: () => Promise.resolve(),
  };
}

/** Reads a run file a block (one line) at a time. */
class RunReader<R> implements RunSource<R> {
  private block: [number, R][] = [];
  private at = 0;
  private lines: string[] = [];
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly buffer = Buffer.allocUnsafe(256 * 1024);
  private eof = false;

  private constructor(private readonly file: FileHandle) {}

  static async open<R>(path: string): Promise<RunReader<R>> {
    return new RunReader<R>(await open(path, 'r'));
  }

  /** The next [arrival number, row], or undefined at the end. Awaits only to read the file. */
  next(): [number, R] | undefined | Promise<[number, R] | undefined> {
    if (this.at < this.block.length) return this.block[this.at++];
    return this.nextBlock();
  }

  private async nextBlock(): Promise<[number, R] | undefined> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        if (!line) continue;
        this.block = JSON.parse(line) as [number, R][];
        this.at = 0;
        if (this.block.length) return this.block[this.at++];
        continue;
      }
      if (this.eof) return undefined;
      const { bytesRead } = await this.file.read(this.buffer, 0, this.buffer.length, null);
      let text = this.partial + (bytesRead ? this.decoder.write(this.buffer.subarray(0, bytesRead)) : this.decoder.end());
      if (!bytesRead) this.eof = true;
      const cut = this.eof ? text.length : text.lastIndexOf('\n') + 1;
      this.partial = text.slice(cut);
      text = text.slice(0, cut);
      this.lines = text.split('\n');
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** Merges sorted runs with a binary heap of their next rows. */
async function* mergeRuns<R>(
  files: readonly string[],
  last: readonly Entry<R>[],
  key: (row: R) => SortKey,
  order: (a: Entry<R>, b: Entry<R>) => number,
  outRows: number,
  cancelled?: () => boolean,
): AsyncGenerator<R[]> {
  type Head = Entry<R> & { readonly reader: RunSource<R> };
  const heads: Head[] = [];
  const readers: RunSource<R>[] = [];
  const fill = (h: Head, next: [number, R] | undefined): boolean => {
    if (!next) return false;
    h.n = next[0];
    h.row = next[1];
    h.k = key(next[1]);
    return true;
  };
  const down = (i: number): void => {
    const size = heads.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && order(heads[l] as Head, heads[m] as Head) < 0) m = l;
      if (r < size && order(heads[r] as Head, heads[m] as Head) < 0) m = r;
      if (m === i) return;
      [heads[i], heads[m]] = [heads[m] as Head, heads[i] as Head];
      i = m;
    }
  };
  try {
    for (const file of files) readers.push(await RunReader.open<R>(file));
    readers.push(memoryRun(last));
    for (const reader of readers) {
      const h: Head = { k: null, n: 0, row: undefined as R, reader };
      if (fill(h, await reader.next())) heads.push(h);
    }
    for (let i = (heads.length >> 1) - 1; i >= 0; i--) down(i);
    let out: R[] = [];
    while (heads.length) {
      const top = heads[0] as Head;
      out.push(top.row);
      const next = top.reader.next();
      if (!fill(top, next instanceof Promise ? await next : next)) {
        const last = heads.pop() as Head;
        if (heads.length) heads[0] = last;
      }
      down(0);
      if (out.length >= outRows) {
        if (cancelled?.()) return;
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}
