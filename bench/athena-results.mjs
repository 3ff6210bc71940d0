// Reading an Athena result: 1,000,000 rows × 10 columns, served by moto on loopback, read three
// ways in the same run:
//   (a) ours: the result CSV streamed from S3, parsed and typed by column (streamCsvRows, what the
//       Athena engine uses);
//   (b) what peers do: GetQueryResults, 1,000 rows per call, typed the same way. moto does not page
//       GetQueryResults, so the result is split over 1,000 executions of 1,000 rows each and read
//       with one call apiece: the same calls, rows per call and JSON per row as paging;
//   (c) the floor: GetObject and a bare split into fields, no quote handling, no typing.
// Prints JSON with rows/s and the ratios; targets a/b ≥ 10 and c/a ≤ 1.5. Real Athena answers a
// GetQueryResults call in tens to hundreds of milliseconds; moto on loopback is much faster, so
// a/b here understates the gap users see.
//   npm run bench:athena-results [-- --rows N --runs N]
import { TextDecoder } from 'node:util';
import { prepareAwsBench } from './prepare.mjs';
import { median, timeRuns, numberArg } from './stats.mjs';

const arg = numberArg;
const ROWS = arg('--rows', 1_000_000);
const RUNS = arg('--runs', 3);
const PAGE = 1000;
const REGION = 'us-east-1';
const log = (m) => process.stderr.write(`${m}\n`);

const { require, out } = await prepareAwsBench();
const { createAwsBackend } = out('src/engines/aws/index.js');
const { streamCsvRows } = out('src/engines/aws/athenaResults.js');
const { cellReader } = out('src/core/results/typing.js');
const { GetQueryResultsCommand, StartQueryExecutionCommand } = require('@aws-sdk/client-athena');
const { CreateBucketCommand, GetObjectCommand } = require('@aws-sdk/client-s3');
const { startMoto } = await import('../test/tools/moto.mjs');

const COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'agency', type: 'varchar' },
  { name: 'service', type: 'varchar' },
  { name: 'day', type: 'date' },
  { name: 'cost', type: 'decimal(12,2)' },
  { name: 'ratio', type: 'double' },
  { name: 'requests', type: 'integer' },
  { name: 'ok', type: 'boolean' },
  { name: 'at', type: 'timestamp' },
  { name: 'note', type: 'varchar' },
];
const AGENCIES = ['National Elections Office', 'dinum', 'insee', 'urssaf', 'Ministry of Culture'];
const SERVICES = ['compute', 'storage', 'network, egress', 'database', 'serverless'];
/** Row i as Athena writes it: text values, NULL as null. */
function rowText(i) {
  const x = (i * 2654435761) % 4294967296;
  return [
    String(i),
    AGENCIES[x % 5],
    SERVICES[Math.floor(x / 8) % 5],
    `2024-${String(1 + (x % 12)).padStart(2, '0')}-${String(1 + (x % 28)).padStart(2, '0')}`,
    ((x % 10_000_000) / 100).toFixed(2),
    String((x % 1000) / 7),
    String(x % 50_000),
    x % 3 ? 'true' : 'false',
    `2024-01-01 ${String(x % 24).padStart(2, '0')}:00:00.000`,
    x % 11 === 0 ? null : `note "${x % 97}"`,
  ];
}
const csvField = (v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

const moto = await startMoto();
const backend = createAwsBackend({ region: REGION, endpointUrl: moto.endpoint, workgroup: 'primary', resultReuseMinutes: 0, maxAttempts: 3 });
const { athena, s3 } = backend.clients;
try {
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-results' }));
  const uri = 's3://bench-results/queries/bench.csv';
  {
    const parts = [COLUMNS.map((c) => csvField(c.name)).join(',')];
    for (let i = 0; i < ROWS; i++) parts.push(rowText(i).map(csvField).join(','));
    const body = Buffer.from(parts.join('\n') + '\n');
    const t = performance.now();
    await backend.store.write(uri, body); // multipart above 8 MiB
    log(`bench: ${ROWS.toLocaleString('en')} rows × ${COLUMNS.length} columns, ${(body.length / 1e6).toFixed(1)} MB result CSV uploaded in ${Math.round(performance.now() - t)} ms`);
  }
  const readers = COLUMNS.map((c) => cellReader(c.type));
  // A checksum over typed values, so the three ways are seen to read the same rows.
  const sumRow = (r) => Number(r[0]) + (r[6] ?? 0) + (r[7] ? 1 : 0);

  async function timed(label, fn) {
    const { times, result } = await timeRuns(RUNS, fn, (k, ms, r) => log(`  ${label} run ${k + 1}: ${Math.round(ms)} ms, ${r.rows.toLocaleString('en')} rows`));
    return { ...result, ms: median(times) };
  }

  // (a) ours
  const a = await timed('(a) S3 CSV stream, typed', async () => {
    let rows = 0;
    let sum = 0;
    for await (const batch of streamCsvRows(backend.store, uri, COLUMNS)) {
      rows += batch.length;
      for (const r of batch) sum += sumRow(r);
    }
    return { rows, sum };
  });

  // (c) the floor
  const c = await timed('(c) GetObject + bare split, untyped', async () => {
    const r = await s3.send(new GetObjectCommand({ Bucket: 'bench-results', Key: 'queries/bench.csv' }));
    const decoder = new TextDecoder();
    let carry = '';
    let rows = -1; // the header
    let sum = 0;
    for await (const chunk of r.Body) {
      const text = carry + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        const fields = line.split(',');
        rows++;
        if (rows > 0) sum += Number(fields[0].slice(1, -1));
      }
    }
    return { rows, sum };
  });

  // (b) GetQueryResults, 1,000 rows per call
  const pages = Math.ceil(ROWS / PAGE);
  log(`  (b) seeding ${pages} executions of ${PAGE} rows in moto…`);
  const ids = [];
  for (let p = 0; p < pages; p++) {
    const rows = [];
    if (p === 0) rows.push({ Data: COLUMNS.map((col) => ({ VarCharValue: col.name })) });
    for (let i = p * PAGE; i < Math.min(ROWS, (p + 1) * PAGE); i++) rows.push({ Data: rowText(i).map((v) => (v === null ? {} : { VarCharValue: v })) });
    const column_info = COLUMNS.map((col) => ({ Name: col.name, Label: col.name, Type: col.type.replace(/\(.*/, ''), Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false }));
    const res = await fetch(`${moto.endpoint}/moto-api/static/athena/query-results`, { method: 'POST', body: JSON.stringify({ region: REGION, results: [{ rows, column_info }] }) });
    if (res.status !== 201) throw new Error(`seeding failed: ${res.status}`);
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: `SELECT * FROM bench -- page ${p}`, WorkGroup: 'primary' }));
    ids.push(QueryExecutionId);
  }
  const b = await (async () => {
    const t = performance.now();
    let rows = 0;
    let sum = 0;
    for (const [p, id] of ids.entries()) {
      const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE }));
      const data = r.ResultSet.Rows.slice(p === 0 ? 1 : 0);
      for (const row of data) {
        const typed = row.Data.map((d, k) => readers[k](d.VarCharValue ?? null));
        rows++;
        sum += sumRow(typed);
      }
    }
    const ms = performance.now() - t;
    log(`  (b) GetQueryResults × ${ids.length}: ${Math.round(ms)} ms, ${rows.toLocaleString('en')} rows`);
    return { rows, sum, ms };
  })();

  const rate = (x) => Math.round(x.rows / (x.ms / 1000));
  const report = {
    bench: 'athena-results',
    rows: ROWS,
    columns: COLUMNS.length,
    runs: RUNS,
    a_s3_stream_typed: { ms: Math.round(a.ms), rowsPerSec: rate(a), rows: a.rows },
    b_get_query_results_paging: { ms: Math.round(b.ms), rowsPerSec: rate(b), rows: b.rows, calls: ids.length },
    c_floor_getobject_split: { ms: Math.round(c.ms), rowsPerSec: rate(c), rows: c.rows },
    ratio_a_over_b: Math.round((rate(a) / rate(b)) * 100) / 100,
    ratio_c_over_a: Math.round((rate(c) / rate(a)) * 100) / 100,
    targets: { ratio_a_over_b: '>= 10', ratio_c_over_a: '<= 1.5' },
    sameRows: a.rows === ROWS && b.rows === ROWS && c.rows === ROWS && a.sum === b.sum,
  };
  report.met = report.ratio_a_over_b >= 10 && report.ratio_c_over_a <= 1.5 && report.sameRows;
  console.log(JSON.stringify(report, null, 2));
} finally {
  backend.dispose();
  await moto.stop();
}
