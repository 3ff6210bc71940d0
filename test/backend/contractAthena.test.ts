import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { AthenaClient, GetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FORMATS, SERDE } from '../../src/core/catalog/model';
import { motoUrl, seedAthenaResults, skipWithoutMoto } from '../helpers/moto';

// Its own region: the Glue catalog and the executions of this file stay apart from other tests'.
const REGION = 'eu-north-1';
const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const FILES = { 'orders/2024-03.csv': 'order_id,shop\n1,Lyon\n2,Paris\n', 'orders/2024-04.csv': 'order_id,shop\n3,Lille\n4,Nice\n5,Brest\n' };

describe('lakehouse contract test --engine athena against moto', { skip: skipWithoutMoto }, () => {
  const config = (): { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } } => ({ region: REGION, endpoint: motoUrl(), credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  before(async () => {
    const s3 = new S3Client({ ...config(), forcePathStyle: true });
    for (const bucket of ['lh-contract-data', 'lh-contract-results']) await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    for (const [key, body] of Object.entries(FILES)) await s3.send(new PutObjectCommand({ Bucket: 'lh-contract-data', Key: key, Body: body }));
    s3.destroy();
    const glue = new GlueClient(config());
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shop' } }));
    await glue.send(
      new CreateTableCommand({
        DatabaseName: 'shop',
        TableInput: {
          Name: 'orders',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { 'skip.header.line.count': '1' },
          StorageDescriptor: {
            Columns: [
              { Name: 'order_id', Type: 'bigint' },
              { Name: 'shop', Type: 'string' },
            ],
            Location: 's3://lh-contract-data/orders/',
            InputFormat: FORMATS.text.input,
            OutputFormat: FORMATS.text.output,
            SerdeInfo: { SerializationLibrary: SERDE.lazySimple, Parameters: { 'field.delim': ',' } },
          },
        },
      }),
    );
    glue.destroy();
  });

  test('the estimate of the whole run comes first (at most the tables’ size); the planned queries go to StartQueryExecution with the workgroup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakehouse-contract-athena-'));
    const contract = join(dir, 'orders.odcs.yaml');
    writeFileSync(
      contract,
      ['apiVersion: v3.1.0', 'kind: DataContract', 'id: orders-athena', 'version: 1.0.0', 'status: active', 'servers:', '  - server: prod', '    type: athena', '    schema: shop', '    stagingDir: s3://lh-contract-results/q/', 'schema:', '  - name: orders', '    quality:', '      - metric: rowCount', '        mustBeGreaterThan: 0', '    properties:', '      - name: order_id', '        physicalType: bigint', '        required: true', '      - name: shop', '        physicalType: string', ''].join('\n'),
    );
    // moto runs no query: the results it returns are queued here (the aggregate, then DESCRIBE).
    await seedAthenaResults(REGION, [
      { columns: [{ name: '_col0', type: 'bigint' }, { name: '_col1', type: 'bigint' }], rows: [['5', '0']] },
      { columns: [{ name: 'col_name', type: 'varchar' }, { name: 'data_type', type: 'varchar' }], rows: [['order_id', 'bigint'], ['shop', 'string']] },
    ]);
    const athena = new AthenaClient(config());
    const before = new Set((await athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'primary' }))).QueryExecutionIds ?? []);
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [cli, 'contract', 'test', contract, '--engine', 'athena', '--region', REGION, '--endpoint-url', motoUrl(), '--workgroup', 'primary', '--output-location', 's3://lh-contract-results/q/', '--json'],
        { cwd: dir, env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } },
        (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    const size = Object.values(FILES).reduce((n, b) => n + Buffer.byteLength(b), 0);
    const estimated = /the contract's tests may scan ([\d,]+) bytes \(\$[\d.]+\) on Athena/.exec(r.stderr);
    assert.ok(estimated, r.stderr);
    const bytes = Number(estimated[1]?.replace(/,/g, ''));
    assert.ok(bytes > 0 && bytes <= size, `estimated ${bytes} bytes; the table holds ${size}`);
    const ids = ((await athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'primary' }))).QueryExecutionIds ?? []).filter((id) => !before.has(id));
    const sent = [];
    for (const id of ids) {
      const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution;
      if (q) sent.push(q);
    }
    athena.destroy();
    const queries = sent.map((q) => [q.Query?.replace(/\s+/g, ' '), q.WorkGroup]).sort();
    assert.deepEqual(queries, [
      ['DESCRIBE "shop"."orders"', 'primary'],
      ['SELECT count(*), count_if("order_id" IS NULL) FROM "shop"."orders"', 'primary'],
    ]);
    const doc = JSON.parse(r.stdout) as { results: { id: string; status: string; measured?: unknown }[] };
    const byId = Object.fromEntries(doc.results.map((x) => [x.id, x]));
    assert.equal(byId['orders.order_id.required']?.status, 'passed');
    assert.equal(byId['orders.rowCount.1']?.measured, 5);
  });
});
