import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { runAndCollect } from '../../src/engines/collect';
import { fails, ok, rows, tempLakehouse } from './localHelpers';

const lake = tempLakehouse();
const { engine } = lake;
after(() => engine.dispose());

const QUOTED_CSV = 'id,name,amount\n1,"Smith, J",12.5\n2,"",\n3,plain,7\n';

describe('local engine: queries', () => {
  test('runs a query in real DuckDB and reports Athena types', async () => {
    const r = await ok(engine, "SELECT CAST(42 AS bigint) AS n, 'x' AS s, CAST(NULL AS varchar) AS nothing, '' AS empty, CAST(1.25 AS decimal(10,2)) AS money, DATE '2024-03-01' AS d, ARRAY[1, 2] AS list, true AS flag");
    assert.deepEqual(r.columns.map((c) => c.type), ['bigint', 'varchar', 'varchar', 'varchar', 'decimal(10,2)', 'date', 'array(integer)', 'boolean']);
    assert.deepEqual(rows(r), [['42', 'x', null, '', '1.25', '2024-03-01', '[1,2]', true]]);
  });

  test('streams large results in batches and caps what is collected', async () => {
    const outcome = await runAndCollect(engine, { sql: 'SELECT x FROM UNNEST(flatten(transform(sequence(0, 99), i -> transform(sequence(1, 1000), j -> i * 1000 + j)))) AS t(x)' }, 5000);
    assert.ok(outcome.ok);
    assert.equal(outcome.result.rows.length, 5000);
    assert.equal(outcome.result.truncated, true);
  });

  test('SQL the engine rejects is an expected failure with a position', async () => {
    const outcome = await runAndCollect(engine, { sql: 'SELECT *\nFROM no_such_table' }, 10);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.match(outcome.message, /no_such_table/);
      assert.deepEqual(outcome.position, { line: 2, column: 6 });
    }
    await ok(engine, 'SELECT 1 AS still_works');
  });

  // Athena's sequence() stops at 10,000 entries: 10^10 rows come from three of them.
  const LONG = 'SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) CROSS JOIN UNNEST(sequence(1, 100)) AS c(z) WHERE (x * y + z) % 7 = 3';

  test('an aborted signal interrupts a long query and reports it as cancelled', async () => {
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(), 300);
    const outcome = await runAndCollect(engine, { sql: LONG, signal: abort.signal }, 10);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.cancelled, true);
    assert.ok(performance.now() - started < 20_000, 'cancel returns promptly');
  });

  test('a signal aborted while the engine gets ready (before DuckDB starts) cancels: the query never runs', async () => {
    const abort = new AbortController();
    const started = performance.now();
    // start() checks the signal, then awaits the engine and a connection: the abort lands in between.
    const outcome = runAndCollect(engine, { sql: LONG, signal: abort.signal }, 10);
    abort.abort();
    const r = await outcome;
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.cancelled, true, r.message);
    assert.ok(performance.now() - started < 20_000, `cancel returns promptly (${Math.round(performance.now() - started)} ms)`);
  });

  test('a cancel at any moment of the start (connection, search path, bytes probe, stream) stops the query', async () => {
    // The probe runs statements of its own before the query: an interrupt that lands on one of
    // them must not let the query start afterwards.
    for (const delay of [1, 3, 6, 10, 15, 25, 40, 60]) {
      const abort = new AbortController();
      const started = performance.now();
      const outcome = runAndCollect(engine, { sql: LONG, signal: abort.signal }, 10);
      setTimeout(() => abort.abort(), delay);
      const r = await outcome;
      assert.equal(r.ok, false, `aborted after ${delay} ms`);
      if (!r.ok) assert.equal(r.cancelled, true, `${delay} ms: ${r.message}`);
      assert.ok(performance.now() - started < 15_000, `aborted after ${delay} ms: cancelled in ${Math.round(performance.now() - started)} ms`);
    }
  });

  test('concurrent queries each get their own connection', async () => {
    const results = await Promise.all([1, 2, 3].map((i) => ok(engine, `SELECT ${i} AS i`)));
    assert.deepEqual(results.map((r) => r.rows[0]?.[0]), [1, 2, 3]);
  });
});

