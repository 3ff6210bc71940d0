import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Table } from '../../src/core/catalog/model';
import { tableQuery } from '../../src/engines/local/tableReader';
import { ok, rows, tempLakehouse } from './localHelpers';

const lake = tempLakehouse();
const { engine } = lake;
after(() => engine.dispose());

const table = (keys: [string, string][]): Table => ({
  database: 'db',
  name: 't',
  tableType: 'EXTERNAL_TABLE',
  storage: {
    location: 's3://lake/t/',
    columns: [{ name: 'v', type: 'bigint' }],
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: {} },
  },
  partitionKeys: keys.map(([name, type]) => ({ name, type })),
  parameters: {},
});

describe('partitioned tables: one scan when the paths say what the catalog says', () => {
  test('Hive-style folders holding the catalog values: one read with the keys from the paths, else one read per partition', () => {
    const t = table([['year', 'int'], ['dt', 'date']]);
    const hive = [
      { files: ['/s3/lake/t/year=2024/dt=2024-01-05/a.parquet'], partitionValues: ['2024', '2024-01-05'] },
      { files: ['/s3/lake/t/year=2024/dt=2024-01-06/a.parquet', '/s3/lake/t/year=2024/dt=2024-01-06/b.parquet'], partitionValues: ['2024', '2024-01-06'] },
      { files: [], partitionValues: ['2024', '2024-01-07'] },
    ];
    const one = tableQuery(t, hive);
    assert.doesNotMatch(one, /UNION ALL/);
    assert.equal(one.match(/read_parquet\(/g)?.length, 1);
    assert.match(one, /hive_partitioning=true, hive_types_autocast=false, hive_types=\{'year': 'INTEGER', 'dt': 'DATE'\}/);
    const perPartition = (groups: typeof hive, why: string): void => assert.equal(tableQuery(t, groups).match(/UNION ALL/g)?.length, 1, why);
    // A partition whose location is not its key=value folders (ADD PARTITION … LOCATION elsewhere).
    perPartition([hive[0]!, { files: ['/s3/lake/elsewhere/a.parquet'], partitionValues: ['2023', '2023-12-01'] }], 'a partition elsewhere');
    // The folder's value is not the catalog's.
    perPartition([hive[0]!, { files: ['/s3/lake/t/year=2024/dt=2024-01-06/a.parquet'], partitionValues: ['2024', '2024-01-07'] }], 'a value that is not the folder');
    // Another name=value folder above the table would become a column of DuckDB's own.
    perPartition(hive.map((g) => ({ ...g, files: g.files.map((f) => f.replace('/s3/', '/s3/env=prod/')) })), 'another name=value folder');
    // A value Hive would have escaped in the path, and a type DuckDB would read differently.
    const s = table([['region', 'string']]);
    assert.doesNotMatch(tableQuery(s, [{ files: ['/x/region=eu/a'], partitionValues: ['eu'] }, { files: ['/x/region=us/a'], partitionValues: ['us'] }]), /UNION ALL/);
    assert.match(tableQuery(s, [{ files: ['/x/region=eu west/a'], partitionValues: ['eu west'] }, { files: ['/x/region=us/a'], partitionValues: ['us'] }]), /UNION ALL/);
    const d = table([['price', 'decimal(10,2)']]);
    assert.match(tableQuery(d, [{ files: ['/x/price=1.50/a'], partitionValues: ['1.50'] }, { files: ['/x/price=2.00/a'], partitionValues: ['2.00'] }]), /UNION ALL/);
  });

  test('the same rows, types and partition filters as one read per partition, on CSV and Parquet', async () => {
    await ok(engine, 'CREATE DATABASE db');
    lake.put('s3://lake/csv/year=2024/day=2024-01-05/a.csv', 'a,1\nb,2\n');
    lake.put('s3://lake/csv/year=2024/day=2024-01-06/a.csv', 'c,3\n');
    lake.put('s3://lake/csv/year=2025/day=2025-02-01/a.csv', 'd,4\n');
    lake.put('s3://lake/elsewhere/a.csv', 'e,5\n');
    await ok(
      engine,
      `CREATE EXTERNAL TABLE db.events (k string, v bigint) PARTITIONED BY (year int, day date)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/csv/'`,
    );
    await ok(engine, 'MSCK REPAIR TABLE db.events');
    const all = 'SELECT k, v, year, day FROM db.events ORDER BY k';
    const expected = [
      ['a', '1', 2024, '2024-01-05'],
      ['b', '2', 2024, '2024-01-05'],
      ['c', '3', 2024, '2024-01-06'],
      ['d', '4', 2025, '2025-02-01'],
    ];
    const first = await ok(engine, all);
    assert.deepEqual(rows(first), expected);
    assert.deepEqual(first.columns.map((c) => c.type), ['varchar', 'bigint', 'integer', 'date']);
    assert.deepEqual(rows(await ok(engine, "SELECT sum(v) FROM db.events WHERE year = 2024 AND day > DATE '2024-01-05'")), [['3']]);
    // The same table once a partition lives elsewhere: read per partition, same answers.
    await ok(engine, "ALTER TABLE db.events ADD PARTITION (year=2023, day='2023-12-31') LOCATION 's3://lake/elsewhere/'");
    assert.deepEqual(rows(await ok(engine, all)), [...expected, ['e', '5', 2023, '2023-12-31']]);
    assert.deepEqual(rows(await ok(engine, "SELECT sum(v) FROM db.events WHERE year = 2024 AND day > DATE '2024-01-05'")), [['3']]);
    // Parquet written by CTAS, partitioned: the key comes from the path, never from a column of the file.
    await ok(engine, "CREATE TABLE db.pq WITH (format = 'PARQUET', external_location = 's3://lake/pq/', partitioned_by = ARRAY['year']) AS SELECT k, v, year FROM db.events");
    assert.deepEqual(rows(await ok(engine, 'SELECT year, count(*), sum(v) FROM db.pq GROUP BY year ORDER BY year')), [
      [2023, '1', '5'],
      [2024, '3', '6'],
      [2025, '1', '4'],
    ]);
  });
});
