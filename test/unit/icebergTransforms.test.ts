import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTransform, murmur3_32 } from '../../src/core/iceberg/transforms';

const int = (v: number | bigint) => ({ kind: 'int' as const, value: BigInt(v) });
const date = (iso: string) => ({ kind: 'date' as const, days: Date.parse(`${iso}T00:00:00Z`) / 86_400_000 });
const ts = (iso: string) => ({ kind: 'timestamp' as const, micros: BigInt(Date.parse(`${iso}Z`)) * 1000n });

test('bucket hashes: the Iceberg spec’s own test vectors (Appendix B)', () => {
  // int and long 34 → 2017239379; date 2017-11-16 → -653330422; timestamp 2017-11-16T22:31:08 → -2047944441;
  // string "iceberg" → 1210000089.
  assert.equal(murmur3_32(new Uint8Array([34, 0, 0, 0, 0, 0, 0, 0])), 2017239379);
  assert.equal(murmur3_32(new TextEncoder().encode('iceberg')), 1210000089);
  assert.equal(applyTransform('bucket[2147483647]', int(34)), 2017239379 % 2147483647);
  assert.equal(applyTransform('bucket[16]', int(34)), (2017239379 & 0x7fffffff) % 16);
  assert.equal(applyTransform('bucket[100]', date('2017-11-16')), (-653330422 & 0x7fffffff) % 100);
  assert.equal(applyTransform('bucket[100]', ts('2017-11-16T22:31:08')), (-2047944441 & 0x7fffffff) % 100);
  assert.equal(applyTransform('bucket[100]', { kind: 'string', value: 'iceberg' }), 1210000089 % 100);
});

test('year, month, day and hour count whole units since 1970-01-01; truncate and identity', () => {
  assert.equal(applyTransform('day', date('2024-03-01')), 19783);
  assert.equal(applyTransform('day', ts('2024-03-01T23:59:59')), 19783);
  assert.equal(applyTransform('day', ts('1969-12-31T23:00:00')), -1, 'before the epoch rounds down');
  assert.equal(applyTransform('month', date('2024-03-01')), 54 * 12 + 2);
  assert.equal(applyTransform('year', ts('2024-03-01T10:00:00')), 54);
  assert.equal(applyTransform('hour', ts('1970-01-02T01:30:00')), 25);
  assert.equal(applyTransform('hour', date('2024-03-01')), undefined, 'a date has no hour');
  assert.equal(applyTransform('truncate[10]', int(-1)), -10);
  assert.equal(applyTransform('truncate[10]', int(27)), 20);
  assert.equal(applyTransform('truncate[3]', { kind: 'string', value: 'iceberg' }), 'ice');
  assert.equal(applyTransform('identity', { kind: 'string', value: 'eu' }), 'eu');
  assert.equal(applyTransform('void', int(1)), undefined);
});
