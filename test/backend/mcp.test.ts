import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = resolve(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
let workspace = '';
const SECRET = 'mcp-test-secret-9f8e7d6c';
/** Every tool answer of the file, to check that no credential is in any. */
const answers: string[] = [];

before(() => {
  // The sample lakehouse, copied and built, as `npm start` has it.
  workspace = mkdtempSync(join(tmpdir(), 'lakehouse-mcp-'));
  cpSync(join(root, 'samples', 'public-sector-lakehouse'), workspace, { recursive: true, filter: (src) => !/[\\/](s3|\.lakehouse)$/.test(src) });
  const built = spawnSync(process.execPath, [cli, 'sample', workspace], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
});

interface Session {
  readonly client: Client;
  readonly log: () => string;
  close(): Promise<void>;
}

/** `lakehouse mcp` on the sample, through the SDK's own client over stdio. */
async function connect(...flags: string[]): Promise<Session> {
  // A credential in the environment, to show that none reaches a tool result or the log.
  const env = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: 'AKIAMCPTESTMARKER', AWS_SECRET_ACCESS_KEY: SECRET };
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--workspace', workspace, ...flags], stderr: 'pipe', env });
  let log = '';
  transport.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const client = new Client({ name: 'lakehouse-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, log: () => log, close: () => client.close() };
}

interface ToolText {
  readonly text: string;
  readonly isError: boolean;
}

async function callTool(s: Session, name: string, args: Record<string, unknown>): Promise<ToolText> {
  const r = (await s.client.callTool({ name, arguments: args })) as { content: { type: string; text?: string }[]; isError?: boolean };
  const text = r.content.map((c) => c.text ?? '').join('');
  answers.push(text);
  return { text, isError: r.isError === true };
}

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
});

test('lakehouse mcp: the tools are listed; search, describe, estimate and a read query answer on the sample', async () => {
  const s = await connect();
  sessions.push(s);
  const { tools } = await s.client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), ['describe_table', 'estimate_query', 'run_query', 'sample_rows', 'search_catalog']);
  assert.match(tools.find((t) => t.name === 'run_query')?.description ?? '', /Read-only; a query whose estimate is above \$1 is refused/);

  const search = await callTool(s, 'search_catalog', { question: 'monthly cloud cost per provider', limit: 5 });
  assert.equal(search.isError, false, search.text);
  const hits = JSON.parse(search.text) as { table: string; why: string }[];
  assert.equal(hits[0]?.table, 'ps_cloud_curated.fact_cost_monthly');

  const described = JSON.parse((await callTool(s, 'describe_table', { database: 'ps_cloud_curated', table: 'fact_cost_monthly' })).text) as {
    columns: { name: string; type: string }[];
    partitionKeys: { name: string }[];
    format: string;
  };
  assert.ok(described.columns.some((c) => c.name === 'cost_eur' && c.type === 'decimal(12,2)'));
  assert.deepEqual(described.partitionKeys.map((k) => k.name), ['year', 'month']);
  assert.equal(described.format, 'parquet');
  const missing = await callTool(s, 'describe_table', { database: 'ps_cloud_curated', table: 'nope' });
  assert.equal(missing.isError, true);
  assert.match(missing.text, /not in the catalog/);

  const estimate = JSON.parse((await callTool(s, 'estimate_query', { sql: "SELECT sum(cost_eur) FROM ps_cloud_curated.fact_cost_monthly WHERE year = '2023'" })).text) as {
    kind: string;
    bytes: number;
    billedBytes: number;
    costUsd: number;
    label: string;
  };
  assert.equal(estimate.kind, 'scan');
  assert.ok(estimate.bytes > 0 && estimate.billedBytes >= 10 * 1024 * 1024, `${estimate.bytes} bytes, billed ${estimate.billedBytes}`);
  assert.ok(estimate.costUsd > 0 && estimate.costUsd < 0.001);
  assert.match(estimate.label, /\$/);

  const count = await callTool(s, 'run_query', { sql: 'SELECT count(*) FROM ps_cloud_raw.agencies' });
  assert.equal(count.isError, false, count.text);
  const answer = JSON.parse(count.text) as { rows: Record<string, unknown>[]; columns: { name: string }[]; estimate: { label: string } };
  assert.deepEqual(answer.columns.map((c) => c.name), ['_col0']);
  assert.equal(Number(answer.rows[0]?._col0), 20);

  const sample = JSON.parse((await callTool(s, 'sample_rows', { database: 'ps_cloud_raw', table: 'agencies', rows: 3 })).text) as { rows: unknown[] };
  assert.equal(sample.rows.length, 3);
  const capped = JSON.parse((await callTool(s, 'run_query', { sql: 'SELECT * FROM ps_cloud_raw.services', max_rows: 1000 })).text) as { rows: unknown[]; truncated: boolean };
  assert.equal(capped.rows.length, 100, 'rows are capped at --max-rows (100 by default)');
  assert.equal(capped.truncated, true);
  // Every call is on stderr, with its SQL and estimate.
  assert.match(s.log(), /run_query: SELECT count\(\*\) FROM ps_cloud_raw\.agencies → 1 rows · estimate .*\$/);
});

