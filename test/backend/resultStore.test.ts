import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ResultStore } from '../../src/engines/results/store';
import type { Row } from '../../src/engines/types';
import { externalSort, type SortKey } from '../../src/engines/results/externalSort';

const columns = [
  { name: 'id', type: 'integer' },
  { name: 'agency', type: 'varchar' },
  { name: 'cost', type: 'decimal(10,2)' },
];
const rowOf = (i: number): Row => [i, i % 7 === 0 ? null : `agency ${i % 13}`, i % 11 === 0 ? null : ((i * 37) % 1000 / 4).toFixed(2)];

async function filled(n: number, dir: string): Promise<ResultStore> {
  const store = new ResultStore(columns, { chunkRows: 1000, memoryRows: 5000, spillDir: join(dir, 'spill') });
  for (let i = 0; i < n; i += 777) await store.append(Array.from({ length: Math.min(777, n - i) }, (_, k) => rowOf(i + k)));
  await store.finish();
  return store;
}

test('rows beyond the memory budget spill to files; windows read across chunks and files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-store-'));
  const store = await filled(50_000, dir);
  assert.equal(store.rowCount, 50_000);
  assert.ok(store.spilledChunks >= 44, `${store.spilledChunks} chunks spilled`);
  assert.deepEqual(await store.window(995, 10), Array.from({ length: 10 }, (_, k) => rowOf(995 + k)));
  assert.deepEqual(await store.window(49_998, 10), [rowOf(49_998), rowOf(49_999)]);
  await store.dispose();
  assert.equal(existsSync(join(dir, 'spill')), false, 'spill files removed');
});

test('sort over the whole result: typed, NULLs last both ways, ties in arrival order; filter narrows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-store-'));
  const store = await filled(20_000, dir);
  const all = Array.from({ length: 20_000 }, (_, i) => rowOf(i));
  const cmp = (desc: boolean) => (a: Row, b: Row): number => {
    const x = a[2] ?? null;
    const y = b[2] ?? null;
    if (x === null || y === null) return x === y ? Number(a[0]) - Number(b[0]) : x === null ? 1 : -1;
    const d = Number(x) - Number(y);
    return d ? (desc ? -d : d) : Number(a[0]) - Number(b[0]);
  };
  await store.setSort(2);
  assert.deepEqual(await store.window(0, 20_000), [...all].sort(cmp(false)));
  await store.setSort(2, true);
  const desc = await store.window(0, 20_000);
  assert.deepEqual(desc, [...all].sort(cmp(true)));
  assert.equal(desc[19_999]?.[2], null, 'NULLs last when descending too');

  await store.setFilter('AGENCY 12');
  const expected = all.filter((r) => r[1] === 'agency 12').sort(cmp(true));
  assert.equal(store.viewCount, expected.length);
  assert.deepEqual(await store.window(0, 100_000), expected);
  await store.setFilter('');
  await store.setSort(undefined);
  assert.equal(store.viewCount, 20_000);
  assert.deepEqual(await store.window(0, 3), [rowOf(0), rowOf(1), rowOf(2)]);
  await store.dispose();
});

test('export streams the whole view as CSV or JSON lines with progress', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-store-'));
  const store = await filled(25_000, dir);
  const progress: number[] = [];
  const csv = join(dir, 'out.csv');
  assert.equal(await store.export(csv, 'csv', (done) => progress.push(done)), 25_000);
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 25_001);
  assert.equal(lines[0], 'id,agency,cost');
  assert.equal(lines[1], '0,,');
  assert.equal(lines[2], '1,agency 1,9.25');
  assert.deepEqual(progress, [10_000, 20_000, 25_000]);
  await store.setFilter('agency 3');
  const jsonl = join(dir, 'out.jsonl');
  const n = await store.export(jsonl, 'jsonl');
  const docs = readFileSync(jsonl, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { agency: string });
  assert.equal(docs.length, n);
  assert.ok(docs.every((d) => d.agency === 'agency 3'));
  await store.dispose();
});

