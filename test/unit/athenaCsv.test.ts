import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { AthenaCsvParser, type CsvField } from '../../src/core/results/athenaCsv';
import { athenaColumnType, cellReader } from '../../src/core/results/typing';

const CSV = '"id","note"\n"1","a, b"\n"2","she said ""hi"""\r\n"3","two\nlines"\n"4",\n"5",""\n,"6"\n';
const EXPECTED: CsvField[][] = [
  ['id', 'note'],
  ['1', 'a, b'],
  ['2', 'she said "hi"'],
  ['3', 'two\nlines'],
  ['4', null],
  ['5', ''],
  [null, '6'],
];

function parseInChunks(text: string, size: number): CsvField[][] {
  const p = new AthenaCsvParser();
  const out: CsvField[][] = [];
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size), out);
  p.end(out);
  return out;
}

test('Athena result CSV: quotes, doubled quotes, line breaks, NULL (unquoted empty) vs empty string', () => {
  assert.deepEqual(parseInChunks(CSV, CSV.length), EXPECTED);
});

test('Athena result CSV: every chunk boundary gives the same records', () => {
  for (let size = 1; size <= 12; size++) assert.deepEqual(parseInChunks(CSV, size), EXPECTED, `chunks of ${size}`);
});

test('Athena result CSV: a last record without a line break; a quote left open is an error', () => {
  assert.deepEqual(parseInChunks('"a","b"\n"1","2"', 4), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.throws(() => parseInChunks('"a","b\n', 3), /record 1: a quoted value is not closed/);
  assert.throws(() => parseInChunks('"a"x,"b"\n', 100), /unexpected character after a quoted value/);
});

test('cell typing by Athena column type keeps every digit', () => {
  assert.equal(cellReader('integer')('42'), 42);
  assert.equal(cellReader('bigint')('9007199254740993'), '9007199254740993');
  assert.equal(cellReader('bigint')('-12'), '-12');
  assert.equal(cellReader('smallint')('-12'), -12);
  assert.equal(cellReader('double')('0.5'), 0.5);
  assert.equal(cellReader('double')('Infinity'), 'Infinity');
  assert.equal(cellReader('real')('NaN'), 'NaN');
  assert.equal(cellReader('decimal(10,2)')('30500.10'), '30500.10');
  assert.equal(cellReader('boolean')('true'), true);
  assert.equal(cellReader('boolean')('false'), false);
  assert.equal(cellReader('varchar')(''), '');
  assert.equal(cellReader('date')(null), null);
  assert.equal(cellReader('array(varchar)')('[a, b]'), '[a, b]');
  assert.equal(athenaColumnType('decimal', 12, 2), 'decimal(12,2)');
  assert.equal(athenaColumnType('VARCHAR', 2147483647, 0), 'varchar');
});
