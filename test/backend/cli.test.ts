import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { findWorkspace } from '../../src/cli/workspace';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function lakehouse(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-cli-'));
  mkdirSync(join(dir, '.vscode'));
  // The CLI honours the workspace's setting, JSONC included, as the extension does.
  writeFileSync(join(dir, '.vscode', 'settings.json'), '{\n  // where s3:// lives locally\n  "lakehouse.local.s3Root": "lake",\n}\n');
  mkdirSync(join(dir, 'lake', 'bkt', 'agencies'), { recursive: true });
  writeFileSync(join(dir, 'lake', 'bkt', 'agencies', 'a.csv'), 'dinum,12\ninsee,7\n');
  writeFileSync(
    join(dir, '01_raw.sql'),
    `CREATE DATABASE IF NOT EXISTS raw;
     CREATE EXTERNAL TABLE IF NOT EXISTS raw.agencies (name string, staff int)
     ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://bkt/agencies/';
     SELECT name, staff FROM raw.agencies ORDER BY staff DESC;`,
  );
  return dir;
}

test('lakehouse run FILE runs every statement on the workspace found from the file', async () => {
  const dir = workspace();
  const r = await lakehouse(tmpdir(), 'run', join(dir, '01_raw.sql'), '--format', 'csv');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'name,staff\ndinum,12\ninsee,7\n\n');
  assert.match(r.stderr, /\[3\/3\] SELECT name, staff/);
});

test('--statement N runs one statement; --format json prints one object per statement', async () => {
  const dir = workspace();
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql', '--statement', '1')).code, 0);
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql', '--statement', '2')).code, 0);
  const r = await lakehouse(dir, 'run', '01_raw.sql', '--statement', '3', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { statement: number; rows: unknown[]; columns: { name: string; type: string }[] };
  assert.equal(doc.statement, 3);
  assert.deepEqual(doc.rows, [
    { name: 'dinum', staff: 12 },
    { name: 'insee', staff: 7 },
  ]);
  assert.deepEqual(doc.columns, [
    { name: 'name', type: 'varchar' },
    { name: 'staff', type: 'integer' },
  ]);
});

test('lakehouse run -e and lakehouse catalog', async () => {
  const dir = workspace();
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql')).code, 0);
  const e = await lakehouse(dir, 'run', '-e', "SELECT count(*) AS n FROM raw.agencies WHERE name LIKE 'd%'", '--format', 'json');
  assert.equal(e.code, 0, e.stderr);
  assert.deepEqual((JSON.parse(e.stdout) as { rows: unknown[] }).rows, [{ n: '1' }]);
  const dbs = await lakehouse(dir, 'catalog', '--format', 'json');
  assert.deepEqual(JSON.parse(dbs.stdout), [
    { database: 'default', tables: 0 },
    { database: 'raw', tables: 1 },
  ]);
  const cols = await lakehouse(dir, 'catalog', 'raw', 'agencies', '--format', 'csv');
  assert.equal(cols.stdout, 'column,type,partition_key,comment\nname,string,false,\nstaff,int,false,\n');
});

test('errors go to stderr with a non-zero exit', async () => {
  const dir = workspace();
  const failed = await lakehouse(dir, 'run', '-e', 'SELEC 1');
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /failed.*Syntax error: SELEC does not begin an Athena statement/);
  const usage = await lakehouse(dir, 'run', '-e', 'SELECT 1', '--format', 'xml');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format takes table, csv or json/);
  const missing = await lakehouse(dir, 'run', '/no/such/file.sql');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read/);
  const range = await lakehouse(dir, 'run', '01_raw.sql', '--statement', '9');
  assert.equal(range.code, 2);
  assert.match(range.stderr, /3 statements/);
});

test('destructive statements need --yes; a CTAS into a non-empty location is refused before it runs', async () => {
  const dir = workspace();
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql')).code, 0);
  const refused = await lakehouse(dir, 'run', '-e', 'DROP TABLE raw.agencies');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /refused: drop table raw\.agencies \(For an external table the files in S3 stay.*\) Pass --yes to run destructive statements\./);
  assert.equal((await lakehouse(dir, 'catalog', 'raw', 'agencies')).code, 0, 'the table is still there');

  const ctas = await lakehouse(dir, 'run', '-e', "CREATE TABLE raw.copy WITH (format = 'PARQUET', external_location = 's3://bkt/agencies/') AS SELECT * FROM raw.agencies");
  assert.equal(ctas.code, 1);
  assert.match(ctas.stderr, /writes to s3:\/\/bkt\/agencies\/, which is not empty \(it holds a\.csv/);

  const dropped = await lakehouse(dir, 'run', '-e', 'DROP TABLE raw.agencies', '--yes');
  assert.equal(dropped.code, 0, dropped.stderr);
  assert.equal((await lakehouse(dir, 'catalog', 'raw', 'agencies')).code, 1);
});

