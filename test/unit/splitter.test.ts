import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitStatements, statementAt } from '../../src/core/sql/splitter';
import { tokenize } from '../../src/core/sql/tokenizer';

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.text);

test('splits on top-level semicolons and keeps exact ranges', () => {
  const sql = 'SELECT 1;\n  SELECT 2 ;\nSELECT 3';
  const statements = splitStatements(sql);
  assert.deepEqual(statements.map((s) => s.text), ['SELECT 1', 'SELECT 2', 'SELECT 3']);
  for (const s of statements) assert.equal(sql.slice(s.start, s.end), s.text);
  assert.equal(sql[(statements[1]?.endWithTerminator ?? 0) - 1], ';');
});

test('semicolons inside strings, identifiers and comments do not split', () => {
  assert.deepEqual(texts(`SELECT 'a;b', 'it''s;' FROM "we;ird" -- c;d\nWHERE x = 1; SELECT \`x;y\` /* ; */`), [
    `SELECT 'a;b', 'it''s;' FROM "we;ird" -- c;d\nWHERE x = 1`,
    'SELECT `x;y` /* ; */'.replace(' /* ; */', ''),
  ]);
});

test('comment-only and empty stretches are not statements', () => {
  assert.deepEqual(texts(';;  -- nothing\n/* also nothing */;\n'), []);
  assert.deepEqual(texts('-- header\nSELECT 1 -- trailing\n;'), ['SELECT 1']);
});

test('unterminated strings and comments never throw and run to the end', () => {
  assert.deepEqual(texts("SELECT 'open; SELECT 2"), ["SELECT 'open; SELECT 2"]);
  assert.deepEqual(texts('SELECT 1 /* open; SELECT 2'), ['SELECT 1']);
  assert.deepEqual(texts('SELECT "a'), ['SELECT "a']);
});

test('tokens cover the input exactly, for any input', () => {
  const inputs = ["'", '"', '`', '/*', '--', '1e+', '.5', '😀;😀', '\u0000;', "a''b", 'x\r\ny', ''];
  for (let i = 0; i < 300; i++) {
    let s = '';
    for (let j = 0; j < 20; j++) s += inputs[(i * 7 + j * 13) % inputs.length];
    inputs.push(s.slice(0, 40));
  }
  for (const input of inputs) {
    let at = 0;
    for (const t of tokenize(input)) {
      assert.equal(t.start, at, `contiguous tokens for ${JSON.stringify(input)}`);
      assert.ok(t.end > t.start);
      at = t.end;
    }
    assert.equal(at, input.length);
    let after = 0;
    for (const st of splitStatements(input)) {
      assert.equal(st.text, input.slice(st.start, st.end), `statement text is its slice of ${JSON.stringify(input)}`);
      assert.ok(st.start >= after && st.end > st.start && st.endWithTerminator >= st.end, `ordered, non-empty statements in ${JSON.stringify(input)}`);
      after = st.endWithTerminator;
    }
  }
});

test('the statement at the cursor', () => {
  const sql = 'SELECT 1;\n\nSELECT 2;\n';
  const statements = splitStatements(sql);
  const at = (offset: number): string | undefined => statementAt(statements, offset)?.text;
  assert.equal(at(0), 'SELECT 1');
  assert.equal(at(8), 'SELECT 1');
  assert.equal(at(9), 'SELECT 1', 'just after the semicolon');
  assert.equal(at(10), 'SELECT 1', 'in the gap: the statement before');
  assert.equal(at(11), 'SELECT 2');
  assert.equal(at(sql.length), 'SELECT 2', 'at the end of the file');
  assert.equal(statementAt(splitStatements('\n\n  SELECT 3'), 0)?.text, 'SELECT 3', 'before the first: the first');
  assert.equal(statementAt([], 0), undefined);
});
