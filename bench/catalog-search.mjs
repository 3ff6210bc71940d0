// Grounding benchmark: does catalog search put the tables a question needs first?
//   npm run bench:catalog-search
// 1. The sample lakehouse's catalog (built on the local engine) and the questions of
//    bench/catalog-search-questions.json: recall@5 (every table a correct query needs among the
//    first five hits) and the misses.
// 2. Speed on a 10,000-table catalog (50 databases of 200 tables, 15 columns each, the sample's
//    tables among them): the index build once, then each question searched; p50 and p95.
// Prints one JSON object; exits 1 when recall@5 < 90% or the p95 is above 50 ms.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../test/tools/paths.mjs';
import { setup } from '../test/tools/setup.mjs';

const log = (m) => process.stderr.write(`${m}\n`);
const origLog = console.log;
console.log = (...a) => log(a.join(' '));
await setup(['deps']);
if (spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
console.log = origLog;
const require = createRequire(import.meta.url);
const { CatalogIndex } = require(join(root, 'out', 'src', 'core', 'catalog', 'search.js'));
const { LocalEngine } = require(join(root, 'out', 'src', 'engines', 'local', 'localEngine.js'));
const { allPages } = require(join(root, 'out', 'src', 'engines', 'pages.js'));
const { LOCAL_CATALOG } = require(join(root, 'out', 'src', 'engines', 'local', 'localCatalog.js'));

const RECALL_TARGET = 0.9;
const P95_TARGET_MS = 50;
const { questions } = JSON.parse(readFileSync(join(root, 'bench', 'catalog-search-questions.json'), 'utf8'));

// The sample lakehouse, copied and built in a folder of its own.
const dir = mkdtempSync(join(tmpdir(), 'lakehouse-search-'));
cpSync(join(root, 'samples', 'public-sector-lakehouse'), dir, { recursive: true, filter: (src) => !/[\\/](s3|\.lakehouse)$/.test(src) });
const built = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'sample', dir], { encoding: 'utf8' });
if (built.status !== 0 || /"statementsRun":0\b/.test(built.stdout)) {
  log(built.stderr);
  process.exit(1);
}
const engine = new LocalEngine({ lakehouseDir: join(dir, '.lakehouse'), s3Root: join(dir, 's3') });
const sampleTables = [];
try {
  for (const db of await allPages((t) => engine.catalog.listDatabases(LOCAL_CATALOG, t))) {
    sampleTables.push(...(await allPages((t) => engine.catalog.listTables(LOCAL_CATALOG, db.name, t))));
  }
} finally {
  engine.dispose();
  rmSync(dir, { recursive: true, force: true });
}

const index = new CatalogIndex(sampleTables);
const misses = [];
let found = 0;
for (const { q, needs } of questions) {
  const hits = index.search(q, 5).map((h) => h.table);
  const ok = needs.every((alternatives) => alternatives.some((t) => hits.includes(t)));
  if (ok) found++;
  else misses.push({ question: q, needs, top5: hits });
}

// 10,000 tables: the sample's, and synthetic ones with lakehouse-like names and columns.
const words = ['order', 'customer', 'invoice', 'payment', 'shipment', 'product', 'store', 'employee', 'ticket', 'session', 'click', 'device', 'sensor', 'account', 'ledger', 'campaign', 'inventory', 'supplier', 'contract', 'claim'];
const suffix = ['daily', 'monthly', 'events', 'snapshot', 'history', 'summary', 'raw', 'clean', 'agg', 'latest'];
const colWords = ['id', 'name', 'amount', 'status', 'created_at', 'updated_at', 'region', 'country', 'category', 'quantity', 'price', 'score', 'channel', 'source', 'owner'];
const big = [...sampleTables];
for (let d = 0; big.length < 10_000; d++) {
  const database = `${['raw', 'staging', 'curated', 'sandbox', 'mart'][d % 5]}_${words[d % words.length]}_${d}`;
  for (let t = 0; t < 200 && big.length < 10_000; t++) {
    const w = words[(d * 7 + t) % words.length];
    const name = `${t % 3 === 0 ? 'fact' : t % 3 === 1 ? 'dim' : 'tbl'}_${w}_${suffix[t % suffix.length]}_${t}`;
    const columns = colWords.map((c, i) => ({ name: i === 0 ? `${w}_id` : `${words[(t + i) % words.length]}_${c}`, type: i % 4 ? 'string' : 'bigint' }));
    big.push({ database, name, tableType: 'EXTERNAL_TABLE', storage: { columns, location: `s3://b/${database}/${name}/`, serde: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: {} } }, partitionKeys: t % 2 ? [{ name: 'dt', type: 'string' }] : [], parameters: {} });
  }
}
let t0 = performance.now();
const bigIndex = new CatalogIndex(big);
const buildMs = performance.now() - t0;
const times = [];
for (let round = 0; round < 5; round++) {
  for (const { q } of questions) {
    t0 = performance.now();
    bigIndex.search(q, 10);
    times.push(performance.now() - t0);
  }
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
const round2 = (x) => Math.round(x * 100) / 100;
const report = {
  benchmark: 'catalog-search',
  sample: { tables: sampleTables.length, questions: questions.length, found, recallAt5: round2(found / questions.length), target: RECALL_TARGET, misses },
  speed: { tables: big.length, indexBuildMs: round2(buildMs), searches: times.length, p50Ms: round2(pct(0.5)), p95Ms: round2(pct(0.95)), maxMs: round2(times[times.length - 1]), targetP95Ms: P95_TARGET_MS },
};
report.meetsTarget = report.sample.recallAt5 >= RECALL_TARGET && report.speed.p95Ms <= P95_TARGET_MS;
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.meetsTarget ? 0 : 1;
