import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, GlueClient, type TableInput } from '@aws-sdk/client-glue';
import { dataFormat, FORMATS, SERDE } from '../../src/core/catalog/model';
import { encodePrestoView } from '../../src/core/catalog/prestoView';
import { createAwsBackend, type AwsBackend } from '../../src/engines/aws';
import { AwsProblem } from '../../src/engines/aws/errors';
import { allPages, AWS_DATA_CATALOG } from '../../src/engines/aws/glueCatalog';
import { jsonError, startAwsProxy, type AwsProxy } from '../helpers/awsProxy';
import { motoUrl, skipWithoutMoto, testSettings } from '../helpers/moto';

// Glue is regional: this file's catalog lives in its own region, apart from other tests.
const REGION = 'eu-west-3';
const DAYS = 2500;

function csvTable(name: string, extra: Partial<TableInput> = {}): TableInput {
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    StorageDescriptor: {
      Columns: [
        { Name: 'id', Type: 'bigint' },
        { Name: 'Agency', Type: 'string', Comment: 'Agency name' },
      ],
      Location: `s3://lh-raw/${name}/`,
      InputFormat: FORMATS.text.input,
      OutputFormat: FORMATS.text.output,
      SerdeInfo: { SerializationLibrary: SERDE.lazySimple, Parameters: { 'field.delim': ',' } },
    },
    Parameters: { 'skip.header.line.count': '1', classification: 'csv' },
    ...extra,
  };
}

const dayValues = (i: number): string[] => {
  const d = new Date(Date.UTC(2018, 0, 1) + i * 86_400_000).toISOString();
  return [d.slice(0, 4), d.slice(5, 7), d.slice(8, 10)];
};

