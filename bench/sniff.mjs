// Sniffing a sample: our dialect + header + type inference on a 20,480-row × 50-column CSV
// (target ≤ 100 ms), beside DuckDB's sniff_csv on the same file in the same run (the ratio is
// reported), and on a 1 MB sample (the default sample size). Prints JSON.
//   npm run bench:sniff [-- --runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeRuns } from './stats.mjs';
import { root } from '../test/tools/paths.mjs';
import { setup } from '../test/tools/setup.mjs';

const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 7;
const ROWS = 20_480;
const COLUMNS = 50;
await setup(['deps']);
if (spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
const require = createRequire(import.meta.url);
const { sniffCsv } = require(join(root, 'out', 'src', 'core', 'csv', 'sniff.js'));
const { DuckDBInstance } = require('@duckdb/node-api');

// Ten kinds of column, five of each: ids, amounts, dates, timestamps, codes with leading zeros,
// flags, free text (some quoted, with commas), ratios, US dates, booleans.
const kinds = [
  (r) => String(r + 1),
  (r) => ((r * 7919) % 100000 / 100).toFixed(2),
  (r) => `2024-${String(1 + (r % 12)).padStart(2, '0')}-${String(1 + (r % 28)).padStart(2, '0')}`,
  (r) => `2024-01-${String(1 + (r % 28)).padStart(2, '0')} ${String(r % 24).padStart(2, '0')}:15:00`,
  (r) => String(r % 1000).padStart(5, '0'),
  (r) => String(r % 2),
  (r) => (r % 5 === 0 ? `"agency ${r % 97}, unit ${r % 13}"` : `agency ${r % 97}`),
  (r) => String((r % 1000) / 7),
  (r) => `${String(1 + (r % 12)).padStart(2, '0')}/${String(13 + (r % 15))}/2024`,
  (r) => (r % 3 ? 'true' : 'false'),
];
const header = Array.from({ length: COLUMNS }, (_, c) => `column_${c + 1}`).join(',');
const lines = [header];
for (let r = 0; r < ROWS; r++) lines.push(Array.from({ length: COLUMNS }, (_, c) => kinds[c % kinds.length](r)).join(','));
const dir = mkdtempSync(join(tmpdir(), 'lakehouse-sniff-'));
const file = join(dir, 'sample.csv');
writeFileSync(file, lines.join('\n') + '\n');
const bytes = readFileSync(file);
const oneMb = bytes.subarray(0, 1024 * 1024);

const time = (fn) => timeRuns(RUNS, fn);

const ours = await time(() => sniffCsv(bytes, false, { maxRows: ROWS }));
const ours1mb = await time(() => sniffCsv(oneMb, true, { maxRows: ROWS }));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const duck = await time(async () => {
  const reader = await connection.runAndReadAll(`SELECT Columns FROM sniff_csv('${file}', sample_size = ${ROWS})`);
  return reader.getRows();
});
connection.closeSync();
instance.closeSync();

const types = ours.result.columns.slice(0, 10).map((c) => `${c.name}:${c.profile.type.kind}${c.profile.type.type ? `(${c.profile.type.type})` : ''}${c.profile.type.format ? `(${c.profile.type.format})` : ''}`);
const report = {
  bench: 'sniff',
  runs: RUNS,
  sample: { bytes: statSync(file).size, rows: ROWS, columns: COLUMNS },
  ours: { medianMs: ours.ms, targetMs: 100, rowsSampled: ours.result.rowCount, firstTenColumns: types },
  duckdbSniffCsv: { medianMs: duck.ms },
  ratio_ours_over_duckdb: Math.round((ours.ms / duck.ms) * 100) / 100,
  oneMegabyteSample: { bytes: oneMb.length, medianMs: ours1mb.ms, rowsSampled: ours1mb.result.rowCount },
};
report.met = ours.ms <= 100;
console.log(JSON.stringify(report, null, 2));
