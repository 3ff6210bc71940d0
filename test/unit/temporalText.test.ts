import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewritePreciseTemporal } from '../../src/core/sql/preciseTemporal';
import { daysFromCivil, parseTimestampText, parseTimeText } from '../../src/core/sql/temporalText';

test('daysFromCivil agrees with the JavaScript calendar (proleptic Gregorian) across eras', () => {
  for (const [y, m, d] of [[1970, 1, 1], [2020, 2, 29], [1500, 5, 10], [1, 1, 1], [-44, 3, 15], [9999, 12, 31], [275000, 6, 1], [1900, 3, 1]] as const) {
    const js = new Date(0);
    js.setUTCFullYear(y, m - 1, d);
    assert.equal(daysFromCivil(BigInt(y), m, d), BigInt(Math.round(js.getTime() / 86_400_000)), `${y}-${m}-${d}`);
  }
});

test("Trino's timestamp and time text, to the picosecond; invalid dates and times are undefined", () => {
  assert.deepEqual(parseTimestampText('1970-01-01 00:00:00.000000000001'), { picos: 1n, digits: 12 });
  assert.deepEqual(parseTimestampText('1969-12-31 23:59:59.9999999'), { picos: -100_000n, digits: 7 });
  assert.deepEqual(parseTimestampText('2020-05-10'), { picos: 18_392n * 86_400n * 10n ** 12n, digits: 0 });
  assert.equal(parseTimestampText('2021-02-29 00:00:00'), undefined);
  assert.equal(parseTimestampText('2020-05-10T12:34:56'), undefined);
  assert.equal(parseTimestampText('2020-05-10 12:34:56 +01:23'), undefined);
  assert.deepEqual(parseTimestampText('2020-05-10 12:34:56 +01:23', true)?.digits, 0);
  assert.equal(parseTimestampText('2020-05-10 12:34:56.1234567890123'), undefined);
  assert.deepEqual(parseTimeText('12:34:56.1234567'), { picos: 45_296_123_456_700_000n, digits: 7 });
  assert.equal(parseTimeText('12:65:00'), undefined);
});

test('only expressions holding a precise value are rewritten; the rest is left for the other passes', () => {
  assert.deepEqual(rewritePreciseTemporal("SELECT TIMESTAMP '2020-01-01 00:00:00.123', x / 2 FROM t"), { ok: true, sql: "SELECT TIMESTAMP '2020-01-01 00:00:00.123', x / 2 FROM t", macros: [] });
  const r = rewritePreciseTemporal("SELECT year(TIMESTAMP '1970-01-01 00:00:00.0000001') + 1 AS y, a FROM t WHERE b > 2", 'main.');
  assert.ok(r.ok);
  assert.equal(r.sql, "SELECT year(main.__lh_pt_floor_ts(CAST('100000' AS HUGEINT))) + 1 AS y, a FROM t WHERE b > 2");
  assert.deepEqual(r.macros, ['__lh_pt_floor_ts']);
  const refused = rewritePreciseTemporal("SELECT * FROM (SELECT TIMESTAMP '2020-01-01 00:00:00.1234567' AS t)");
  assert.ok(!refused.ok && /outermost query only/.test(refused.message));
});
