import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { findTimeTravel, replaceTimeTravel } from '../../src/core/sql/timeTravel';

test('time travel in SQL text: qualified and quoted names, versions and literal times; computed times listed apart', () => {
  const sql = `SELECT * FROM lake.t FOR VERSION AS OF 9204528461874786831 AS a JOIN "Lake"."T x" FOR TIMESTAMP AS OF TIMESTAMP '2024-03-01 10:00:00 UTC' b ON a.id = b.id
    WHERE x IN (SELECT id FROM u FOR TIMESTAMP AS OF '2024-01-01')`;
  const found = findTimeTravel(sql);
  assert.deepEqual(
    found.refs.map((r) => [r.parts, r.kind, r.value]),
    [
      [['lake', 't'], 'version', '9204528461874786831'],
      [['Lake', 'T x'], 'timestamp', "TIMESTAMP '2024-03-01 10:00:00 UTC'"],
      [['u'], 'timestamp', "TIMESTAMP '2024-01-01'"],
    ],
  );
  assert.equal(
    replaceTimeTravel(sql, found.refs, (r) => `at_${r.kind}(${r.value})`),
    `SELECT * FROM at_version(9204528461874786831) AS a JOIN at_timestamp(TIMESTAMP '2024-03-01 10:00:00 UTC') b ON a.id = b.id
    WHERE x IN (SELECT id FROM at_timestamp(TIMESTAMP '2024-01-01'))`,
  );
  assert.deepEqual(findTimeTravel('SELECT 1 FROM t FOR TIMESTAMP AS OF current_timestamp').unsupported, ['FOR TIMESTAMP AS OF current_timestamp']);
  // Not time travel: FOR in other places, a string holding the words.
  assert.deepEqual(findTimeTravel("SELECT 'x FOR VERSION AS OF 1' FROM t").refs, []);
});
