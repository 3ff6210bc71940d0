import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { formatDocument, formatStatement, tokenSignature } from '../../src/core/format/formatter';
import { splitStatements } from '../../src/core/sql/splitter';
import { snippetBodies } from '../helpers/snippets';

const root = resolve(__dirname, '..', '..', '..');
const sampleDir = join(root, 'samples', 'public-sector-lakehouse');
const documents = [
  ...readdirSync(sampleDir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => ({ name: f, text: readFileSync(join(sampleDir, f), 'utf8') })),
  ...snippetBodies(root),
];

test('formatting every sample file and snippet keeps the token sequence, and formatting twice changes nothing', () => {
  let changed = 0;
  let statements = 0;
  for (const d of documents) {
    const once = formatDocument(d.text);
    assert.deepEqual(tokenSignature(once), tokenSignature(d.text), `${d.name}: same tokens`);
    assert.equal(formatDocument(once), once, `${d.name}: idempotent`);
    statements += splitStatements(d.text).length;
    if (once !== d.text) changed++;
  }
  assert.ok(documents.length >= 25, `${documents.length} documents`);
  assert.ok(statements >= 60, `${statements} statements`);
  assert.ok(changed >= 10, `the formatter did format (${changed} documents changed)`);
});

test('queries are laid out; Hive DDL keeps every clause as written', () => {
  assert.equal(formatStatement('select a,b from t where x=1 and y in (1,2)'), 'SELECT\n  a,\n  b\nFROM\n  t\nWHERE\n  x = 1\n  AND y IN (1, 2)');
  assert.equal(formatStatement('select a from t', { keywordCase: 'lower', indent: '    ' }), 'select\n    a\nfrom\n    t');
  const ddl = "CREATE EXTERNAL TABLE t (a int)   \nROW FORMAT DELIMITED FIELDS TERMINATED BY ','\nSTORED AS TEXTFILE\nLOCATION 's3://b/t/'";
  assert.equal(formatStatement(ddl), ddl.replace('   \n', '\n'));
  // ? parameters and Athena's typed literals survive.
  const q = formatStatement("select * from t where d = DATE '2024-01-31' and x = ? and i = INTERVAL '1' DAY");
  assert.deepEqual(tokenSignature(q), tokenSignature("select * from t where d = DATE '2024-01-31' and x = ? and i = INTERVAL '1' DAY"));
});
