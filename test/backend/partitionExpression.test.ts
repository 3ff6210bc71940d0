import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { FORMATS, SERDE } from '../../src/core/catalog/model';
import { createAwsBackend, type AwsBackend } from '../../src/engines/aws';
import { allPages, AWS_DATA_CATALOG } from '../../src/engines/aws/glueCatalog';
import { runAndCollect } from '../../src/engines/collect';
import { LOCAL_CATALOG } from '../../src/engines/local/localCatalog';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { motoUrl, skipWithoutMoto, testSettings } from '../helpers/moto';

// The local catalog evaluates Glue's GetPartitions Expression itself; moto implements Glue's.
// Both get the same partitions and the same expressions, and must select the same partitions.
const REGION = 'ap-south-1';
const REGIONS = ['eu', 'us', 'ap'];
const YEARS = [2022, 2023, 2024];
const DAYS = ['2024-01-01', '2024-01-15', '2024-02-01', '2024-02-29', '2024-03-10'];
const partitions = REGIONS.flatMap((r) => YEARS.flatMap((y) => DAYS.map((d) => [r, String(y), d])));

const EXPRESSIONS = [
  "region = 'eu'",
  "region <> 'eu'",
  'year = 2023',
  'year > 2022',
  'year >= 2023 AND year <= 2024',
  'year BETWEEN 2022 AND 2023',
  'year NOT BETWEEN 2022 AND 2023',
  "region IN ('eu', 'ap')",
  "region NOT IN ('eu')",
  "region = 'eu' OR year = 2024",
  "region = 'eu' AND year = 2024 OR region = 'us' AND year = 2022",
  "(region = 'eu' OR region = 'us') AND year = 2024",
  "dt = '2024-02-29'",
  "dt < '2024-02-01'",
  "dt BETWEEN '2024-01-15' AND '2024-02-29'",
  "region LIKE 'e%'",
  "region NOT LIKE '_s'",
  "region = 'eu' AND dt >= '2024-02-01' AND year IN (2022, 2024)",
];

const key = (values: readonly string[]): string => values.join('/');

describe('partition expressions: the local catalog selects what Glue (moto) selects', { skip: skipWithoutMoto }, () => {
  let backend: AwsBackend;
  let local: LocalEngine;

  before(async () => {
    const glue = new GlueClient({ region: REGION, endpoint: motoUrl() });
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lh_expr' } }));
    const storage = (location: string) => ({
      Columns: [{ Name: 'v', Type: 'string' }],
      Location: location,
      InputFormat: FORMATS.text.input,
      OutputFormat: FORMATS.text.output,
      SerdeInfo: { SerializationLibrary: SERDE.lazySimple, Parameters: { 'field.delim': ',' } },
    });
    await glue.send(
      new CreateTableCommand({
        DatabaseName: 'lh_expr',
        TableInput: { Name: 'events', TableType: 'EXTERNAL_TABLE', StorageDescriptor: storage('s3://lh-expr/events/'), PartitionKeys: [{ Name: 'region', Type: 'string' }, { Name: 'year', Type: 'int' }, { Name: 'dt', Type: 'date' }] },
      }),
    );
    await glue.send(new BatchCreatePartitionCommand({ DatabaseName: 'lh_expr', TableName: 'events', PartitionInputList: partitions.map((v) => ({ Values: v, StorageDescriptor: storage(`s3://lh-expr/events/${v.join('/')}/`) })) }));
    glue.destroy();
    backend = createAwsBackend(testSettings({ region: REGION }));

    local = new LocalEngine({ s3Root: mkdtempSync(join(tmpdir(), 'lakehouse-expr-')) });
    const run = async (sql: string) => {
      const r = await runAndCollect(local, { sql }, 10);
      assert.ok(r.ok, r.ok ? '' : `${r.message}\n${sql}`);
    };
    await run('CREATE DATABASE lh_expr');
    await run("CREATE EXTERNAL TABLE lh_expr.events (v string) PARTITIONED BY (region string, year int, dt date) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lh-expr/events/'");
    await run(`ALTER TABLE lh_expr.events ADD ${partitions.map(([r, y, d]) => `PARTITION (region = '${r}', year = ${y}, dt = '${d}')`).join(' ')}`);
  });

  after(() => {
    backend?.dispose();
    local?.dispose();
  });

  test(`${EXPRESSIONS.length} expressions (=, <>, ranges, BETWEEN, IN, LIKE, NOT, AND/OR precedence, parentheses; string, int and date keys)`, async () => {
    const all = await local.catalog.listPartitions(LOCAL_CATALOG, 'lh_expr', 'events');
    assert.equal(all.items.length, partitions.length);
    for (const expression of EXPRESSIONS) {
      const fromGlue = (await allPages((t) => backend.catalog.listPartitions(AWS_DATA_CATALOG, 'lh_expr', 'events', { expression, ...(t ? { nextToken: t } : {}) }))).map((p) => key(p.values)).sort();
      const fromLocal = (await local.catalog.listPartitions(LOCAL_CATALOG, 'lh_expr', 'events', { expression })).items.map((p) => key(p.values)).sort();
      assert.ok(fromGlue.length > 0 && fromGlue.length < partitions.length, `${expression}: selects some, not all (${fromGlue.length})`);
      assert.deepEqual(fromLocal, fromGlue, expression);
    }
  });

  test('an unknown key and LIKE on an integer key are refused by both', async () => {
    for (const expression of ["nokey = 'x'", "year LIKE '20%'"]) {
      await assert.rejects(backend.catalog.listPartitions(AWS_DATA_CATALOG, 'lh_expr', 'events', { expression }), Error, `Glue refuses ${expression}`);
      await assert.rejects(local.catalog.listPartitions(LOCAL_CATALOG, 'lh_expr', 'events', { expression }), /Partition expression: /, `local refuses ${expression}`);
    }
  });
});
