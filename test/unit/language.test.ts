import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { callAt, completionSite, nameAt, tableRefs } from '../../src/core/sql/completionContext';
import { syntaxProblems } from '../../src/core/sql/syntaxCheck';
import { snippetBodies } from '../helpers/snippets';

const at = (sqlWithCursor: string): ReturnType<typeof completionSite> => {
  const offset = sqlWithCursor.indexOf('|');
  return completionSite(sqlWithCursor.replace('|', ''), offset);
};

test('completion contexts: relations after FROM/JOIN, columns after alias., tables after db., CTAS properties', () => {
  assert.equal(at('SELECT * FROM |').context.kind, 'relations');
  assert.equal(at('SELECT * FROM raw.a JOIN ra|').context.kind, 'relations');
  assert.equal(at('SELECT * FROM raw.a JOIN ra|').prefix, 'ra');
  assert.equal(at('SELECT * FROM a, |').context.kind, 'relations');
  assert.deepEqual(at('SELECT s.| FROM ps_cloud_raw.services AS s').context, { kind: 'columns', ref: { database: 'ps_cloud_raw', table: 'services', alias: 's' } });
  assert.deepEqual(at('SELECT s.ag| FROM ps_cloud_raw.services s JOIN x ON 1=1').context, { kind: 'columns', ref: { database: 'ps_cloud_raw', table: 'services', alias: 's' } });
  assert.deepEqual(at('SELECT * FROM ps_cloud_raw.|').context, { kind: 'tablesIn', database: 'ps_cloud_raw' });
  assert.equal(at("CREATE TABLE c.t WITH (|").context.kind, 'ctasProperty');
  assert.equal(at("CREATE TABLE c.t WITH (format = 'PARQUET', |").context.kind, 'ctasProperty');
  assert.deepEqual(at('CREATE TABLE c.t WITH (format = |').context, { kind: 'ctasValue', property: 'format' });
  assert.equal(at("CREATE TABLE c.t WITH (format = 'PARQUET') AS SELECT |").context.kind, 'general');
  assert.equal(at("SELECT 'FROM |").context.kind, 'none');
  assert.equal(at('SELECT 1 -- FROM |').context.kind, 'none');
  assert.deepEqual(at('WITH recent AS (SELECT 1 AS x), older AS (SELECT 2 AS x) SELECT * FROM |').ctes, ['recent', 'older']);
});

test('table references with aliases', () => {
  assert.deepEqual(tableRefs('SELECT * FROM raw.a AS x, c LEFT JOIN "Raw"."B" y ON x.id = y.id WHERE 1 = 1').refs, [
    { table: 'a', database: 'raw', alias: 'x' },
    { table: 'c' },
    { table: 'b', database: 'raw', alias: 'y' },
  ]);
});

test('the call and argument under the cursor; the name under the cursor', () => {
  const text = "SELECT date_parse(col, '%m/%d/%Y'), round(x, 2) FROM t";
  assert.deepEqual(callAt(text, text.indexOf("'%m")), { name: 'date_parse', argument: 1 });
  assert.deepEqual(callAt(text, text.indexOf('x, 2') + 1), { name: 'round', argument: 0 });
  assert.equal(callAt(text, text.indexOf('FROM')), undefined);
  assert.deepEqual(nameAt('SELECT * FROM ps_cloud_raw.services s', 20)?.parts, ['ps_cloud_raw', 'services']);
});

test('syntax diagnostics: none on the sample lakehouse and the snippets; a misspelt keyword and an open string are found', () => {
  const root = resolve(__dirname, '..', '..', '..');
  const dir = join(root, 'samples', 'public-sector-lakehouse');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) assert.deepEqual(syntaxProblems(readFileSync(join(dir, f), 'utf8')), [], f);
  for (const s of snippetBodies(root)) assert.deepEqual(syntaxProblems(s.text), [], s.name);
  const text = 'SELECT 1;\nSELEC agency FROM t;\n';
  assert.deepEqual(syntaxProblems(text), [{ start: text.indexOf('SELEC '), end: text.indexOf('SELEC ') + 5, message: '"SELEC" does not begin an Athena statement: did you mean SELECT?' }]);
  assert.deepEqual(
    syntaxProblems("SELECT 'open").map((p) => p.message),
    ['This string is never closed.'],
  );
  assert.deepEqual(syntaxProblems("SELECT 'it''s'"), []);
});