describe('Glue catalog against moto', { skip: skipWithoutMoto }, () => {
  let proxy: AwsProxy;
  let backend: AwsBackend;
  let glue: GlueClient;

  before(async () => {
    glue = new GlueClient({ region: REGION, endpoint: motoUrl() });
    const send = <T>(p: Promise<T>): Promise<T> => p;
    for (let i = 0; i < 105; i++) await send(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: `lh_db_${String(i).padStart(3, '0')}` } })));
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lh_paging', Description: 'many tables' } }));
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lh_formats' } }));
    for (let i = 0; i < 250; i++) await glue.send(new CreateTableCommand({ DatabaseName: 'lh_paging', TableInput: csvTable(`t_${String(i).padStart(3, '0')}`) }));

    const formats: TableInput[] = [
      csvTable('csv_lazy'),
      csvTable('csv_open', {
        StorageDescriptor: { ...csvTable('x').StorageDescriptor, SerdeInfo: { SerializationLibrary: SERDE.openCsv, Parameters: { separatorChar: ',', quoteChar: '"' } } },
      }),
      csvTable('json_lines', { StorageDescriptor: { ...csvTable('x').StorageDescriptor, SerdeInfo: { SerializationLibrary: SERDE.openxJson, Parameters: {} } } }),
      csvTable('parquet_t', {
        StorageDescriptor: { ...csvTable('x').StorageDescriptor, InputFormat: FORMATS.parquet.input, OutputFormat: FORMATS.parquet.output, SerdeInfo: { SerializationLibrary: SERDE.parquet, Parameters: {} } },
      }),
      csvTable('orc_t', {
        StorageDescriptor: { ...csvTable('x').StorageDescriptor, InputFormat: FORMATS.orc.input, OutputFormat: FORMATS.orc.output, SerdeInfo: { SerializationLibrary: SERDE.orc, Parameters: {} } },
      }),
      csvTable('iceberg_t', { Parameters: { table_type: 'ICEBERG', metadata_location: 's3://lh-curated/iceberg_t/metadata/00001.metadata.json' } }),
      {
        Name: 'spend_view',
        TableType: 'VIRTUAL_VIEW',
        ViewOriginalText: encodePrestoView({ originalSql: 'SELECT agency, sum(cost) AS cost FROM lh_formats.csv_lazy GROUP BY agency', catalog: 'awsdatacatalog', schema: 'lh_formats', columns: [{ name: 'agency', type: 'varchar' }, { name: 'cost', type: 'double' }] }),
        ViewExpandedText: '/* Presto View */',
        StorageDescriptor: { Columns: [{ Name: 'agency', Type: 'string' }, { Name: 'cost', Type: 'double' }], SerdeInfo: {} },
        Parameters: { presto_view: 'true', comment: 'Presto View' },
      },
      csvTable('events', { PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'string' }, { Name: 'day', Type: 'string' }] }),
    ];
    for (const t of formats) await glue.send(new CreateTableCommand({ DatabaseName: 'lh_formats', TableInput: t }));
    for (let start = 0; start < DAYS; start += 100) {
      const inputs = Array.from({ length: Math.min(100, DAYS - start) }, (_, k) => {
        const values = dayValues(start + k);
        return { Values: values, StorageDescriptor: { ...csvTable('x').StorageDescriptor, Location: `s3://lh-raw/events/year=${values[0]}/month=${values[1]}/day=${values[2]}/` } };
      });
      const r = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: 'lh_formats', TableName: 'events', PartitionInputList: inputs }));
      assert.deepEqual(r.Errors ?? [], []);
    }
    proxy = await startAwsProxy(motoUrl());
    backend = createAwsBackend(testSettings({ region: REGION, endpointUrl: proxy.endpoint }));
  });

  after(async () => {
    backend?.dispose();
    glue?.destroy();
    await proxy?.stop();
  });

  test('databases come a page (100) at a time, and every page is reached', async () => {
    const first = await backend.catalog.listDatabases(AWS_DATA_CATALOG);
    assert.equal(first.items.length, 100);
    assert.ok(first.nextToken, 'a second page is announced');
    const all = await allPages((t) => backend.catalog.listDatabases(AWS_DATA_CATALOG, t));
    assert.equal(all.length, 107);
    assert.equal(new Set(all.map((d) => d.name)).size, 107);
    assert.equal(all.find((d) => d.name === 'lh_paging')?.description, 'many tables');
  });

  test('250 tables: the first page arrives alone, then three pages in all', async () => {
    const before = proxy.count('AWSGlue.GetTables');
    const first = await backend.catalog.listTables(AWS_DATA_CATALOG, 'lh_paging');
    assert.equal(first.items.length, 100);
    assert.equal(proxy.count('AWSGlue.GetTables') - before, 1, 'one call for the first page');
    const all = await allPages((t) => backend.catalog.listTables(AWS_DATA_CATALOG, 'lh_paging', t));
    assert.equal(all.length, 250);
    assert.deepEqual(all.map((t) => t.name).sort(), Array.from({ length: 250 }, (_, i) => `t_${String(i).padStart(3, '0')}`));
    const t = all[0];
    assert.deepEqual(t?.storage.columns, [
      { name: 'id', type: 'bigint' },
      { name: 'agency', type: 'string', comment: 'Agency name' },
    ]);
    assert.equal(t?.parameters['skip.header.line.count'], '1');
  });

  test('2,500 partitions page by 1,000; a GetPartitions expression selects on the server', async () => {
    const before = proxy.count('AWSGlue.GetPartitions');
    const all = await allPages((nextToken) => backend.catalog.listPartitions(AWS_DATA_CATALOG, 'lh_formats', 'events', nextToken ? { nextToken } : {}));
    assert.equal(all.length, DAYS);
    assert.equal(proxy.count('AWSGlue.GetPartitions') - before, 3);
    assert.equal(new Set(all.map((p) => p.values.join('/'))).size, DAYS);
    const jan1 = all.find((p) => p.values.join('-') === '2018-01-01');
    assert.equal(jan1?.location, 's3://lh-raw/events/year=2018/month=01/day=01/');

    const picked = await allPages((nextToken) =>
      backend.catalog.listPartitions(AWS_DATA_CATALOG, 'lh_formats', 'events', { expression: "year = '2024' AND month IN ('01', '02')", ...(nextToken ? { nextToken } : {}) }),
    );
    assert.equal(picked.length, 31 + 29);
    assert.ok(picked.every((p) => p.values[0] === '2024' && ['01', '02'].includes(p.values[1] ?? '')));
    const between = await allPages((nextToken) =>
      backend.catalog.listPartitions(AWS_DATA_CATALOG, 'lh_formats', 'events', { expression: "year = '2019' AND month = '03' AND day BETWEEN '10' AND '19'", ...(nextToken ? { nextToken } : {}) }),
    );
    assert.equal(between.length, 10);
  });

  test('formats are recognised: LazySimple and OpenCSV CSV, JSON, Parquet, ORC, Iceberg, view', async () => {
    const tables = await allPages((t) => backend.catalog.listTables(AWS_DATA_CATALOG, 'lh_formats', t));
    const formats = Object.fromEntries(tables.map((t) => [t.name, dataFormat(t)]));
    assert.deepEqual(formats, {
      csv_lazy: 'csv-lazysimple',
      csv_open: 'csv-opencsv',
      json_lines: 'json',
      parquet_t: 'parquet',
      orc_t: 'orc',
      iceberg_t: 'iceberg',
      spend_view: 'view',
      events: 'csv-lazysimple',
    });
    const view = await backend.catalog.getTable(AWS_DATA_CATALOG, 'lh_formats', 'spend_view');
    assert.equal(view?.tableType, 'VIRTUAL_VIEW');
    assert.equal(view?.viewText, 'SELECT agency, sum(cost) AS cost FROM lh_formats.csv_lazy GROUP BY agency');
    const events = await backend.catalog.getTable(AWS_DATA_CATALOG, 'lh_formats', 'events');
    assert.deepEqual(events?.partitionKeys.map((k) => k.name), ['year', 'month', 'day']);
    assert.equal(await backend.catalog.getTable(AWS_DATA_CATALOG, 'lh_formats', 'no_such_table'), undefined);
  });

  test('the data catalogs list includes the account Glue catalog', async () => {
    const catalogs = await backend.catalog.listCatalogs();
    assert.ok(catalogs.some((c) => c.name === AWS_DATA_CATALOG && c.type === 'GLUE'));
  });

  test('access denied on one database is a clear value; the rest of the catalog still answers', async () => {
    proxy.addFault({
      action: 'AWSGlue.GetTables',
      when: (body) => body.DatabaseName === 'lh_paging',
      respond: jsonError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: glue:GetTables on resource: arn:aws:glue:eu-west-3:123456789012:database/lh_paging'),
    });
    try {
      await assert.rejects(backend.catalog.listTables(AWS_DATA_CATALOG, 'lh_paging'), (e: unknown) => {
        assert.ok(e instanceof AwsProblem);
        assert.equal(e.kind, 'access-denied');
        assert.match(e.message, /glue:GetTables on database lh_paging/);
        assert.match(e.message, /not authorized/);
        return true;
      });
      const other = await backend.catalog.listTables(AWS_DATA_CATALOG, 'lh_formats');
      assert.equal(other.items.length, 8);
    } finally {
      proxy.clearFaults();
    }
  });

  test('throttling is retried (adaptive) and succeeds; throttling that persists is a clear value', async () => {
    proxy.addFault({ action: 'AWSGlue.GetTable', times: 2, respond: jsonError('ThrottlingException', 'Rate exceeded') });
    const before = proxy.count('AWSGlue.GetTable');
    const t = await backend.catalog.getTable(AWS_DATA_CATALOG, 'lh_formats', 'csv_lazy');
    assert.equal(t?.name, 'csv_lazy');
    assert.equal(proxy.count('AWSGlue.GetTable') - before, 3, 'two throttled attempts, then the answer');
    proxy.clearFaults();

    proxy.addFault({ action: 'AWSGlue.GetDatabases', respond: jsonError('ThrottlingException', 'Rate exceeded') });
    try {
      await assert.rejects(backend.catalog.listDatabases(AWS_DATA_CATALOG), (e: unknown) => e instanceof AwsProblem && e.kind === 'throttled' && /throttling glue:GetDatabases/.test(e.message));
    } finally {
      proxy.clearFaults();
    }
  });
});