describe('local engine: databases and tables', () => {
  test('CREATE DATABASE, SHOW DATABASES, and the catalog persists in .lakehouse/', async () => {
    await ok(engine, 'CREATE DATABASE ps_cloud_raw');
    await ok(engine, 'CREATE SCHEMA IF NOT EXISTS ps_cloud_raw');
    assert.match(await fails(engine, 'CREATE DATABASE ps_cloud_raw'), /already exists/);
    assert.deepEqual(rows(await ok(engine, "SHOW DATABASES LIKE 'ps_*'")), [['ps_cloud_raw']]);
    const saved = JSON.parse(readFileSync(join(lake.dir, '.lakehouse', 'catalog.json'), 'utf8')) as { databases: Record<string, unknown> };
    assert.ok(saved.databases.ps_cloud_raw);
  });

  test('a quoted CSV through LazySimpleSerDe splits inside quotes, as Athena does', async () => {
    lake.put('s3://lake/raw/people/part-0.csv', QUOTED_CSV);
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.people_lazy (id int, name string, amount double)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
       LOCATION 's3://lake/raw/people/'
       TBLPROPERTIES ('skip.header.line.count'='1')`,
    );
    assert.deepEqual(rows(await ok(engine, 'SELECT * FROM ps_cloud_raw.people_lazy ORDER BY id')), [
      [1, '"Smith', null],
      [2, '""', null],
      [3, 'plain', 7],
    ]);
  });

  test('the same CSV through OpenCSVSerde honours quotes; an empty numeric value fails with HIVE_BAD_DATA', async () => {
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.people_open (id int, name string, amount string)
       ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
       WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\\\')
       LOCATION 's3://lake/raw/people/'
       TBLPROPERTIES ('skip.header.line.count'='1')`,
    );
    assert.deepEqual(rows(await ok(engine, 'SELECT * FROM ps_cloud_raw.people_open ORDER BY id')), [
      [1, 'Smith, J', '12.5'],
      [2, '', ''],
      [3, 'plain', '7'],
    ]);
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.people_open_typed (id int, name string, amount double)
       ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
       LOCATION 's3://lake/raw/people/' TBLPROPERTIES ('skip.header.line.count'='1')`,
    );
    assert.match(await fails(engine, 'SELECT * FROM ps_cloud_raw.people_open_typed'), /HIVE_BAD_DATA: Error parsing field value '' for field 3/);
  });

  test('without skip.header.line.count the header is a row (NULL where it does not parse)', async () => {
    await ok(engine, `CREATE EXTERNAL TABLE ps_cloud_raw.people_noskip (id int, name string, amount double) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/people/'`);
    const r = await ok(engine, 'SELECT id, name FROM ps_cloud_raw.people_noskip');
    assert.equal(r.rows.length, 4);
    assert.deepEqual([...(r.rows[0] ?? [])], [null, 'name']);
  });

  test('serialization.null.format, LazySimple dates and timestamps, tab delimiters', async () => {
    lake.put('s3://lake/raw/events/e.tsv', 'a\t2024-01-31\t2024-01-31 10:11:12.5\tNA\nb\t01/31/2024\t2024-01-31T10:11:12Z\t4\n');
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.events (k string, d date, ts timestamp, n bigint)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'
       LOCATION 's3://lake/raw/events/'
       TBLPROPERTIES ('serialization.null.format'='NA')`,
    );
    assert.deepEqual(rows(await ok(engine, 'SELECT k, CAST(d AS varchar), CAST(ts AS varchar), n FROM ps_cloud_raw.events ORDER BY k')), [
      ['a', '2024-01-31', '2024-01-31 10:11:12.500', null],
      ['b', null, null, '4'],
    ]);
  });

  test('LazySimpleSerDe takes only Hive\'s integer and date text; every other text is NULL', async () => {
    const cases: [string, string, string | null, string | null][] = [
      // [integer text, date text, bigint read, date read]
      ['42', '2024-01-31', '42', '2024-01-31'],
      ['+5', '2024-1-5', '5', '2024-01-05'],
      ['007', '0999-12-31', '7', '0999-12-31'],
      ['-0', '0024-01-01', '0', '0024-01-01'],
      ['-9223372036854775808', '2024-02-30', '-9223372036854775808', null],
      ['9223372036854775808', '024-01-01', null, null],
      [' 12', '12024-01-01', null, null],
      ['12 ', '2024/01/31', null, null],
      ['1e2', '2024-01-31 ', null, null],
      ['0x10', '-2024-01-01', null, null],
      ['1_000', '20240131', null, null],
      ['1.5', '2024-01-31 (BC)', null, null],
      ['+', '2024-01-31T00:00', null, null],
    ];
    lake.put('s3://lake/raw/hive_text/a.csv', cases.map(([i, d], n) => `${n}|${i}|${d}|${i}`).join('\n') + '\n');
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.hive_text (n int, b bigint, d date, i int)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/raw/hive_text/'`,
    );
    const read = rows(await ok(engine, 'SELECT b, CAST(d AS varchar), i FROM ps_cloud_raw.hive_text ORDER BY n'));
    assert.deepEqual(
      read,
      cases.map(([, , b, d]) => [b, d, b !== null && Math.abs(Number(b)) < 2 ** 31 ? Number(b) : null]),
    );
  });

  test('LazySimpleSerDe integers: 20,000 random texts read exactly as Hive reads them, at every width', async () => {
    // Digits with signs, spaces, _, ., exponents and hexadecimal or binary marks: DuckDB's casts
    // take many of these (1e2, 0x1F, 1_000, 12.5, ' 7'); Hive takes [+-]digits in range, else NULL.
    let seed = 20241208;
    const rnd = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const alphabet = '0123456789'.repeat(5) + '+-_ .eExXbB';
    const bases = ['12', '1200', '-45', '100', '123456', '9', '-1', '1e2', '12.5', '1_000', '0x1F', '9223372036854775807', '-9223372036854775808', '2147483647', '32767', '127', '1.25e2', '12e2', '5e2', '0'];
    const texts = new Set<string>();
    while (texts.size < 20000) {
      const s = rnd(4) === 0 ? Array.from({ length: 1 + rnd(12) }, () => alphabet[rnd(alphabet.length)]).join('') : (bases[rnd(bases.length)] ?? '').split('');
      if (Array.isArray(s)) {
        for (let e = rnd(4); e > 0; e--) {
          const at = rnd(s.length + 1);
          const ch = alphabet[rnd(alphabet.length)] ?? '0';
          [() => s.splice(at, 0, ch), () => s.splice(at, 1), () => (s[at] = ch)][rnd(3)]?.();
        }
        texts.add(s.join(''));
      } else texts.add(s);
    }
    const list = [...texts];
    lake.put('s3://lake/raw/int_fuzz/a.txt', list.map((t, n) => `${n}|${t}|${t}|${t}|${t}`).join('\n') + '\n');
    await ok(engine, "CREATE EXTERNAL TABLE ps_cloud_raw.int_fuzz (n int, b bigint, i int, s smallint, t tinyint) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/raw/int_fuzz/'");
    const read = rows(await ok(engine, 'SELECT CAST(b AS varchar), CAST(i AS varchar), CAST(s AS varchar), CAST(t AS varchar) FROM ps_cloud_raw.int_fuzz ORDER BY n'));
    const hive = (text: string, bits: number): string | null => {
      if (!/^[+-]?[0-9]+$/.test(text)) return null;
      const v = BigInt(text);
      const max = 2n ** BigInt(bits - 1);
      return v >= -max && v < max ? v.toString() : null;
    };
    const wrong = list.flatMap((text, n) => {
      const want = [64, 32, 16, 8].map((bits) => hive(text, bits));
      return JSON.stringify(read[n]) === JSON.stringify(want) ? [] : [`${JSON.stringify(text)}: ${JSON.stringify(read[n])}, Hive ${JSON.stringify(want)}`];
    });
    assert.deepEqual(wrong.slice(0, 10), []);
    // The sample holds what the rule is about: Hive's integers, and texts DuckDB alone reads.
    assert.ok(list.filter((t) => hive(t, 64) !== null).length > 3000);
  });

  test('a partitioned text table checks its integers and doubles the same way, whatever its keys are named', async () => {
    // Two partitions read in one scan (the keys from the paths), and keys named as the reader's own
    // raw columns and inner values, which must not take their place (a key named c0 made the
    // first column NULL: DuckDB added the path's c0 beside the file's).
    for (const [table, key] of [['parted_text', 'dt'], ['parted_odd', '__lh_v0'], ['parted_c0', 'c0']] as const) {
      lake.put(`s3://lake/raw/${table}/${key}=a/x.csv`, '1|42|2.5\n2| 12|1_000\n');
      lake.put(`s3://lake/raw/${table}/${key}=b/x.csv`, '3|+5|1.5d\n4|1e2|inf\n');
      await ok(
        engine,
        `CREATE EXTERNAL TABLE ps_cloud_raw.${table} (n int, b bigint, x double) PARTITIONED BY (${key} string)
         ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/raw/${table}/'`,
      );
      await ok(engine, `MSCK REPAIR TABLE ps_cloud_raw.${table}`);
      assert.deepEqual(rows(await ok(engine, `SELECT n, b, x, ${key} FROM ps_cloud_raw.${table} ORDER BY n`)), [
        [1, '42', 2.5, 'a'],
        [2, null, null, 'a'],
        [3, '5', 1.5, 'b'],
        [4, null, null, 'b'],
      ]);
    }
  });

  test('LazySimpleSerDe reads a double or float column as Java parses it: 1.5d and NaN yes, 1_000 and inf NULL', async () => {
    const cases: [string, number | string | null][] = [
      ['12.5', 12.5], [' 2.5 ', 2.5], ['1e2', 100], ['1.5d', 1.5], ['NaN', 'NaN'], ['-Infinity', '-Infinity'],
      ['1_000', null], ['inf', null], ['+-1', null], ['abc', null],
    ];
    lake.put('s3://lake/raw/doubles/a.csv', cases.map(([t], n) => `${n}|${t}|${t}`).join('\n') + '\n');
    await ok(engine, "CREATE EXTERNAL TABLE ps_cloud_raw.doubles (n int, x double, y float) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/raw/doubles/'");
    assert.deepEqual(rows(await ok(engine, 'SELECT x, y IS NULL FROM ps_cloud_raw.doubles ORDER BY n')), cases.map(([, x]) => [x, x === null]));
  });

  test("a Hive timestamp column is Athena's timestamp(3): text, JSON and Parquet round half up to the millisecond", async () => {
    // [text in the file, what Athena reads and shows] (Trino rounds the fraction to the column's
    // precision, 3, and writes its three digits).
    const cases: [string, string | null][] = [
      ['2024-01-31 10:11:12.5', '2024-01-31 10:11:12.500'],
      ['2024-01-31 10:11:12.123456789', '2024-01-31 10:11:12.123'],
      ['2024-01-31 10:11:12.1235', '2024-01-31 10:11:12.124'],
      ['2024-12-31 23:59:59.9996', '2025-01-01 00:00:00.000'],
      ['1969-12-31 23:59:59.9995', '1970-01-01 00:00:00.000'],
      ['1969-12-31 23:59:59.9994999', '1969-12-31 23:59:59.999'],
      ['2024-1-5 1:2:3.0004', '2024-01-05 01:02:03.000'],
      [' 2024-01-31 10:11:12', null],
      ['2024-01-31T10:11:12', null],
    ];
    lake.put('s3://lake/raw/ts_text/a.csv', cases.map(([t], n) => `${n}|${t}`).join('\n') + '\n');
    lake.put('s3://lake/raw/ts_json/a.json', cases.slice(0, 6).map(([t], n) => JSON.stringify({ n, ts: t })).join('\n') + '\n');
    await ok(engine, "CREATE EXTERNAL TABLE ps_cloud_raw.ts_text (n int, ts timestamp) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/raw/ts_text/'");
    await ok(engine, "CREATE EXTERNAL TABLE ps_cloud_raw.ts_json (n int, ts timestamp) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/raw/ts_json/'");
    assert.deepEqual(rows(await ok(engine, 'SELECT ts FROM ps_cloud_raw.ts_text ORDER BY n')), cases.map(([, read]) => [read]));
    assert.deepEqual(rows(await ok(engine, 'SELECT ts FROM ps_cloud_raw.ts_json ORDER BY n')), cases.slice(0, 6).map(([, read]) => [read]));
    // Expressions that keep the column's timestamp(3) print three digits too; date_parse is timestamp(3).
    assert.deepEqual(
      rows(
        await ok(
          engine,
          "SELECT CAST(ts + INTERVAL '1' SECOND AS varchar), CAST(date_trunc('hour', ts) AS varchar), CAST(date_add('day', 1, ts) AS varchar), CAST(max(ts) AS varchar), CAST(date_parse('2024-01-31 10:11:12', '%Y-%m-%d %H:%i:%s') AS varchar) FROM ps_cloud_raw.ts_text WHERE n = 0 GROUP BY ts",
        ),
      ),
      [['2024-01-31 10:11:13.500', '2024-01-31 10:00:00.000', '2024-02-01 10:11:12.500', '2024-01-31 10:11:12.500', '2024-01-31 10:11:12.000']],
    );
    // A filter sees the rounded value, as on Athena.
    assert.deepEqual(rows(await ok(engine, "SELECT n FROM ps_cloud_raw.ts_text WHERE ts = TIMESTAMP '2024-01-31 10:11:12.123'")), [[1]]);
    // Its text has timestamp(3)'s three digits, through a CTE too (a literal keeps its own digits).
    assert.deepEqual(
      rows(await ok(engine, "WITH x AS (SELECT n, ts FROM ps_cloud_raw.ts_text) SELECT CAST(ts AS varchar), try_cast(x.ts AS VARCHAR), CAST(TIMESTAMP '2024-01-31 10:11:12' AS varchar) FROM x WHERE n IN (0, 3) ORDER BY n")),
      [
        ['2024-01-31 10:11:12.500', '2024-01-31 10:11:12.500', '2024-01-31 10:11:12'],
        ['2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000', '2024-01-31 10:11:12'],
      ],
    );
    // Parquet written elsewhere with microseconds (DuckDB here) reads rounded too.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await DuckDBInstance.create(':memory:');
    const c = await duck.connect();
    const file = engine.map.toLocal('s3://lake/curated/ts_parquet/part-0.parquet');
    mkdirSync(dirname(file), { recursive: true });
    await c.run(`COPY (SELECT * FROM (VALUES (0, TIMESTAMP '2024-01-31 10:11:12.123499'), (1, TIMESTAMP '2024-01-31 10:11:12.123500'), (2, TIMESTAMP '1969-12-31 23:59:59.999500')) AS t(n, ts)) TO '${file}' (FORMAT PARQUET)`);
    c.closeSync();
    duck.closeSync();
    await ok(engine, "CREATE EXTERNAL TABLE ps_cloud_raw.ts_parquet (n int, ts timestamp) STORED AS PARQUET LOCATION 's3://lake/curated/ts_parquet/'");
    assert.deepEqual(rows(await ok(engine, 'SELECT ts FROM ps_cloud_raw.ts_parquet ORDER BY n')), [['2024-01-31 10:11:12.123'], ['2024-01-31 10:11:12.124'], ['1970-01-01 00:00:00.000']]);
    // A CTAS stores them as milliseconds, rounded: read back as they are, and a filter on them
    // reaches the Parquet scan (its row groups are skipped by their statistics).
    await ok(engine, "CREATE TABLE ps_cloud_raw.ts_curated WITH (format = 'PARQUET', external_location = 's3://lake/curated/ts_curated/') AS SELECT n, ts FROM ps_cloud_raw.ts_text");
    assert.deepEqual(rows(await ok(engine, 'SELECT ts FROM ps_cloud_raw.ts_curated ORDER BY n')), cases.map(([, read]) => [read]));
    const plan = rows(await ok(engine, "EXPLAIN SELECT n FROM ps_cloud_raw.ts_curated WHERE ts > TIMESTAMP '2024-06-01 00:00:00'")).flat().join('\n');
    assert.match(plan, /READ_PARQUET[\s\S]*Filters:[\s\S]*ts>/);
    const rounded = rows(await ok(engine, "EXPLAIN SELECT n FROM ps_cloud_raw.ts_parquet WHERE ts > TIMESTAMP '2024-06-01 00:00:00'")).flat().join('\n');
    assert.doesNotMatch(rounded, /Filters:[\s\S]*ts>/);
  });

  test('JSON SerDe and nested types', async () => {
    lake.put('s3://lake/raw/json/a.json', '{"id": 1, "tags": ["x", "y"], "geo": {"city": "Lyon"}}\n{"id": 2, "tags": [], "geo": null}\n');
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.j (id int, tags array<string>, geo struct<city:string>)
       ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/raw/json/'`,
    );
    assert.deepEqual(rows(await ok(engine, 'SELECT id, tags[1] AS first_tag, geo.city FROM ps_cloud_raw.j ORDER BY id')), [
      [1, 'x', 'Lyon'],
      [2, null, null],
    ]);
  });

  test('partitioned tables see partitions after MSCK REPAIR and after ADD PARTITION', async () => {
    lake.put('s3://lake/raw/usage/year=2024/month=01/a.csv', 'svc-a,10\nsvc-b,20\n');
    lake.put('s3://lake/raw/usage/year=2024/month=02/a.csv', 'svc-a,11\n');
    lake.put('s3://lake/elsewhere/2023-12/a.csv', 'svc-a,9\n');
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.usage (service string, units int)
       PARTITIONED BY (year string, month string)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
       LOCATION 's3://lake/raw/usage/'`,
    );
    assert.deepEqual(rows(await ok(engine, 'SELECT count(*) FROM ps_cloud_raw.usage')), [['0']], 'no partitions registered yet');
    const repair = await ok(engine, 'MSCK REPAIR TABLE ps_cloud_raw.usage');
    assert.match(String(repair.rows[0]?.[0]), /Partitions not in metastore/);
    assert.deepEqual(rows(await ok(engine, 'SHOW PARTITIONS ps_cloud_raw.usage')), [['year=2024/month=01'], ['year=2024/month=02']]);
    assert.deepEqual(rows(await ok(engine, 'SELECT month, sum(units) FROM ps_cloud_raw.usage GROUP BY month ORDER BY month')), [
      ['01', '30'],
      ['02', '11'],
    ]);
    await ok(engine, "ALTER TABLE ps_cloud_raw.usage ADD PARTITION (year='2023', month='12') LOCATION 's3://lake/elsewhere/2023-12/'");
    assert.deepEqual(rows(await ok(engine, "SELECT sum(units) FROM ps_cloud_raw.usage WHERE year = '2023'")), [['9']]);
    assert.match(await fails(engine, "ALTER TABLE ps_cloud_raw.usage ADD PARTITION (year='2023', month='12')"), /already exists/);
    await ok(engine, "ALTER TABLE ps_cloud_raw.usage DROP PARTITION (year='2023', month='12')");
    assert.deepEqual(rows(await ok(engine, 'SELECT count(*) FROM ps_cloud_raw.usage')), [['3']]);
  });

  test('partition projection: partitions come from TBLPROPERTIES and a location template', async () => {
    lake.put('s3://lake/logs/2024/01/a.csv', 'x,1\n');
    lake.put('s3://lake/logs/2024/02/a.csv', 'y,2\nz,3\n');
    lake.put('s3://lake/logs/2025/01/a.csv', 'outside the range,9\n');
    await ok(
      engine,
      `CREATE EXTERNAL TABLE ps_cloud_raw.logs (k string, v int)
       PARTITIONED BY (ym string)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
       LOCATION 's3://lake/logs/'
       TBLPROPERTIES (
         'projection.enabled' = 'true',
         'projection.ym.type' = 'date',
         'projection.ym.range' = '2023/11,2024/12',
         'projection.ym.format' = 'yyyy/MM',
         'projection.ym.interval.unit' = 'MONTHS',
         'storage.location.template' = 's3://lake/logs/\${ym}/')`,
    );
    assert.deepEqual(rows(await ok(engine, 'SELECT ym, sum(v) FROM ps_cloud_raw.logs GROUP BY ym ORDER BY ym')), [
      ['2024/01', '1'],
      ['2024/02', '5'],
    ]);
  });

  test('SHOW TABLES, SHOW COLUMNS, DESCRIBE, SHOW CREATE TABLE round-trips', async () => {
    assert.ok(rows(await ok(engine, 'SHOW TABLES IN ps_cloud_raw')).some((r) => r[0] === 'usage'));
    assert.deepEqual(rows(await ok(engine, 'SHOW COLUMNS IN ps_cloud_raw.usage')), [['service'], ['units'], ['year'], ['month']]);
    const described = rows(await ok(engine, 'DESCRIBE ps_cloud_raw.usage'));
    assert.deepEqual(described[0], ['service', 'string', '']);
    assert.ok(described.some((r) => r[0] === '# Partition Information'));
    const ddl = (await ok(engine, 'SHOW CREATE TABLE ps_cloud_raw.events')).rows.map((r) => r[0]).join('\n');
    assert.match(ddl, /FIELDS TERMINATED BY '\\t'/);
    await ok(engine, 'DROP TABLE ps_cloud_raw.events');
    await ok(engine, ddl);
    assert.equal((await ok(engine, 'SELECT * FROM ps_cloud_raw.events')).rows.length, 2, 'the printed DDL recreates a working table');
  });

  test('views: CREATE [OR REPLACE] VIEW, query, DROP VIEW', async () => {
    await ok(engine, 'CREATE VIEW ps_cloud_raw.v_usage AS SELECT service, sum(units) AS units FROM usage GROUP BY service', 'ps_cloud_raw');
    assert.deepEqual(rows(await ok(engine, 'SELECT * FROM ps_cloud_raw.v_usage ORDER BY service')), [
      ['svc-a', '21'],
      ['svc-b', '20'],
    ]);
    assert.match(await fails(engine, 'CREATE VIEW ps_cloud_raw.v_usage AS SELECT 1 AS x'), /already exists/);
    await ok(engine, 'CREATE OR REPLACE VIEW ps_cloud_raw.v_usage AS SELECT 1 AS x');
    assert.deepEqual(rows(await ok(engine, 'SELECT * FROM ps_cloud_raw.v_usage')), [[1]]);
    await ok(engine, 'DROP VIEW ps_cloud_raw.v_usage');
  });

  test('DROP TABLE keeps the data; DROP DATABASE refuses a non-empty database without CASCADE', async () => {
    await ok(engine, 'DROP TABLE ps_cloud_raw.people_noskip');
    assert.ok(existsSync(join(lake.s3, 'lake', 'raw', 'people', 'part-0.csv')));
    await ok(engine, 'DROP TABLE IF EXISTS ps_cloud_raw.people_noskip');
    assert.match(await fails(engine, 'DROP DATABASE ps_cloud_raw'), /not empty/);
  });
});

describe('local engine: CTAS and INSERT INTO', () => {
  test('CTAS writes partitioned Parquet and registers its partitions', async () => {
    const r = await ok(
      engine,
      `CREATE TABLE ps_cloud_raw.usage_pq
       WITH (format = 'PARQUET', write_compression = 'SNAPPY', external_location = 's3://lake/curated/usage_pq/', partitioned_by = ARRAY['year', 'month'])
       AS SELECT service, units, year, month FROM ps_cloud_raw.usage`,
    );
    assert.deepEqual(rows(r), [[3]]);
    assert.deepEqual(rows(await ok(engine, 'SHOW PARTITIONS ps_cloud_raw.usage_pq')), [['year=2024/month=01'], ['year=2024/month=02']]);
    const files = readdirSync(join(lake.s3, 'lake', 'curated', 'usage_pq', 'year=2024', 'month=01'));
    assert.ok(files.length > 0 && files.every((f) => f.endsWith('.parquet')), files.join());
    assert.deepEqual(rows(await ok(engine, 'SELECT sum(units) FROM ps_cloud_raw.usage_pq')), [['41']]);
  });

  test('CTAS into a non-empty location fails clearly and leaves the data untouched', async () => {
    const before = readFileSync(join(lake.s3, 'lake', 'raw', 'people', 'part-0.csv'), 'utf8');
    const message = await fails(engine, "CREATE TABLE ps_cloud_raw.clash WITH (external_location = 's3://lake/raw/people/') AS SELECT 1 AS x");
    assert.match(message, /HIVE_PATH_ALREADY_EXISTS: Target directory for table 'ps_cloud_raw.clash' already exists: s3:\/\/lake\/raw\/people\//);
    assert.equal(readFileSync(join(lake.s3, 'lake', 'raw', 'people', 'part-0.csv'), 'utf8'), before);
    assert.deepEqual(readdirSync(join(lake.s3, 'lake', 'raw', 'people')), ['part-0.csv']);
    assert.match(await fails(engine, 'SELECT * FROM ps_cloud_raw.clash'), /clash/);
  });

  test('CTAS checks partition columns come last', async () => {
    assert.match(
      await fails(engine, "CREATE TABLE ps_cloud_raw.bad WITH (partitioned_by = ARRAY['service']) AS SELECT service, units FROM ps_cloud_raw.usage"),
      /HIVE_COLUMN_ORDER_MISMATCH/,
    );
  });

  test('INSERT INTO appends files and new partitions', async () => {
    const r = await ok(engine, "INSERT INTO ps_cloud_raw.usage_pq SELECT 'svc-c', 5, '2024', '03'");
    assert.deepEqual(rows(r), [[1]]);
    assert.deepEqual(rows(await ok(engine, 'SELECT count(*), sum(units) FROM ps_cloud_raw.usage_pq')), [['4', '46']]);
    assert.deepEqual(rows(await ok(engine, 'SHOW PARTITIONS ps_cloud_raw.usage_pq')).length, 3);
  });

  test('CTAS to JSON and TEXTFILE can be read back', async () => {
    await ok(engine, "CREATE TABLE ps_cloud_raw.as_json WITH (format='JSON', external_location='s3://lake/curated/as_json/') AS SELECT 1 AS id, 'a' AS name");
    await ok(engine, "CREATE TABLE ps_cloud_raw.as_text WITH (format='TEXTFILE', field_delimiter=',', external_location='s3://lake/curated/as_text/') AS SELECT 1 AS id, 'a' AS name, CAST(NULL AS varchar) AS nothing");
    assert.deepEqual(rows(await ok(engine, 'SELECT * FROM ps_cloud_raw.as_json')), [[1, 'a']]);
    assert.deepEqual(rows(await ok(engine, 'SELECT * FROM ps_cloud_raw.as_text')), [[1, 'a', null]]);
  });
});

test('a second engine on the same folder sees the persisted catalog', async () => {
  const again = new LocalEngine({ lakehouseDir: join(lake.dir, '.lakehouse'), s3Root: lake.s3 });
  try {
    assert.deepEqual(rows(await ok(again, 'SELECT sum(units) FROM ps_cloud_raw.usage_pq')), [['46']]);
  } finally {
    again.dispose();
  }
});
