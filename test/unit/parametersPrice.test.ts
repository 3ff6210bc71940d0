import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { billedBytes, formatBytes, formatUsd, queryCostUsd } from '../../src/core/cost/price';
import { bindParameters, literalFromInput, placeholderOffsets } from '../../src/core/sql/parameters';

test('? placeholders outside strings, identifiers and comments', () => {
  const sql = "SELECT '?' AS q, \"a?\" FROM t -- ?\nWHERE year = ? AND agency = ? /* ? */";
  assert.equal(placeholderOffsets(sql).length, 2);
  assert.equal(bindParameters(sql, ['2024', "'dinum'"]), "SELECT '?' AS q, \"a?\" FROM t -- ?\nWHERE year = 2024 AND agency = 'dinum' /* ? */");
  assert.throws(() => bindParameters(sql, ['1']), /2 \? placeholder\(s\) and 1 value/);
});

test('typed values become SQL literals', () => {
  assert.equal(literalFromInput('2024'), '2024');
  assert.equal(literalFromInput('-1.5e3'), '-1.5e3');
  assert.equal(literalFromInput("it's"), "'it''s'");
  assert.equal(literalFromInput("'dinum'"), "'dinum'");
  assert.equal(literalFromInput("DATE '2024-01-31'"), "DATE '2024-01-31'");
  assert.equal(literalFromInput('null'), 'null');
});

test("Athena's price: rounded up to the MB, 10 MB minimum, per TB", () => {
  assert.equal(billedBytes(0), 10 * 1024 * 1024);
  assert.equal(billedBytes(10 * 1024 * 1024 + 1), 11 * 1024 * 1024);
  assert.equal(queryCostUsd(1024 ** 4), 5);
  assert.equal(queryCostUsd(1024 ** 4, 6.75), 6.75);
  assert.equal(formatUsd(queryCostUsd(0)), '$0.000048');
  assert.equal(formatUsd(queryCostUsd(1.24 * 1024 ** 3)), '$0.0061');
  assert.equal(formatUsd(12.5), '$12.50');
  assert.equal(formatBytes(1.24 * 1024 ** 3), '1.24 GB');
  assert.equal(formatBytes(512), '512 B');
});
