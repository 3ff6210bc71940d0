import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { intervalText, levenshteinCodePoints, parseDurationMillis, shortestDecimalText, trinoJsonText, trinoNumberText } from '../../src/core/results/trinoText';

test("numbers as Trino writes a double or real: shortest digits, scientific, at least one decimal", () => {
  const cases: [string, string][] = [
    ['37.7', '3.77E1'], ['1200.0', '1.2E3'], ['1.0', '1.0E0'], ['-12345678.9', '-1.23456789E7'], ['0.001', '1.0E-3'],
    ['1e-05', '1.0E-5'], ['1.2345678901234567e+24', '1.2345678901234567E24'], ['0.0', '0E0'], ['-0.0', '-0E0'],
    ['nan', 'NaN'], ['inf', 'Infinity'], ['-inf', '-Infinity'], ['754.1985', '7.541985E2'],
  ];
  for (const [duck, trino] of cases) assert.equal(trinoNumberText(duck), trino, duck);
});

test('JSON scalars as Trino casts them to varchar; arrays and objects are refused', () => {
  assert.equal(trinoJsonText('"test"'), 'test');
  assert.equal(trinoJsonText(' "a\\"b"'), 'a"b');
  assert.equal(trinoJsonText('null'), null);
  assert.equal(trinoJsonText('123'), '123');
  assert.equal(trinoJsonText('128.9'), '1.289E2');
  assert.equal(trinoJsonText('0e1000'), '0E0');
  assert.equal(trinoJsonText('1e309'), 'Infinity');
  assert.throws(() => trinoJsonText('[1]'), /JSON array/);
});

test('intervals as Trino prints them; a mix of months and days is not a Trino interval', () => {
  assert.equal(intervalText({ months: 0, days: 1, micros: '7384500000' }), '1 02:03:04.500');
  assert.equal(intervalText({ months: 0, days: 0, micros: '-90000000' }), '-0 00:01:30.000');
  assert.equal(intervalText({ months: 1518, days: 0, micros: '0' }), '126-6');
  assert.equal(intervalText({ months: -14, days: 0, micros: 0 }), '-1-2');
  assert.equal(intervalText({ months: 1, days: 1, micros: '0' }), undefined);
  assert.equal(intervalText({ a: 1 }), undefined);
});

test("parse_duration as Trino reads it: a number and a unit, rounded to milliseconds", () => {
  assert.equal(parseDurationMillis('1234 ns'), 0);
  assert.equal(parseDurationMillis('1234 us'), 1);
  assert.equal(parseDurationMillis('1234.567 ms'), 1235);
  assert.equal(parseDurationMillis('1234.567d'), 106_666_588_800);
  assert.throws(() => parseDurationMillis(''), /duration is empty/);
  assert.throws(() => parseDurationMillis('abc'), /not a valid data duration string: abc/);
});

test('levenshtein distance counts code points, as Trino', () => {
  assert.equal(levenshteinCodePoints('hello naïve world', 'hello naive world'), 1);
  assert.equal(levenshteinCodePoints('信念,爱,希望', '信仰,爱,希望'), 1);
  assert.equal(levenshteinCodePoints('kitten', 'sitting'), 3);
  assert.equal(levenshteinCodePoints('', 'abc'), 3);
});

test('shortestDecimalText: the shortest text that reads back, without an exponent', () => {
  assert.equal(shortestDecimalText(2.675), '2.675');
  assert.equal(shortestDecimalText(-1.2345678901234568e24), '-1234567890123456800000000');
  assert.equal(shortestDecimalText(2.34e20), '234000000000000000000');
  assert.equal(shortestDecimalText(1.5e-7), '0.00000015');
  assert.equal(shortestDecimalText(Number('0.1234567890123456789')), '0.12345678901234568');
  assert.equal(shortestDecimalText(Math.fround(1456213.432632456), true), '1456213.4');
  assert.equal(shortestDecimalText(Math.fround(1234567940), true), '1234568000');
  assert.equal(shortestDecimalText(Math.fround(Number('123456790519087104')), true), '123456790000000000');
  assert.equal(shortestDecimalText(-0), '0');
  assert.equal(shortestDecimalText(Number.NaN), 'NaN');
});
