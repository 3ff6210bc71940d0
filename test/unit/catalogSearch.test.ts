import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Column, Table } from '../../src/core/catalog/model';
import { CatalogIndex, stem, tokenize } from '../../src/core/catalog/search';

const col = (name: string, type = 'string', comment?: string): Column => ({ name, type, ...(comment ? { comment } : {}) });
function table(database: string, name: string, columns: Column[], o: { partitionKeys?: Column[]; description?: string; view?: boolean } = {}): Table {
  return {
    database,
    name,
    tableType: o.view ? 'VIRTUAL_VIEW' : 'EXTERNAL_TABLE',
    ...(o.description ? { description: o.description } : {}),
    storage: { columns, location: `s3://b/${database}/${name}/`, serde: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: {} } },
    partitionKeys: o.partitionKeys ?? [],
    parameters: {},
  };
}

const catalog = [
  table('raw', 'cost_monthly', [col('billing_month'), col('agency_id'), col('provider_id'), col('cost_eur')]),
  table('curated', 'fact_cost_monthly', [col('month_start', 'date'), col('agency_id'), col('provider_id'), col('cost_eur', 'decimal(12,2)')], { partitionKeys: [col('year'), col('month')] }),
  table('curated', 'dim_agency', [col('agency_id'), col('agency_name'), col('ministry')]),
  table('curated', 'dim_provider', [col('provider_id'), col('provider_name'), col('sovereign', 'boolean')]),
  table('curated', 'dim_colour', [col('colour_id'), col('colour_name')]),
  table('ops', 'incidents', [col('incident_id'), col('service_id'), col('severity'), col('openedAt', 'timestamp')]),
  table('ops', 'service_catalogue', [col('service_id'), col('service_name')], { description: 'Every digital service and who runs it' }),
  table('hr', 'people', [col('person_id'), col('salary', 'decimal(10,2)', 'gross yearly pay in euros')]),
];

test('tokenize splits snake_case and camelCase, drops stop words, and stems', () => {
  assert.deepEqual(tokenize('fact_cost_monthly'), ['fact', 'cost', 'month']);
  assert.deepEqual(tokenize('openedAt p95LatencyMs'), ['open', 'p95', 'latency', 'ms']);
  assert.deepEqual(tokenize('Which agencies spent the most?'), ['agency', 'spent']);
  assert.equal(stem('incidents'), 'incident');
  assert.equal(stem('outages'), stem('outage'));
  assert.equal(stem('spending'), 'spend');
});

test('a question finds the table whose name and columns it names, the curated copy first', () => {
  const hits = new CatalogIndex(catalog).search('monthly cost per provider', 3);
  assert.deepEqual(hits.map((h) => h.table).slice(0, 2), ['curated.fact_cost_monthly', 'raw.cost_monthly']);
  assert.match(hits[0]?.why ?? '', /name: monthly, cost/);
  assert.match(hits[0]?.why ?? '', /columns: .*provider_id/);
  assert.ok((hits[0]?.score ?? 0) > (hits[1]?.score ?? 0));
});

test('the lakehouse vocabulary: spend ~ cost, outage ~ incident, a comment counts', () => {
  const spend = new CatalogIndex(catalog).search('spending per month')[0];
  assert.equal(spend?.table, 'curated.fact_cost_monthly');
  assert.match(spend?.why ?? '', /spending ~ cost/);
  const outage = new CatalogIndex(catalog).search('outages per service')[0];
  assert.equal(outage?.table, 'ops.incidents');
  assert.match(outage?.why ?? '', /outages ~ incident/);
  const pay = new CatalogIndex(catalog).search('gross amounts per person')[0];
  assert.equal(pay?.table, 'hr.people');
  assert.match(pay?.why ?? '', /salary's comment/);
  assert.equal(new CatalogIndex(catalog).search('digital services')[0]?.table, 'ops.service_catalogue', 'a description counts');
});

test('a fact brings its dimensions through shared key columns, and only those', () => {
  const hits = new CatalogIndex(catalog).search('monthly cost', 6);
  const names = hits.map((h) => h.table);
  assert.ok(names.includes('curated.dim_agency') && names.includes('curated.dim_provider'), names.join(', '));
  assert.ok(!names.includes('curated.dim_colour'), 'a dimension with no key in common stays out');
  assert.match(hits.find((h) => h.table === 'curated.dim_agency')?.why ?? '', /dimension of fact_cost_monthly through agency_id/);
});

test('nothing to go on gives nothing; an empty catalog gives nothing', () => {
  assert.deepEqual(new CatalogIndex(catalog).search('the of and'), []);
  assert.deepEqual(new CatalogIndex(catalog).search('zebra giraffe'), []);
  assert.deepEqual(new CatalogIndex([]).search('cost'), []);
  assert.equal(new CatalogIndex(catalog).search('cost', 2).length, 2, 'the limit holds');
});
