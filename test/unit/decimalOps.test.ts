import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalOp } from '../../src/core/sql/decimalOps';
import { decimalResult, staticType, type StaticType } from '../../src/core/sql/staticTypes';
import { parseQuery } from '../../src/core/sql/queryAst';

test("Trino's decimal result types: × adds, ÷ keeps at least 6 decimals, and past 38 digits the scale gives way", () => {
  assert.deepEqual(decimalResult('/', { p: 2, s: 1 }, { p: 1, s: 0 }), { p: 7, s: 6 });
  assert.deepEqual(decimalResult('/', { p: 8, s: 5 }, { p: 1, s: 1 }), { p: 11, s: 7 });
  assert.deepEqual(decimalResult('/', { p: 18, s: 0 }, { p: 18, s: 0 }), { p: 37, s: 19 });
  assert.deepEqual(decimalResult('/', { p: 38, s: 38 }, { p: 2, s: 2 }), { p: 38, s: 36 });
  assert.deepEqual(decimalResult('/', { p: 1, s: 0 }, { p: 38, s: 0 }), { p: 38, s: 37 });
  assert.deepEqual(decimalResult('*', { p: 38, s: 19 }, { p: 1, s: 0 }), { p: 38, s: 18 });
  assert.deepEqual(decimalResult('*', { p: 5, s: 2 }, { p: 3, s: 1 }), { p: 8, s: 3 });
  assert.deepEqual(decimalResult('%', { p: 38, s: 0 }, { p: 17, s: 16 }), { p: 17, s: 16 });
});

test('decimal ×, ÷ and % are exact, rounded half away from zero, and fail as Trino fails', () => {
  assert.equal(decimalOp('/', '1.0', '3', 7, 6), '0.333333');
  assert.equal(decimalOp('/', '-.20000000000000000000000000000000000000', '0.30', 38, 36), '-0.666666666666666666666666666666666667');
  assert.equal(decimalOp('/', '999999999999999999', '500000000000000000', 37, 19), '1.9999999999999999980');
  assert.equal(decimalOp('*', '1234567890123456789.0123456789012345678', '3', 38, 18), '3703703670370370367.037037036703703703');
  assert.equal(decimalOp('%', '99999999999999999999999999999999999997', '3.0000000000000000', 17, 16), '1.0000000000000000');
  assert.equal(decimalOp('%', '-7', '2', 1, 0), '-1');
  assert.throws(() => decimalOp('/', '1', '0.00', 7, 6), /Division by zero/);
  assert.throws(() => decimalOp('/', '200000000000000000000000000000000000', '0.30', 38, 6), /overflow/);
  assert.throws(() => decimalOp('/', '1', '.12345678901234567890123456789012345678', 38, 6), /rescaled/);
});

test('static types come from literals and casts; columns stay unknown', () => {
  const item = (sql: string): StaticType => {
    const body = parseQuery(`SELECT ${sql}`).body;
    const first = body.k === 'select' ? body.items[0] : undefined;
    assert.ok(first?.k === 'expr');
    return staticType(first.e);
  };
  assert.deepEqual(item('1.50'), { k: 'decimal', p: 3, s: 2 });
  assert.deepEqual(item('CAST(x AS decimal(10,2)) / 3'), { k: 'decimal', p: 21, s: 13 });
  assert.deepEqual(item('37.7E0'), { k: 'double' });
  assert.deepEqual(item("REAL 'NaN'"), { k: 'real' });
  assert.deepEqual(item('3000000000'), { k: 'int', p: 19 });
  assert.deepEqual(item('price'), { k: 'unknown' });
});
