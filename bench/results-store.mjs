// Sorting a result bigger than the host's memory budget: 1,000,000 rows × 6 columns appended to a
// ResultStore with the default budget (lakehouse.results.memoryRows = 200,000; 80% spills to
// disk), then sorted three ways: by text, by a number descending, and filtered then sorted. For
// each: time to sort and how it ran, the JS heap sampled at its peak while sorting (garbage from
// parsing included) and what the sort left retained, and the time to read a 200-row window at
// random places of the sorted rows (what the grid asks for after a jump) with the chunk files
// each window read. Prints JSON. Target: windows p95 ≤ 50 ms. `--store` runs another build of
// the store (e.g. an older commit's) for comparison.
//   npm run bench:results-store [-- --rows N --windows N --memory-rows N --store path/to/store.js]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { root } from '../test/tools/paths.mjs';
import { setup } from '../test/tools/setup.mjs';
import { numberArg } from './stats.mjs';

const ROWS = numberArg('--rows', 1_000_000);
const WINDOWS = numberArg('--windows', 40);
const MEMORY_ROWS = numberArg('--memory-rows', 200_000);
const i = process.argv.indexOf('--store');
const storePath = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'out', 'src', 'engines', 'results', 'store.js');
const log = (m) => process.stderr.write(`${m}\n`);

if (i < 0) {
  await setup(['deps']);
  if (spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
}
const { ResultStore } = createRequire(import.meta.url)(storePath);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const MB = (b) => Math.round((b / 1048576) * 10) / 10;
const heapNow = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
/** Runs `fn` while sampling the heap every 10 ms; returns its result, time and peak heap. */
async function sampled(fn) {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const t = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - t, peak: Math.max(peak, process.memoryUsage().heapUsed) };
  } finally {
    clearInterval(timer);
  }
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const round = (x) => Math.round(x * 10) / 10;

const columns = [
  { name: 'line_id', type: 'bigint' },
  { name: 'agency', type: 'varchar' },
  { name: 'service', type: 'varchar' },
  { name: 'cost_eur', type: 'decimal(12,2)' },
  { name: 'day', type: 'date' },
  { name: 'note', type: 'varchar' },
];
const rowOf = (n) => [
  String(n + 1),
  `agency ${(n * 7919) % 997}`,
  `svc-${(n * 104729) % 50_021}`,
  (((n * 2654435761) % 10_000_000) / 100).toFixed(2),
  `2024-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
  n % 9 === 0 ? null : `line ${n} of the monthly invoice, tagged ${n % 31}`,
];

const dir = mkdtempSync(join(tmpdir(), 'lakehouse-bench-store-'));
const base = heapNow();
const store = new ResultStore(columns, { spillDir: join(dir, 'spill'), memoryRows: MEMORY_ROWS });
const fill = await sampled(async () => {
  for (let n = 0; n < ROWS; n += 1000) await store.append(Array.from({ length: Math.min(1000, ROWS - n) }, (_, k) => rowOf(n + k)));
  await store.finish();
});
const loaded = heapNow() - base;
log(`loaded ${ROWS} rows in ${Math.round(fill.ms)} ms; ${store.spilledChunks} chunks spilled; heap ${MB(loaded)} MB`);

const cases = [
  { name: 'sort by text (agency)', filter: '', column: 1, descending: false },
  { name: 'sort by number, descending (cost_eur)', filter: '', column: 3, descending: true },
  { name: 'filter "tagged 7" then sort by service', filter: 'tagged 7', column: 2, descending: false },
];
const results = [];
for (const c of cases) {
  await store.setSort(undefined);
  await store.setFilter(c.filter);
  const before = heapNow();
  const sort = await sampled(() => store.setSort(c.column, c.descending));
  const first = await sampled(() => store.window(0, 200));
  const after = heapNow();
  const times = [];
  const reads = [];
  let seed = 12345;
  for (let w = 0; w < WINDOWS; w++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const offset = Math.floor((seed / 2147483648) * Math.max(1, store.viewCount - 200));
    const r0 = store.chunkFileReads ?? 0;
    const t = performance.now();
    const rows = await store.window(offset, 200);
    times.push(performance.now() - t);
    reads.push((store.chunkFileReads ?? 0) - r0);
    if (rows.length !== Math.min(200, store.viewCount - offset)) throw new Error(`window at ${offset}: ${rows.length} rows`);
  }
  const entry = {
    case: c.name,
    viewRows: store.viewCount,
    sortMs: Math.round(sort.ms),
    how: store.lastSort ?? 'in memory (permutation)',
    firstWindowMs: round(first.ms),
    peakHeapMB: MB(sort.peak - base),
    retainedMB: MB(after - before),
    windowMs: { p50: round(pct(times, 50)), p95: round(pct(times, 95)), max: round(Math.max(...times)) },
    chunkFilesPerWindow: { p50: pct(reads, 50), max: Math.max(...reads) },
  };
  log(JSON.stringify(entry));
  results.push(entry);
}
await store.dispose();
rmSync(dir, { recursive: true, force: true });
const worstWindow = Math.max(...results.map((r) => r.windowMs.p95));
console.log(
  JSON.stringify(
    {
      rows: ROWS,
      columns: columns.length,
      memoryRows: MEMORY_ROWS,
      fillMs: Math.round(fill.ms),
      spilledChunks: store.spilledChunks,
      loadedHeapMB: MB(loaded),
      cases: results,
      targets: { windowP95Ms: { value: worstWindow, target: 50, met: worstWindow <= 50 } },
    },
    null,
    2,
  ),
);
