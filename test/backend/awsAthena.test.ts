import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { AthenaClient, CreateWorkGroupCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createAwsBackend, type AwsBackend } from '../../src/engines/aws';
import { AthenaExecution } from '../../src/engines/aws/athenaEngine';
import type { AwsSettings } from '../../src/engines/aws/clients';
import { collect, runAndCollect } from '../../src/engines/collect';
import type { QueryRequest, Row } from '../../src/engines/types';
import { jsonError, s3Error, startAwsProxy, type AwsProxy } from '../helpers/awsProxy';
import { motoUrl, seedAthenaResults, setExecutionProgress, skipWithoutMoto, testSettings, type SeedColumn } from '../helpers/moto';

// Athena's seeded-results queue is per region: this file has its own.
const REGION = 'eu-west-2';
const BUCKET = 'lh-athena-results';
const OUTPUT = `s3://${BUCKET}/queries/`;
const FAST_POLL = { pollInitialMs: 20, pollMaxMs: 100 };

const TYPED_COLUMNS: SeedColumn[] = [
  { name: 'agency', type: 'varchar' },
  { name: 'n', type: 'integer' },
  { name: 'big', type: 'bigint' },
  { name: 'ratio', type: 'double' },
  { name: 'cost', type: 'decimal', precision: 10, scale: 2 },
  { name: 'ok', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'timestamp' },
  { name: 'tags', type: 'array' },
];
const TYPED_ROWS: (string | null)[][] = [
  ['dinum', '3', '9007199254740993', '0.25', '30500.00', 'true', '2024-01-31', '2024-01-31 12:00:00.000', '[a, b]'],
  ['', null, null, 'NaN', null, 'false', null, null, '[]'],
];