test('lakehouse ddl: the three layers from a sample run as they are; --json describes the sample; unreadable samples say why', async () => {
  const dir = workspace();
  // The raw zone on the local engine is a folder under the workspace's s3 root ("lake").
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'lakehouse.local.s3Root': 'lake', 'lakehouse.zones.raw': 's3://zone/raw', 'lakehouse.zones.curated': 's3://zone/curated/' }));
  mkdirSync(join(dir, 'lake', 'zone', 'raw', 'spend'), { recursive: true });
  const csv = 'Agency,Zip,Amount (EUR),Day\n"Taxes, Economy",01000,12.50,01/31/2024\nBenefits,75001,7.25,02/15/2024\n';
  writeFileSync(join(dir, 'lake', 'zone', 'raw', 'spend', 'spend.csv'), csv);
  writeFileSync(join(dir, 'spend.csv'), csv);

  const described = await lakehouse(dir, 'ddl', 'spend.csv', '--json');
  assert.equal(described.code, 0, described.stderr);
  const doc = JSON.parse(described.stdout) as { serde: string; columns: { name: string; rawType: string; stagingType: string; format?: string }[] };
  assert.equal(doc.serde, 'opencsv');
  assert.deepEqual(
    doc.columns.map((c) => [c.name, c.rawType, c.stagingType, c.format ?? '']),
    [
      ['agency', 'string', 'string', ''],
      ['zip', 'string', 'string', ''],
      ['amount_eur', 'string', 'decimal(4,2)', ''],
      ['day_', 'string', 'date', '%m/%d/%Y'],
    ],
  );

  const ddl = await lakehouse(dir, 'ddl', 'spend.csv');
  assert.equal(ddl.code, 0, ddl.stderr);
  writeFileSync(join(dir, 'spend.sql'), ddl.stdout);
  const ran = await lakehouse(dir, 'run', 'spend.sql');
  assert.equal(ran.code, 0, ran.stderr);
  const curated = await lakehouse(dir, 'run', '-e', 'SELECT agency, zip, amount_eur, day_ FROM curated.spend ORDER BY day_', '--format', 'csv');
  assert.equal(curated.stdout, 'agency,zip,amount_eur,day_\n"Taxes, Economy",01000,12.50,2024-01-31\nBenefits,75001,7.25,2024-02-15\n\n');

  writeFileSync(join(dir, 'bad.csv'), Buffer.from([0xff, 0xfe, 0x61, 0x00]));
  const bad = await lakehouse(dir, 'ddl', 'bad.csv');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad\.csv: The file is UTF-16 encoded/);
});

test('lakehouse ddl: integers are bigint in raw and staging, not the narrowest type the sample fits (a setting asks for that)', async () => {
  const dir = workspace();
  const lines = ['order_id,qty'];
  for (let id = 1001; id <= 1999; id++) lines.push(`${id},${id % 7}`);
  writeFileSync(join(dir, 'orders.csv'), `${lines.join('\n')}\n`);
  const described = await lakehouse(dir, 'ddl', 'orders.csv', '--json');
  assert.equal(described.code, 0, described.stderr);
  const doc = JSON.parse(described.stdout) as { columns: { name: string; rawType: string; stagingType: string }[] };
  assert.deepEqual(doc.columns.map((c) => [c.name, c.rawType, c.stagingType]), [['order_id', 'bigint', 'bigint'], ['qty', 'bigint', 'bigint']]);
  const ddl = await lakehouse(dir, 'ddl', 'orders.csv', '--layers', 'raw,staging');
  assert.equal(ddl.code, 0, ddl.stderr);
  assert.match(ddl.stdout, /`order_id` bigint/);
  assert.doesNotMatch(ddl.stdout, /smallint|tinyint/);

  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'lakehouse.scaffold.integers': 'narrowest' }));
  const narrow = await lakehouse(dir, 'ddl', 'orders.csv', '--json');
  assert.equal(narrow.code, 0, narrow.stderr);
  const narrowDoc = JSON.parse(narrow.stdout) as { columns: { name: string; rawType: string; stagingType: string }[] };
  assert.deepEqual(narrowDoc.columns.map((c) => [c.name, c.stagingType]), [['order_id', 'smallint'], ['qty', 'tinyint']]);
});

test('lakehouse estimate: bytes and dollars per statement before running, --statement N, --json, and a clear failure for unknown tables', async () => {
  const dir = workspace();
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql', '--statement', '1')).code, 0);
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql', '--statement', '2')).code, 0);
  const text = await lakehouse(dir, 'estimate', '01_raw.sql');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\[1\/3\] CREATE DATABASE IF NOT EXISTS raw\n {2}free \(CREATE DATABASE is DDL: not billed\)/);
  assert.match(text.stdout, /\[3\/3\] SELECT name, staff FROM raw\.agencies ORDER BY staff DESC\n {2}≈ 17 B · \$0\.000048 \(billed 10,485,760 bytes\)\n {4}raw\.agencies: 17 bytes · 1 object · objects\n/);
  const json = await lakehouse(dir, 'estimate', '01_raw.sql', '--statement', '3', '--json');
  assert.equal(json.code, 0, json.stderr);
  const e = JSON.parse(json.stdout) as { statement: number; kind: string; bytes: number; billedBytes: number; costUsd: number; tables: { table: string; objects: number }[] };
  assert.deepEqual([e.statement, e.kind, e.bytes, e.billedBytes], [3, 'scan', 17, 10 * 1024 * 1024]);
  assert.deepEqual(e.tables.map((t) => [t.table, t.objects]), [['raw.agencies', 1]]);
  const missing = await lakehouse(dir, 'estimate', '-e', 'SELECT * FROM raw.nothing');
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /raw\.nothing is not in the catalog: not counted/);
});

