// Splitting and CodeLens on big SQL documents: a 5 MB file of 10,000 statements is split
// (target ≤ 100 ms), and the CodeLens of a 2,000-statement document is computed (target ≤ 50 ms).
// Prints JSON.   npm run bench:splitter [-- --runs N]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { timeRuns } from './stats.mjs';
import { root } from '../test/tools/paths.mjs';
import { setup } from '../test/tools/setup.mjs';

const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 15;
await setup(['deps']);
if (spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
const require = createRequire(import.meta.url);
const { splitStatements } = require(join(root, 'out', 'src', 'core', 'sql', 'splitter.js'));
const { statementLenses } = require(join(root, 'out', 'src', 'core', 'sql', 'lenses.js'));

// Realistic statements: CTAS with WITH (…), CTEs, strings with `;` and `''`, comments, DDL.
const TEMPLATES = [
  (n) => `-- spend for agency ${n}; refreshed nightly
SELECT agency, provider, sum(cost_eur) AS cost, count(*) AS lines, 'it''s; ok' AS note
FROM staging.spend_${n % 50} s /* join; below */ JOIN curated.dim_agency a ON s.agency_id = a.agency_id
WHERE s.year = '2024' AND s.month IN ('01', '02', '03') AND "odd;col" IS NOT NULL
GROUP BY agency, provider ORDER BY cost DESC`,
  (n) => `CREATE TABLE curated.fact_${n}
WITH (format = 'PARQUET', write_compression = 'SNAPPY', external_location = 's3://lake/curated/fact_${n}/', partitioned_by = ARRAY['year', 'month'])
AS WITH base AS (SELECT * FROM staging.events_${n % 40}), agg AS (SELECT service_id, sum(requests) AS requests, year, month FROM base GROUP BY service_id, year, month)
SELECT service_id, requests, year, month FROM agg`,
  (n) => `CREATE EXTERNAL TABLE IF NOT EXISTS raw.events_${n} (
  event_id bigint COMMENT 'unique; never reused',
  service_id string,
  day date,
  payload string
)
PARTITIONED BY (year string, month string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"')
LOCATION 's3://lake/raw/events_${n}/'
TBLPROPERTIES ('skip.header.line.count' = '1')`,
  (n) => `INSERT INTO curated.fact_${n % 100} SELECT * FROM staging.late_${n % 30} WHERE day > DATE '2024-01-01'`,
];
function document(statements, padTo) {
  const parts = [];
  for (let n = 0; n < statements; n++) parts.push(TEMPLATES[n % TEMPLATES.length](n));
  let text = parts.join(';\n\n') + ';\n';
  if (padTo) {
    // Pad statements with comment lines until the file reaches the size wanted.
    const pad = `-- ${'padding '.repeat(12)}\n`;
    const per = Math.max(0, Math.round((padTo - text.length) / statements / pad.length));
    text = parts.map((p) => pad.repeat(per) + p).join(';\n\n') + ';\n';
  }
  return text;
}
const time = (fn) => timeRuns(RUNS, fn);

const big = document(10_000, 5 * 1024 * 1024);
const split = await time(() => splitStatements(big));
const lensDoc = document(2_000);
const lenses = await time(() => statementLenses(lensDoc));
const report = {
  bench: 'splitter',
  runs: RUNS,
  split: { bytes: Buffer.byteLength(big), statements: split.result.length, medianMs: split.ms, targetMs: 100 },
  codeLens: { bytes: Buffer.byteLength(lensDoc), statements: lenses.result.length, medianMs: lenses.ms, targetMs: 50 },
};
report.met = split.result.length === 10_000 && lenses.result.length === 2_000 && split.ms <= 100 && lenses.ms <= 50;
console.log(JSON.stringify(report, null, 2));