test('lakehouse mcp: read-only by default, a DROP refused and the table still there; a file outside the lakehouse stays unread', async () => {
  const s = await connect();
  sessions.push(s);
  const drop = await callTool(s, 'run_query', { sql: 'DROP TABLE ps_cloud_raw.agencies' });
  assert.equal(drop.isError, true);
  assert.match(drop.text, /read-only/);
  const view = await callTool(s, 'run_query', { sql: 'CREATE VIEW ps_cloud_raw.v AS SELECT 1 AS x' });
  assert.equal(view.isError, true);
  assert.match(view.text, /--allow-write/);
  const still = await callTool(s, 'describe_table', { database: 'ps_cloud_raw', table: 'agencies' });
  assert.equal(still.isError, false, 'the table is still there');
  const file = await callTool(s, 'run_query', { sql: "SELECT * FROM '/etc/passwd'" });
  assert.equal(file.isError, true);
  assert.doesNotMatch(file.text, /root:/);
  const two = await callTool(s, 'run_query', { sql: 'SELECT 1; SELECT 2' });
  assert.match(two.text, /one statement at a time/);
  assert.match(s.log(), /run_query: DROP TABLE ps_cloud_raw\.agencies → refused/);
});

test('lakehouse mcp --max-usd 0.00001: a query is refused before it runs', async () => {
  const s = await connect('--max-usd', '0.00001');
  sessions.push(s);
  const r = await callTool(s, 'run_query', { sql: 'SELECT count(*) FROM ps_cloud_raw.agencies' });
  assert.equal(r.isError, true);
  assert.match(r.text, /refused before running: the estimate is .* above the limit of \$0\.00001/);
  assert.doesNotMatch(s.log(), /run_query: .* rows/);
});

test('lakehouse mcp --allow-write: a CREATE VIEW works; a DROP still needs --allow-destructive', async () => {
  const s = await connect('--allow-write');
  sessions.push(s);
  const view = await callTool(s, 'run_query', { sql: 'CREATE VIEW ps_cloud_raw.agency_names AS SELECT agency_name FROM ps_cloud_raw.agencies' });
  assert.equal(view.isError, false, view.text);
  const rows = JSON.parse((await callTool(s, 'run_query', { sql: 'SELECT count(*) AS n FROM ps_cloud_raw.agency_names' })).text) as { rows: { n: unknown }[] };
  assert.equal(Number(rows.rows[0]?.n), 20);
  const found = JSON.parse((await callTool(s, 'search_catalog', { question: 'agency names' })).text) as { table: string }[];
  assert.ok(found.some((h) => h.table === 'ps_cloud_raw.agency_names'), 'search sees the new view');
  const drop = await callTool(s, 'run_query', { sql: 'DROP VIEW ps_cloud_raw.agency_names' });
  assert.equal(drop.isError, true);
  assert.match(drop.text, /--allow-destructive/);
});

test('lakehouse mcp: no credential in any tool answer or log line', async () => {
  const s = await connect();
  sessions.push(s);
  await callTool(s, 'run_query', { sql: 'SELECT count(*) FROM ps_cloud_raw.agencies' });
  await callTool(s, 'run_query', { sql: "SELECT * FROM '/proc/self/environ'" });
  await callTool(s, 'run_query', { sql: "SELECT getenv('AWS_SECRET_ACCESS_KEY')" });
  // Every answer of this file's sessions, and every log line.
  const everything = [...answers, ...sessions.map((x) => x.log())].join('\n');
  assert.ok(answers.length >= 3);
  assert.ok(!everything.includes(SECRET) && !everything.includes('AKIAMCPTESTMARKER'), 'a credential reached a tool answer or the log');
});
