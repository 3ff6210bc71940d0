import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitStatements, statementAt } from '../../src/core/sql/splitter';
import { classifyStatement, ctasTarget } from '../../src/core/sql/statementKind';
import { isTrivia, tokenize } from '../../src/core/sql/tokenizer';

// Pieces of SQL that may hold a `;` without ending the statement.
const word = fc.constantFrom('SELECT', 'a', 'FROM', 't', 'WHERE', 'x', '=', '1', ',', '(', ')', 'AS', 'db.tbl', '*', '2.5e3', 'é', '日本');
// Characters that would end or confuse a statement if quoting were ignored.
const tricky = fc.string({ unit: fc.constantFrom(';', "'", '"', '`', '-', '*', '/', '\n', 'a', ' ', 'é'), maxLength: 10 });
const str = tricky.map((s) => `'${s.replace(/'/g, "''")}'`);
const quoted = tricky.map((s) => `"${s.replace(/"/g, '""')}"`);
const backtick = tricky.map((s) => `\`${s.replace(/`/g, '``')}\``);
const lineComment = tricky.map((s) => `-- ${s.replace(/[\r\n]/g, ' ')}\n`);
const blockComment = tricky.map((s) => `/* ${s.replace(/\*\//g, '* /')} */`);
const space = fc.constantFrom(' ', '\n', '\t', '\r\n');
const piece = fc.oneof({ weight: 5, arbitrary: word }, str, quoted, backtick, lineComment, blockComment);
/** A statement: significant pieces separated by whitespace; it starts and ends with a word. */
const statement = fc.tuple(word, fc.array(fc.tuple(space, piece), { maxLength: 8 }), space, word).map(([first, rest, sp, last]) => `${first}${rest.map(([s, p]) => s + p).join('')}${sp}${last}`);

