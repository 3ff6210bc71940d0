import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { findFilePathInFrom } from '../../src/core/sql/filePaths';

test('a file path where a table belongs is found: after FROM, JOIN and a FROM list comma, at any depth', () => {
  const at = (sql: string): number | undefined => findFilePathInFrom(sql)?.offset;
  assert.equal(at("SELECT * FROM '/etc/passwd'"), 14);
  assert.equal(at('SELECT * FROM "/data/x.csv"'), 14);
  assert.equal(at('SELECT * FROM "x.parquet"'), 14);
  assert.equal(at("SELECT * FROM a JOIN 'b.csv' ON true"), 21);
  assert.equal(at("SELECT * FROM a, 'b.csv'"), 17);
  assert.equal(at("SELECT * FROM a WHERE x IN (SELECT y FROM '/s.csv')"), 42);
  assert.equal(at("FROM '/s.csv'"), 5);
  assert.match(findFilePathInFrom("SELECT * FROM '/x'")?.message ?? '', /Athena reads tables of the catalog by name/);
});

test('FROM inside a call, strings elsewhere and quoted table names are not paths', () => {
  for (const sql of [
    "SELECT trim(BOTH 'x' FROM 'xax') FROM t",
    "SELECT extract(year FROM DATE '2024-01-01'), substring('abc' FROM 2)",
    "SELECT '/etc/passwd' AS p FROM \"raw\".\"my_table\" WHERE a = 'x.csv'",
    "SELECT * FROM t WHERE s LIKE '%/%' GROUP BY a, 'b'",
  ]) {
    assert.equal(findFilePathInFrom(sql), undefined, sql);
  }
});