describe('Athena engine against moto', { skip: skipWithoutMoto }, () => {
  let proxy: AwsProxy;
  let backend: AwsBackend;
  let athena: AthenaClient;
  let s3: S3Client;
  const open: AwsBackend[] = [];

  const backendWith = (over: Partial<AwsSettings> = {}, options = {}): AwsBackend => {
    const b = createAwsBackend(testSettings({ region: REGION, endpointUrl: proxy.endpoint, outputLocation: OUTPUT, ...over }), { ...FAST_POLL, ...options });
    open.push(b);
    return b;
  };
  const startBody = (): Record<string, unknown> => {
    const calls = proxy.calls.filter((c) => c.action === 'AmazonAthena.StartQueryExecution');
    return calls[calls.length - 1]?.body ?? {};
  };

  before(async () => {
    athena = new AthenaClient({ region: REGION, endpoint: motoUrl() });
    s3 = new S3Client({ region: REGION, endpoint: motoUrl(), forcePathStyle: true });
    // Tolerate a moto that an earlier run already used.
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } })).catch((e: Error) => {
      if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
    });
    proxy = await startAwsProxy(motoUrl());
    backend = backendWith();
  });

  afterEach(async () => {
    proxy.clearFaults();
    await setExecutionProgress('immediate');
  });

  after(async () => {
    for (const b of open) b.dispose();
    athena?.destroy();
    s3?.destroy();
    await proxy?.stop();
  });

  test('a started query is polled through QUEUED and RUNNING to SUCCEEDED; rows come typed from the result CSV', async () => {
    await seedAthenaResults(REGION, [{ columns: TYPED_COLUMNS, rows: TYPED_ROWS }]);
    await setExecutionProgress(2);
    const polls = proxy.count('AmazonAthena.GetQueryExecution');
    const started = await backend.engine.start({ sql: 'SELECT * FROM spend', database: 'finops', catalog: 'AwsDataCatalog' });
    assert.ok(started.ok, started.ok ? '' : started.message);
    assert.ok(proxy.count('AmazonAthena.GetQueryExecution') - polls >= 4, 'polled while QUEUED and RUNNING');
    const body = startBody();
    assert.deepEqual(body.QueryExecutionContext, { Database: 'finops', Catalog: 'AwsDataCatalog' });
    assert.equal(body.WorkGroup, 'primary');
    assert.deepEqual(body.ResultConfiguration, { OutputLocation: OUTPUT });

    const execution = started.execution;
    assert.deepEqual(
      execution.columns.map((c) => `${c.name}:${c.type}`),
      ['agency:varchar', 'n:integer', 'big:bigint', 'ratio:double', 'cost:decimal(10,2)', 'ok:boolean', 'day:date', 'at:timestamp', 'tags:array'],
    );
    const rows: Row[] = [];
    for await (const b of execution.batches()) rows.push(...b);
    assert.ok(execution instanceof AthenaExecution);
    assert.equal(execution.source, 'csv');
    assert.deepEqual(rows, [
      ['dinum', 3, '9007199254740993', 0.25, '30500.00', true, '2024-01-31', '2024-01-31 12:00:00.000', '[a, b]'],
      ['', null, null, 'NaN', null, false, null, null, '[]'],
    ]);
    assert.equal(execution.stats().state, 'SUCCEEDED');
  });

  test('cancelling calls StopQueryExecution and moto shows the execution CANCELLED', async () => {
    await setExecutionProgress(10_000); // stays QUEUED until stopped
    const abort = new AbortController();
    const pending = backend.engine.start({ sql: 'SELECT count(*) FROM big_table', signal: abort.signal });
    const deadline = Date.now() + 20_000;
    while (proxy.count('AmazonAthena.StartQueryExecution') === 0 || proxy.calls[proxy.calls.length - 1]?.action !== 'AmazonAthena.GetQueryExecution') {
      if (Date.now() > deadline) throw new Error('timed out waiting for the engine to poll the started query');
      await new Promise((r) => setTimeout(r, 10));
    }
    abort.abort();
    const outcome = await pending;
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.cancelled);
    const stop = proxy.calls.filter((c) => c.action === 'AmazonAthena.StopQueryExecution');
    assert.equal(stop.length, 1);
    const id = stop[0]?.body.QueryExecutionId as string;
    assert.match(outcome.ok ? '' : outcome.message, new RegExp(`stopped execution ${id}`));
    const state = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    assert.equal(state.QueryExecution?.Status?.State, 'CANCELLED');
  });

  test("a FAILED execution's message and its line/column reach the caller", async () => {
    // moto never fails a query; the proxy turns its answer into the one Athena gives for bad SQL.
    const message = "COLUMN_NOT_FOUND: line 2:8: Column 'nope' cannot be resolved or requester is not authorized to access requested resources";
    proxy.addFault({
      action: 'AmazonAthena.GetQueryExecution',
      rewrite: (json) => {
        const q = json.QueryExecution as Record<string, unknown>;
        return { QueryExecution: { ...q, Status: { State: 'FAILED', StateChangeReason: message, AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: message } } } };
      },
    });
    const outcome = await backend.engine.start({ sql: 'SELECT agency,\n       nope\nFROM spend' });
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok);
    assert.equal(outcome.cancelled, false);
    assert.equal(outcome.message, message);
    assert.deepEqual(outcome.position, { line: 2, column: 8 });
    assert.equal(outcome.stats?.state, 'FAILED');
  });

  test('100,000 rows: streamed from the result CSV with types, and the paging fallback returns the same rows', async () => {
    const columns: SeedColumn[] = [
      { name: 'id', type: 'bigint' },
      { name: 'agency', type: 'varchar' },
      { name: 'cost', type: 'decimal', precision: 12, scale: 2 },
      { name: 'ratio', type: 'double' },
      { name: 'ok', type: 'boolean' },
    ];
    const rows = Array.from({ length: 100_000 }, (_, i) => [String(i), i % 7 === 0 ? null : `agency ${i % 13}`, (i * 1.25).toFixed(2), String(i / 8), i % 2 ? 'true' : 'false']);
    await seedAthenaResults(REGION, [
      { columns, rows },
      { columns, rows },
    ]);
    const expected: Row[] = rows.map((r) => [r[0] ?? null, r[1] ?? null, r[2] ?? null, Number(r[3]), r[4] === 'true']);

    const streamed = await runAndCollect(backend.engine, { sql: 'SELECT * FROM spend_100k' }, 1_000_000);
    assert.ok(streamed.ok, streamed.ok ? '' : streamed.message);
    assert.equal(streamed.result.rows.length, 100_000);
    assert.deepEqual(streamed.result.rows, expected);

    const paging = backendWith({}, { resultSource: 'paging' });
    const paged = await runAndCollect(paging.engine, { sql: 'SELECT * FROM spend_100k' }, 1_000_000);
    assert.ok(paged.ok, paged.ok ? '' : paged.message);
    assert.deepEqual(paged.result.rows, expected);
  });

  test("an earlier execution's stored result re-opens without running the query again", async () => {
    await seedAthenaResults(REGION, [{ columns: TYPED_COLUMNS, rows: TYPED_ROWS }]);
    const first = await runAndCollect(backend.engine, { sql: 'SELECT * FROM spend' }, 100);
    assert.ok(first.ok);
    assert.match(first.result.outputLocation ?? '', new RegExp(`^${OUTPUT}${first.result.id}\\.csv$`));
    const starts = proxy.count('AmazonAthena.StartQueryExecution');
    const again = await collect(await (backend.engine.reopen?.(first.result.id) ?? Promise.reject(new Error('no reopen'))), undefined, 100);
    assert.ok(again.ok, again.ok ? '' : again.message);
    assert.deepEqual(again.result.rows, first.result.rows);
    assert.equal(proxy.count('AmazonAthena.StartQueryExecution'), starts, 'nothing was started');
  });

  test('the paging fallback follows NextToken page after page (2,500 rows, at most 1,000 per call)', async () => {
    const paging = await startAwsProxy(motoUrl(), { pageResults: true });
    const b = createAwsBackend(testSettings({ region: REGION, endpointUrl: paging.endpoint, outputLocation: OUTPUT }), { ...FAST_POLL, resultSource: 'paging' });
    try {
      const columns: SeedColumn[] = [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'varchar' },
      ];
      const rows = Array.from({ length: 2500 }, (_, i) => [String(i), `n${i}`]);
      await seedAthenaResults(REGION, [{ columns, rows }]);
      const outcome = await runAndCollect(b.engine, { sql: 'SELECT id, name FROM t' }, 10_000);
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
      assert.deepEqual(outcome.result.rows, rows.map((r) => [Number(r[0]), r[1] ?? null]));
      // Header + 2,500 rows = 2,501 rows: pages of 1,000, 1,000 and 501 (the first brings the metadata).
      assert.equal(paging.count('AmazonAthena.GetQueryResults'), 3);
      assert.ok(paging.calls.filter((c) => c.action === 'AmazonAthena.GetQueryResults').slice(1).every((c) => typeof c.body.NextToken === 'string'));
    } finally {
      b.dispose();
      await paging.stop();
    }
  });

  test('quoted commas, doubled quotes and line breaks in values survive the CSV reader', async () => {
    const columns: SeedColumn[] = [
      { name: 'id', type: 'integer' },
      { name: 'note', type: 'varchar' },
    ];
    await seedAthenaResults(REGION, [{ columns, rows: [['1', 'x']] }]);
    const started = await backend.engine.start({ sql: 'SELECT id, note FROM notes' });
    assert.ok(started.ok);
    const execution = started.execution as AthenaExecution;
    // Athena's own writer quotes every value and doubles quotes; moto's does not, so put Athena's
    // bytes at the execution's output location before reading.
    const uri = execution.outputLocation ?? '';
    const key = uri.replace(`s3://${BUCKET}/`, '');
    const csv = '"id","note"\r\n"1","a, b"\r\n"2","she said ""hi"""\r\n"3","two\nlines"\r\n"4",\r\n"5",""\r\n';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: csv }));
    const rows: Row[] = [];
    for await (const b of execution.batches()) rows.push(...b);
    assert.deepEqual(rows, [
      [1, 'a, b'],
      [2, 'she said "hi"'],
      [3, 'two\nlines'],
      [4, null],
      [5, ''],
    ]);
  });

  test('when the result object cannot be read (no s3:GetObject), rows come through GetQueryResults instead', async () => {
    await seedAthenaResults(REGION, [{ columns: TYPED_COLUMNS, rows: TYPED_ROWS }]);
    proxy.addFault({ action: `S3 GET /${BUCKET}/queries/`, respond: s3Error('AccessDenied', 'Access Denied', 403) });
    const started = await backend.engine.start({ sql: 'SELECT * FROM spend' });
    assert.ok(started.ok);
    const rows: Row[] = [];
    for await (const b of started.execution.batches()) rows.push(...b);
    const execution = started.execution as AthenaExecution;
    assert.equal(execution.source, 'paging-after-csv-failed');
    assert.match(execution.csvProblem ?? '', /Access denied: .* s3:GetObject on s3:\/\/lh-athena-results\/queries\//);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], ['dinum', 3, '9007199254740993', 0.25, '30500.00', true, '2024-01-31', '2024-01-31 12:00:00.000', '[a, b]']);
  });

  test('DDL and SHOW output (no header row) is read through GetQueryResults', async () => {
    await seedAthenaResults(REGION, [{ columns: [{ name: 'tab_name', type: 'string' }], rows: [['raw_spend'], ['dim_agency']], header: false }]);
    const outcome = await runAndCollect(backend.engine, { sql: 'SHOW TABLES IN finops' }, 100);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.deepEqual(outcome.result.rows, [['raw_spend'], ['dim_agency']]);
  });

  test('statistics: bytes scanned, engine and queue time, result reuse', async () => {
    await seedAthenaResults(REGION, [{ columns: [{ name: 'x', type: 'integer' }], rows: [['1']] }]);
    proxy.addFault({
      action: 'AmazonAthena.GetQueryExecution',
      rewrite: (json) => {
        const q = json.QueryExecution as Record<string, unknown>;
        return {
          QueryExecution: {
            ...q,
            Statistics: { DataScannedInBytes: 1_234_567_890, EngineExecutionTimeInMillis: 1500, QueryQueueTimeInMillis: 40, TotalExecutionTimeInMillis: 1600, ResultReuseInformation: { ReusedPreviousResult: true } },
          },
        };
      },
    });
    const reuse = backendWith({ resultReuseMinutes: 60 });
    const outcome = await runAndCollect(reuse.engine, { sql: 'SELECT 1 AS x' }, 10);
    assert.ok(outcome.ok);
    const { stats } = outcome.result;
    assert.equal(stats.bytesScanned, 1_234_567_890);
    assert.equal(stats.engineMs, 1500);
    assert.equal(stats.queueMs, 40);
    assert.equal(stats.reusedPreviousResult, true);
    assert.deepEqual(startBody().ResultReuseConfiguration, { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } });

    // Reuse applies to SELECT only: DDL goes without it.
    await seedAthenaResults(REGION, [{ columns: [], rows: [], header: false }]);
    await runAndCollect(reuse.engine, { sql: 'CREATE DATABASE IF NOT EXISTS lh_reuse' }, 10);
    assert.equal(startBody().ResultReuseConfiguration, undefined);
  });

  test('execution parameters fill ? placeholders', async () => {
    await seedAthenaResults(REGION, [{ columns: [{ name: 'x', type: 'integer' }], rows: [['1']] }]);
    const request: QueryRequest = { sql: 'SELECT * FROM spend WHERE year = ? AND agency = ?', parameters: ['2024', "'dinum'"] };
    const outcome = await runAndCollect(backend.engine, request, 10);
    assert.ok(outcome.ok);
    assert.deepEqual(startBody().ExecutionParameters, ['2024', "'dinum'"]);
    const recorded = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: outcome.result.id }));
    assert.deepEqual(recorded.QueryExecution?.ExecutionParameters, ['2024', "'dinum'"]);
  });

  test('a workgroup that enforces its own result location gets none from us', async () => {
    await athena
      .send(
        new CreateWorkGroupCommand({
          Name: 'enforced',
          Configuration: { EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: `s3://${BUCKET}/enforced/` } },
        }),
      )
      .catch((e: Error) => {
        if (!/already exists/i.test(e.message)) throw e;
      });
    await seedAthenaResults(REGION, [{ columns: [{ name: 'x', type: 'integer' }], rows: [['1']] }]);
    const enforced = backendWith({ workgroup: 'enforced' });
    const outcome = await runAndCollect(enforced.engine, { sql: 'SELECT 1 AS x' }, 10);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(startBody().WorkGroup, 'enforced');
    assert.equal(startBody().ResultConfiguration, undefined);
  });

  test("the workgroup's BytesScannedCutoffPerQuery is read once for the cost guard; none when it has no cutoff", async () => {
    await athena
      .send(new CreateWorkGroupCommand({ Name: 'capped', Configuration: { BytesScannedCutoffPerQuery: 10_000_000_000 } }))
      .catch((e: Error) => {
        if (!/already exists/i.test(e.message)) throw e;
      });
    const cutoff = (b: AwsBackend): Promise<number | undefined> => {
      assert.equal(typeof b.engine.scanCutoffBytes, 'function', 'the Athena engine reports its cutoff');
      return b.engine.scanCutoffBytes?.() ?? Promise.resolve(undefined);
    };
    const capped = backendWith({ workgroup: 'capped' });
    const before = proxy.count('AmazonAthena.GetWorkGroup');
    assert.equal(await cutoff(capped), 10_000_000_000);
    assert.equal(await cutoff(capped), 10_000_000_000);
    assert.equal(proxy.count('AmazonAthena.GetWorkGroup') - before, 1, 'one GetWorkGroup');
    assert.equal(await cutoff(backendWith()), undefined, 'primary has no cutoff');
    // Without athena:GetWorkGroup the guard simply has no cutoff to compare with.
    proxy.addFault({ action: 'AmazonAthena.GetWorkGroup', times: 1, respond: jsonError('AccessDeniedException', 'not authorized to perform: athena:GetWorkGroup') });
    assert.equal(await cutoff(backendWith({ workgroup: 'capped' })), undefined);
  });

  test('access denied and an expired token are clear failures; after logging in the same engine runs again', async () => {
    proxy.addFault({
      action: 'AmazonAthena.StartQueryExecution',
      times: 1,
      respond: jsonError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:eu-west-2:123456789012:workgroup/primary'),
    });
    const denied = await backend.engine.start({ sql: 'SELECT 1' });
    assert.ok(!denied.ok);
    assert.match(denied.message, /^Access denied: the default credentials may not call athena:StartQueryExecution on workgroup primary/);

    const dev = backendWith();
    proxy.addFault({ action: 'AmazonAthena.StartQueryExecution', times: 1, respond: jsonError('ExpiredTokenException', 'The security token included in the request is expired') });
    const expired = await dev.engine.start({ sql: 'SELECT 1' });
    assert.ok(!expired.ok);
    assert.match(expired.message, /have expired or are not valid \(ExpiredTokenException\)/);
    assert.equal(expired.fixCommand, 'aws sso login');
    // The credentials are fetched again on the next call: no reload, no new engine.
    await seedAthenaResults(REGION, [{ columns: [{ name: 'x', type: 'integer' }], rows: [['1']] }]);
    const again = await runAndCollect(dev.engine, { sql: 'SELECT 1 AS x' }, 10);
    assert.ok(again.ok, again.ok ? '' : again.message);
    assert.deepEqual(again.result.rows, [[1]]);
  });
});
