import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ResultStore, type StoreRow } from '../../src/core/results/store';

const columns = [
  { name: 'id', type: 'integer' },
  { name: 'agency', type: 'varchar' },
  { name: 'cost', type: 'decimal(10,2)' },
];
const rowOf = (i: number): StoreRow => [i, i % 7 === 0 ? null : `agency ${i % 13}`, i % 11 === 0 ? null : ((i * 37) % 1000 / 4).toFixed(2)];

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
  const cmp = (desc: boolean) => (a: StoreRow, b: StoreRow): number => {
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
