import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { toAligned, toCsv, toJsonLines } from '../../src/core/results/text';

const table = {
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'note', type: 'varchar' },
  ],
  rows: [
    [1, 'plain'],
    [2, 'a,"quoted"\nline'],
    [3, null],
    [4, ''],
  ],
};

test('CSV quotes what needs quoting and leaves NULL empty', () => {
  assert.equal(toCsv(table), 'id,note\n1,plain\n2,"a,""quoted""\nline"\n3,\n4,\n');
});

test('JSON lines keep NULL distinct from the empty string', () => {
  assert.equal(toJsonLines(table).split('\n')[2], '{"id":3,"note":null}');
  assert.equal(toJsonLines(table).split('\n')[3], '{"id":4,"note":""}');
});

test('the aligned table spells NULL out', () => {
  const lines = toAligned(table).split('\n');
  assert.equal(lines[0], 'id | note');
  assert.match(lines[4] ?? '', /^3 +\| NULL$/);
});
