import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { athenaTypeProblem } from '../../src/core/contracts/athenaType';
import { validateContract } from '../../src/core/contracts/validate';
import { YamlFile } from '../../src/core/contracts/yamlDocument';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'contracts', name), 'utf8');
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

test('a contract with a wrong key, a wrong type, an unknown server type and a bad physical type: exactly those problems, at their lines', () => {
  const text = fixture('broken.odcs.yaml');
  const problems = validateContract(text).map((p) => ({ line: lineOf(text, p.range.start), source: p.source, message: p.message }));
  assert.deepEqual(
    problems.map((p) => [p.line, p.source]),
    [
      [6, 'odcs'],
      [9, 'odcs'],
      [20, 'odcs'],
      [22, 'lakehouse'],
    ],
    JSON.stringify(problems, null, 1),
  );
  assert.match(problems[0]!.message, /^Unknown key 'colour'/);
  assert.match(problems[1]!.message, /'type' must be one of: api, athena, azure, .* … Did you mean 'athena'\?$/);
  assert.match(problems[2]!.message, /'required' must be a boolean/);
  assert.match(problems[3]!.message, /physicalType 'decimal\(40,2\)' is not an Athena type: decimal precision is 1 to 38, not 40/);
});

test('YAML syntax errors and a contract that is not a mapping say so', () => {
  const bad = validateContract('apiVersion: v3.1.0\nkind: [DataContract\n');
  assert.equal(bad[0]?.source, 'yaml');
  assert.match(validateContract('- a\n- b\n')[0]?.message ?? '', /is a YAML mapping/);
});

test('our own rules: names, partition positions, servers the product uses complete', () => {
  const text = [
    'apiVersion: v3.1.0',
    'kind: DataContract',
    'id: c',
    'version: 1.0.0',
    'status: draft',
    'servers:',
    '  - server: glue',
    '    type: glue',
    '    account: "1234"',
    '    database: retail_raw',
    '  - server: files',
    '    type: local',
    '    path: ./data/orders.csv',
    '    format: xlsx',
    'schema:',
    '  - name: order lines',
    '    properties:',
    '      - name: day',
    '        physicalType: date',
    '        partitioned: true',
    '        partitionKeyPosition: 1',
    '      - name: shop',
    '        physicalType: map<array<string>,int>',
    '        partitioned: true',
    '        partitionKeyPosition: 1',
    '',
  ].join('\n');
  const problems = validateContract(text).map((p) => `${lineOf(text, p.range.start)} ${p.message}`);
  assert.deepEqual(problems, [
    "8 A glue server needs 'location' and 'format' for Lakehouse Tools to write its DDL and test it.",
    "14 Athena reads csv, json, parquet, orc, avro, iceberg; not 'xlsx'.",
    "16 The table name 'order lines' has characters Athena does not allow in a name (letters, digits and underscore only).",
    "23 physicalType 'map<array<string>,int>' is not an Athena type: a map's key is a primitive type, not array.",
    "25 partitionKeyPosition 1 is also day's.",
  ]);
});

test('Athena types as DDL writes them', () => {
  for (const ok of ['string', 'INT', 'bigint', 'decimal(10,2)', 'decimal', 'varchar(20)', 'char(2)', 'array<struct<a:int,b:string>>', 'map<string,array<double>>', 'timestamp']) assert.equal(athenaTypeProblem(ok), undefined, ok);
  assert.match(athenaTypeProblem('text')?.message ?? '', /text is not an Athena column type/);
  assert.match(athenaTypeProblem('decimal(10,12)')?.message ?? '', /scale 12 is more than its precision 10/);
  assert.match(athenaTypeProblem('array<int')?.message ?? '', /expected '>'/);
  assert.match(athenaTypeProblem('char')?.message ?? '', /char needs a length/);
  assert.equal(athenaTypeProblem('struct<a int>')?.at, 9);
});

test('YAML positions: keys, values and the path at an offset', () => {
  const text = 'a: 1\nlist:\n  - name: x\n    type: y\n';
  const f = new YamlFile(text);
  assert.deepEqual(f.value, { a: 1, list: [{ name: 'x', type: 'y' }] });
  assert.equal(text.slice(f.keyRange(['list', 0, 'type'])!.start, f.keyRange(['list', 0, 'type'])!.end), 'type');
  assert.equal(text.slice(f.valueRange(['list', 0, 'type'])!.start, f.valueRange(['list', 0, 'type'])!.end), 'y');
  assert.deepEqual(f.pathAt(text.indexOf('type')), { path: ['list', 0, 'type'], onKey: true });
  assert.deepEqual(f.pathAt(text.indexOf(': y') + 2), { path: ['list', 0, 'type'], onKey: false });
});