test('externalSort: many runs merge into the same order as an in-memory stable sort; NULLs last; a cancelled sort stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-xsort-'));
  // Keys with many ties and NULLs, so stability and NULL placement both show.
  type Row = [number, number | null];
  const rows: Row[] = Array.from({ length: 5_000 }, (_, n) => [n, n % 17 === 0 ? null : (n * 7919) % 101]);
  // Fed in uneven batches, as chunks (or a filter's leftovers) come.
  async function* source(): AsyncGenerator<{ start: number; rows: Row[] }> {
    for (let start = 0, size = 1; start < rows.length; start += size, size = (size * 3) % 701 + 1) {
      await Promise.resolve();
      yield { start, rows: rows.slice(start, start + size) };
    }
  }
  const key = (r: Row): SortKey => r[1];
  const all = async (it: AsyncIterable<Row[]>): Promise<Row[]> => {
    const out: Row[] = [];
    for await (const batch of it) out.push(...batch);
    return out;
  };
  for (const descending of [false, true]) {
    let runs = 0;
    const out = await all(externalSort(source(), { key, descending, runRows: 128, outRows: 333, dir: join(dir, String(descending)), onRun: (k) => (runs = k) }));
    assert.ok(runs > 1 && runs <= Math.ceil(5_000 / 128), `${runs} runs of at least 128 rows`);
    const expected = [...rows].sort((a, b) => {
      if (a[1] === null || b[1] === null) return a[1] === b[1] ? a[0] - b[0] : a[1] === null ? 1 : -1;
      return (descending ? b[1] - a[1] : a[1] - b[1]) || a[0] - b[0];
    });
    assert.deepEqual(out, expected);
  }
  // Runs bigger than a block (1,000 rows per line of a run file).
  const big = await all(externalSort(source(), { key, descending: false, runRows: 2_345, dir: join(dir, 'big') }));
  assert.deepEqual(big.map((r) => r[0]), [...rows].sort((a, b) => (a[1] === null || b[1] === null ? (a[1] === b[1] ? a[0] - b[0] : a[1] === null ? 1 : -1) : a[1] - b[1] || a[0] - b[0])).map((r) => r[0]));
  // One batch: sorted in memory, nothing written.
  const small = await all(externalSort(source(), { key, descending: false, runRows: 10_000, dir: join(dir, 'small') }));
  assert.equal(small.length, 5_000);
  assert.equal(existsSync(join(dir, 'small')), false, 'no run written');
  // Cancelled during the merge: it ends early.
  let seen = 0;
  for await (const batch of externalSort(source(), { key, descending: false, runRows: 500, outRows: 100, dir: join(dir, 'cancel'), cancelled: () => seen >= 300 })) seen += batch.length;
  assert.equal(seen, 300);
});

test('a sort of a spilled result is external: the view’s rows go to disk in order, windows read a chunk file or two, not one per row; a sort overtaken by another gives way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-store-'));
  const store = await filled(60_000, dir);
  assert.ok(store.spilledChunks > 0);
  const all = Array.from({ length: 60_000 }, (_, i) => rowOf(i));
  await store.setSort(1, true);
  assert.deepEqual(store.lastSort, { external: true, runs: 11 }, 'runs of the memory budget (5,000 rows); the last is merged from memory');
  assert.deepEqual(await store.window(0, 60_000), [...all].sort((a, b) => {
    const x = a[1] ?? null;
    const y = b[1] ?? null;
    if (x === null || y === null) return x === y ? Number(a[0]) - Number(b[0]) : x === null ? 1 : -1;
    return (x < y ? 1 : x > y ? -1 : 0) || Number(a[0]) - Number(b[0]);
  }));
  assert.deepEqual(readdirSync(join(dir, 'spill')).filter((f) => f.startsWith('runs-')), [], 'the runs are removed once merged');
  // Windows over the sorted view read the view's own chunks, in order: not one file per row.
  const before = store.chunkFileReads;
  for (const offset of [31_000, 17_500, 52_345]) {
    const rows = await store.window(offset, 200);
    assert.equal(rows.length, 200);
  }
  assert.ok(store.chunkFileReads - before <= 6, `${store.chunkFileReads - before} chunk files read for 3 windows`);
  // Overtaken: a second sort asked for before the first ends wins, and the first says it was overtaken.
  const first = store.setSort(2);
  const second = store.setSort(0, true);
  assert.deepEqual(await Promise.all([first, second]), [false, true]);
  assert.deepEqual(store.state, { filter: '', sortColumn: 0, descending: true });
  assert.deepEqual((await store.window(0, 2)).map((r) => r[0]), [59_999, 59_998]);
  // Sort off: arrival order, and the sorted view's files are gone.
  assert.equal(await store.setSort(undefined), true);
  assert.deepEqual((await store.window(0, 2)).map((r) => r[0]), [0, 1]);
  assert.deepEqual(readdirSync(join(dir, 'spill')).filter((f) => f.startsWith('view-')), [], 'the sorted view is removed');
  await store.dispose();
  assert.equal(existsSync(join(dir, 'spill')), false);
});

test('a sort that fails (its spilled rows unreadable) rejects and leaves the view and its state as they were', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-store-'));
  const store = await filled(30_000, dir);
  assert.equal(await store.setSort(1), true);
  const shown = await store.window(0, 50);
  for (const f of readdirSync(join(dir, 'spill')).filter((name) => name.startsWith('chunk-'))) rmSync(join(dir, 'spill', f));
  await assert.rejects(store.setSort(2, true), /ENOENT/);
  assert.deepEqual(store.state, { filter: '', sortColumn: 1, descending: false }, 'the state of the view still shown');
  assert.deepEqual(await store.window(0, 50), shown, 'and its rows');
  await assert.rejects(store.setFilter('agency 3'), /ENOENT/);
  assert.equal(store.state.filter, '');
  await store.dispose();
});