test('lakehouse catalog --search: the tables a question is about, best first, as JSON', async () => {
  const dir = workspace();
  writeFileSync(
    join(dir, '02_more.sql'),
    `CREATE EXTERNAL TABLE raw.cloud_costs (agency string, provider string, cost_eur double) LOCATION 's3://bkt/costs/';
     CREATE EXTERNAL TABLE raw.incidents (incident_id string, severity string) LOCATION 's3://bkt/incidents/';`,
  );
  assert.equal((await lakehouse(dir, 'run', '01_raw.sql')).code, 0);
  assert.equal((await lakehouse(dir, 'run', '02_more.sql')).code, 0);
  const r = await lakehouse(dir, 'catalog', '--search', 'how much did each agency spend per provider?', '--limit', '2', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const hits = JSON.parse(r.stdout) as { table: string; score: number; why: string }[];
  assert.equal(hits.length, 2);
  assert.deepEqual(Object.keys(hits[0] ?? {}), ['table', 'score', 'why']);
  assert.equal(hits[0]?.table, 'raw.cloud_costs');
  assert.match(hits[0]?.why ?? '', /spend ~ cost/);
  assert.ok((hits[0]?.score ?? 0) > (hits[1]?.score ?? 0));
  const outage = JSON.parse((await lakehouse(dir, 'catalog', '--search', 'outages', '--format', 'json')).stdout) as { table: string }[];
  assert.deepEqual(outage.map((h) => h.table), ['raw.incidents']);
  const bad = await lakehouse(dir, 'catalog', 'raw', '--search', 'x');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--search takes no DATABASE/);
});

test('options are parsed by Node (util.parseArgs): unknown ones and missing values are usage errors; -e takes SQL that starts with a comment', async () => {
  const dir = workspace();
  const unknown = await lakehouse(dir, 'run', '--frmat', 'csv', '-e', 'SELECT 1');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown option '--frmat'/);
  const missing = await lakehouse(dir, 'run', '-e');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /argument missing/);
  const badLimit = await lakehouse(dir, 'catalog', '--search', 'x', '--limit', '2.5');
  assert.equal(badLimit.code, 2);
  assert.match(badLimit.stderr, /--limit takes a positive whole number/);
  const commented = await lakehouse(dir, 'run', '-e', '-- the answer\nSELECT 42 AS answer', '--format', 'csv');
  assert.equal(commented.code, 0, commented.stderr);
  assert.equal(commented.stdout, 'answer\n42\n\n');
});

test('workspace settings are read as VS Code reads them (jsonc-parser): comments, trailing commas, and strings left as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-jsonc-'));
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.vscode', 'settings.json'), '{\n  // a comment\n  "lakehouse.local.s3Root": "lake,]dir", /* and another */\n  "lakehouse.aws.workgroup": "wg // not a comment",\n  "list": [1, 2,],\n}\n');
  const ws = findWorkspace(dir, undefined, undefined);
  assert.equal(ws.s3Root, join(dir, 'lake,]dir'), 'a string holding ",]" is kept as written');
  assert.equal(ws.settings['lakehouse.aws.workgroup'], 'wg // not a comment');
  writeFileSync(join(dir, '.vscode', 'settings.json'), '{\n  "lakehouse.local.s3Root": "lake"\n  "oops": 1\n}\n');
  assert.throws(() => findWorkspace(dir, undefined, undefined), /settings\.json is not valid JSON with comments: CommaExpected at line 3/);
});

test("the local engine's clock is Athena's session zone, UTC, whatever the machine's zone", async () => {
  const dir = workspace();
  const before = new Date();
  const r = await new Promise<{ code: number; stdout: string }>((done) => {
    const env = { ...process.env, TZ: 'Pacific/Kiritimati' };
    execFile(process.execPath, [cli, 'run', '-e', 'SELECT CAST(current_date AS varchar) AS d, hour(now()) AS h', '--format', 'json'], { cwd: dir, env }, (error, stdout) => {
      done({ code: error ? 1 : 0, stdout });
    });
  });
  const after = new Date();
  assert.equal(r.code, 0, r.stdout);
  const [row] = (JSON.parse(r.stdout) as { rows: { d: string; h: string }[] }).rows;
  assert.ok([before, after].some((t) => t.toISOString().slice(0, 10) === row?.d), `current_date ${row?.d}`);
  assert.ok([before, after].some((t) => t.getUTCHours() === Number(row?.h)), `hour ${row?.h}`);
});