test('property: the splitter never throws, on any text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: fc.constantFrom(';', "'", '"', '`', '-', '/', '*', '\n', 'a', ' ') })), (text) => {
      splitStatements(text);
      statementAt(splitStatements(text), text.length >> 1);
    }),
    { numRuns: 2000 },
  );
});

test("property: statements' ranges are in order, exact, and cover every significant token", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(statement, piece, space, fc.constant(';')), { maxLength: 20 }), (parts) => {
      const text = parts.join('');
      const statements = splitStatements(text);
      let previous = 0;
      for (const s of statements) {
        assert.ok(s.start >= previous && s.start < s.end && s.end <= s.endWithTerminator);
        assert.equal(text.slice(s.start, s.end), s.text);
        previous = s.endWithTerminator;
      }
      // Every token that is not trivia or a `;` lies inside a statement; nothing else does.
      for (const t of tokenize(text)) {
        if (isTrivia(t) || t.kind === 'semicolon') continue;
        assert.ok(statements.some((s) => t.start >= s.start && t.end <= s.end), `token at ${t.start} is in a statement`);
      }
    }),
    { numRuns: 1000 },
  );
});

test('property: a `;` inside strings, quoted identifiers or comments never splits', () => {
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), fc.array(space, { minLength: 6, maxLength: 6 }), (statements, gaps) => {
      const text = statements.map((s, i) => `${gaps[i] ?? ''}${s}`).join(';');
      assert.deepEqual(
        splitStatements(text).map((s) => s.text),
        statements,
      );
    }),
    { numRuns: 1000 },
  );
});

test('tricky real-world SQL splits where Athena would', () => {
  const sql = `-- curated; built nightly
CREATE TABLE curated.fact_spend
WITH (format = 'PARQUET', external_location = 's3://lake/curated/fact_spend/', partitioned_by = ARRAY['year'])
AS
WITH base AS (SELECT * FROM staging.spend /* ; not the end */),
     agg AS (WITH inner_cte AS (SELECT agency, cost FROM base) SELECT agency, sum(cost) AS cost FROM inner_cte GROUP BY agency)
SELECT agency, cost, 'it''s; fine' AS note, "odd;name", 2024 AS year FROM agg;

/* a block; with semicolons; */
INSERT INTO curated.fact_spend SELECT * FROM staging.late_spend -- trailing; comment
;
SELECT 'a'';''b' AS s`;
  const statements = splitStatements(sql);
  assert.equal(statements.length, 3);
  assert.match(statements[0]?.text ?? '', /^CREATE TABLE curated\.fact_spend[\s\S]*FROM agg$/);
  assert.match(statements[1]?.text ?? '', /^INSERT INTO curated\.fact_spend SELECT \* FROM staging\.late_spend$/);
  assert.equal(statements[2]?.text, "SELECT 'a'';''b' AS s");
  assert.equal(classifyStatement(statements[0]?.text ?? '').kind, 'ctas');
  assert.deepEqual(ctasTarget(statements[0]?.text ?? ''), { table: { database: 'curated', name: 'fact_spend' }, location: 's3://lake/curated/fact_spend/' });
});

test('statement kinds, and which ones must ask first', () => {
  const k = (sql: string): string => {
    const i = classifyStatement(sql);
    return `${i.kind}${i.destructive ? ` !${i.destructive.action} ${i.destructive.target}` : ''}${i.billed ? '' : ' (free)'}`;
  };
  assert.equal(k('SELECT 1'), 'query');
  assert.equal(k('WITH a AS (SELECT 1) SELECT * FROM a'), 'query');
  assert.equal(k('(SELECT 1) UNION ALL (SELECT 2)'), 'query');
  assert.equal(k('SHOW TABLES IN raw'), 'query (free)');
  assert.equal(k('DESCRIBE raw.t'), 'query (free)');
  assert.equal(k('EXPLAIN SELECT 1'), 'explain (free)');
  assert.equal(k('EXPLAIN ANALYZE SELECT 1'), 'query');
  assert.equal(k("CREATE TABLE c.t WITH (format='PARQUET') AS SELECT 1 AS x"), 'ctas');
  assert.equal(k('CREATE TABLE c.t AS SELECT 1 AS x'), 'ctas');
  assert.equal(k("CREATE EXTERNAL TABLE r.t (a int) LOCATION 's3://b/t/'"), 'ddl (free)');
  assert.equal(k('CREATE OR REPLACE VIEW v AS SELECT 1'), 'ddl (free)');
  assert.equal(k('INSERT INTO t SELECT 1'), 'insert');
  assert.equal(k('INSERT OVERWRITE TABLE db.t SELECT 1'), 'insert !overwrite db.t');
  assert.equal(k("UNLOAD (SELECT 1) TO 's3://b/x/' WITH (format = 'PARQUET')"), 'unload');
  assert.equal(k('DROP TABLE IF EXISTS "Sales".orders'), 'ddl !drop table sales.orders (free)');
  assert.equal(k('DROP DATABASE raw CASCADE'), 'ddl !drop database raw (free)');
  assert.equal(k('DROP VIEW v'), 'ddl !drop view v (free)');
  assert.equal(k("ALTER TABLE db.t DROP PARTITION (year='2020')"), 'ddl !drop partitions of db.t (free)');
  assert.equal(k("ALTER TABLE db.t ADD PARTITION (year='2020')"), 'ddl (free)');
  assert.equal(k('MSCK REPAIR TABLE t'), 'ddl (free)');
  assert.equal(k('DELETE FROM ice.t WHERE id = 1'), 'iceberg-dml !delete rows from ice.t');
  assert.equal(k('UPDATE ice.t SET a = 1'), 'iceberg-dml !update rows of ice.t');
  assert.equal(k('MERGE INTO ice.t USING s ON t.id = s.id WHEN MATCHED THEN DELETE'), 'iceberg-dml !merge into ice.t');
  assert.equal(k('VACUUM ice.t'), 'iceberg-dml !vacuum ice.t');
  assert.equal(k('OPTIMIZE ice.t REWRITE DATA USING BIN_PACK'), 'iceberg-dml');
  assert.match(classifyStatement('DROP TABLE t').destructive?.dataNote ?? '', /external table the files in S3 stay/);
  assert.equal(k(''), 'other');
});
