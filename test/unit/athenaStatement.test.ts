import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERDE } from '../../src/core/catalog/model';
import { showCreateTable } from '../../src/core/catalog/showCreate';
import { parseAthenaStatement, type AthenaStatement } from '../../src/core/sql/athenaStatement';

function parse(sql: string): AthenaStatement {
  const r = parseAthenaStatement(sql, 'db');
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.statement;
}

test('CREATE EXTERNAL TABLE with OpenCSVSerde, partitions and TBLPROPERTIES', () => {
  const s = parse(`CREATE EXTERNAL TABLE IF NOT EXISTS \`raw\`.usage_monthly (
      agency_id string COMMENT 'Agency code', month string, cost_eur decimal(12, 2), tags array<string>)
    PARTITIONED BY (year int)
    ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
    WITH SERDEPROPERTIES ('separatorChar' = ';', 'quoteChar' = '"', 'escapeChar' = '\\\\')
    STORED AS TEXTFILE
    LOCATION 's3://ps-cloud-lakehouse/raw/usage_monthly/'
    TBLPROPERTIES ('skip.header.line.count' = '1', 'projection.enabled' = 'false')`);
  assert.equal(s.kind, 'createTable');
  if (s.kind !== 'createTable') return;
  const t = s.table;
  assert.equal(t.database, 'raw');
  assert.equal(s.ifNotExists, true);
  assert.deepEqual(t.storage.columns, [
    { name: 'agency_id', type: 'string', comment: 'Agency code' },
    { name: 'month', type: 'string' },
    { name: 'cost_eur', type: 'decimal(12,2)' },
    { name: 'tags', type: 'array<string>' },
  ]);
  assert.deepEqual(t.partitionKeys, [{ name: 'year', type: 'int' }]);
  assert.equal(t.storage.serde.serializationLibrary, SERDE.openCsv);
  assert.deepEqual(t.storage.serde.parameters, { separatorChar: ';', quoteChar: '"', escapeChar: '\\' });
  assert.equal(t.parameters['skip.header.line.count'], '1');
});

test('ROW FORMAT DELIMITED reads Hive escapes; the default database applies', () => {
  const s = parse("CREATE EXTERNAL TABLE t (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' NULL DEFINED AS '' LOCATION 's3://b/t/'");
  assert.ok(s.kind === 'createTable');
  if (s.kind !== 'createTable') return;
  assert.equal(s.table.database, 'db');
  assert.equal(s.databaseGiven, false);
  assert.equal(s.table.storage.serde.parameters['field.delim'], '\t');
  assert.equal(s.table.storage.serde.parameters['escape.delim'], '\\');
  assert.equal(s.table.storage.serde.parameters['serialization.null.format'], '');
});

test('SHOW CREATE TABLE output parses back to the same table', () => {
  const s = parse("CREATE EXTERNAL TABLE r.x (a int COMMENT 'it''s', b struct<City:string>) PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\u0001' STORED AS TEXTFILE LOCATION 's3://b/x/' TBLPROPERTIES ('k'='v')");
  assert.ok(s.kind === 'createTable');
  if (s.kind !== 'createTable') return;
  const again = parse(showCreateTable(s.table));
  assert.ok(again.kind === 'createTable');
  if (again.kind === 'createTable') assert.deepEqual(again.table, s.table);
});

test('CTAS properties, INSERT, partitions, SHOW and DESCRIBE', () => {
  const ctas = parse("CREATE TABLE c.f WITH (format = 'PARQUET', partitioned_by = ARRAY['year', 'month'], bucket_count = 4) AS SELECT * FROM t WITH NO DATA");
  assert.deepEqual(ctas, {
    kind: 'ctas',
    table: { database: 'c', name: 'f' },
    ifNotExists: false,
    properties: { format: 'PARQUET', partitioned_by: ['year', 'month'], bucket_count: 4 },
    sql: 'SELECT * FROM t',
    withData: false,
  });
  assert.deepEqual(parse('INSERT INTO s.t (a, b) SELECT 1, 2'), { kind: 'insert', table: { database: 's', name: 't' }, columns: ['a', 'b'], sql: 'SELECT 1, 2' });
  assert.deepEqual(parse('INSERT INTO t (SELECT 1)'), { kind: 'insert', table: { name: 't' }, sql: '(SELECT 1)' });
  assert.deepEqual(parse("ALTER TABLE t ADD IF NOT EXISTS PARTITION (year='2024', month=1) LOCATION 's3://b/2024/1/' PARTITION (year='2025', month=2)"), {
    kind: 'addPartitions',
    table: { name: 't' },
    ifNotExists: true,
    partitions: [{ spec: { year: '2024', month: '1' }, location: 's3://b/2024/1/' }, { spec: { year: '2025', month: '2' } }],
  });
  assert.deepEqual(parse('SHOW TABLES IN raw LIKE \'usage*\''), { kind: 'showTables', database: 'raw', like: 'usage*' });
  assert.deepEqual(parse('DESCRIBE FORMATTED raw.t'), { kind: 'describe', table: { database: 'raw', name: 't' }, formatted: true });
  assert.deepEqual(parse('MSCK REPAIR TABLE "awsdatacatalog"."raw"."t"'), { kind: 'msckRepair', table: { database: 'raw', name: 't' } });
});

test('syntax errors come back as values with an offset', () => {
  const r = parseAthenaStatement('CREATE EXTERNAL TABLE t (a string) LOCATON x');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /expected PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION or TBLPROPERTIES near 'LOCATON'/);
    assert.equal(r.offset, 'CREATE EXTERNAL TABLE t (a string) '.length);
  }
});
