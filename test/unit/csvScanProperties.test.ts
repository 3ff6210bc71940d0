import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDelimited, type DelimitedFormat } from '../../src/core/csv/parse';
import { scanColumns } from '../../src/core/csv/scan';

// The tallying scanner (whole sample, values counted in place) and the row parser (first rows)
// are written apart for speed; they must cut every text into the same fields.
const plain = fc.string({ unit: fc.constantFrom('a', '1', ' ', '.', '-', 'é'), maxLength: 6 });
const tricky = fc.string({ unit: fc.constantFrom('a', ',', ';', '\n', '\r', '"', ' '), maxLength: 6 });
const field = fc.oneof({ weight: 4, arbitrary: plain }, tricky.map((s) => `"${s.replace(/"/g, '""')}"`), fc.constant(''));
// A row's first value is never empty: an empty line is no row to either reader.
const firstField = fc.string({ unit: fc.constantFrom('a', '1', 'é'), minLength: 1, maxLength: 4 });
const ending = fc.constantFrom('\n', '\r\n', '\r');
const csv = (f: DelimitedFormat) =>
  fc
    .tuple(fc.array(fc.tuple(firstField, fc.array(field, { maxLength: 4 })), { minLength: 1, maxLength: 8 }), ending, fc.boolean())
    .map(([rows, eol, last]) => rows.map(([first, rest]) => [first, ...rest].join(f.delimiter)).join(eol) + (last ? eol : ''));

for (const delimiter of [',', ';', '\t']) {
  const f: DelimitedFormat = { delimiter, quote: '"', escape: '"' };
  test(`property: scanColumns and parseDelimited cut the same fields (delimiter ${JSON.stringify(delimiter)}, LF, CRLF and bare CR)`, () => {
    fc.assert(
      fc.property(csv(f), (text) => {
        const parsed = parseDelimited(text, f).rows.filter((r) => !(r.length === 1 && r[0] === ''));
        const width = Math.max(1, ...parsed.map((r) => r.length));
        const scanned = scanColumns(text, f, 0, width, { maxRows: Infinity, partial: false, previewRows: Infinity });
        assert.deepEqual(scanned.preview, parsed);
        assert.equal(scanned.rows, parsed.length);
        assert.equal(scanned.raggedRows, parsed.filter((r) => r.length !== width).length);
      }),
      { numRuns: 1500 },
    );
  });
}
