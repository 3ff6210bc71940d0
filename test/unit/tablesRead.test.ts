import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Table } from '../../src/core/catalog/model';
import { tablesRead } from '../../src/engines/local/views';

const table = (database: string, name: string, viewText?: string): Table => ({
  database,
  name,
  tableType: viewText ? 'VIRTUAL_VIEW' : 'EXTERNAL_TABLE',
  storage: { columns: [] } as unknown as Table['storage'],
  partitionKeys: [],
  parameters: {},
  ...(viewText ? { viewText } : {}),
});

const raw = table('raw', 'services');
const staging = table('staging', 'services', 'SELECT service_id, trim(name) AS name FROM raw.services');
const costs = table('raw', 'cost_monthly');
const report = table('curated', 'report', 'SELECT * FROM staging.services JOIN raw.cost_monthly USING (service_id)');
const all = [raw, staging, costs, report];
const read = (sql: string): string[] => [...tablesRead(all, sql)].map((t) => `${t.database}.${t.name}`).sort();

test('the tables a statement reads: qualified, quoted, bare, and through views', () => {
  assert.deepEqual(read('SELECT * FROM raw.services'), ['raw.services']);
  assert.deepEqual(read('SELECT * FROM "raw"."services" s'), ['raw.services']);
  assert.deepEqual(read('SELECT * FROM `raw` . `services`'), ['raw.services']);
  // Another database's table of the same name is not read.
  assert.deepEqual(read('SELECT count(*) FROM raw.cost_monthly'), ['raw.cost_monthly']);
  // A bare name may be any database's (the search path decides): all of them.
  assert.deepEqual(read('SELECT * FROM services'), ['raw.services', 'staging.services']);
  // A view brings what it reads, transitively.
  assert.deepEqual(read('SELECT * FROM curated.report'), ['curated.report', 'raw.cost_monthly', 'raw.services', 'staging.services']);
  // Names inside longer words do not count; none read, none listed.
  assert.deepEqual(read('SELECT services_count, raw.cost_monthly_total FROM x.reports'), []);
});
