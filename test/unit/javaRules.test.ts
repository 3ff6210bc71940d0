import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaGroupCount, javaReplacement } from '../../src/core/sql/javaRegex';
import { canonicalJson } from '../../src/core/sql/jsonCanonical';

test('capturing groups as Java counts them: not escaped, not in a class, not (?:…) or lookarounds', () => {
  assert.equal(javaGroupCount('(a)(b)'), 2);
  assert.equal(javaGroupCount('\\(a\\)[(](?:b)(?=c)(?<!d)(?<name>e)'), 1);
  assert.equal(javaGroupCount('\\b[a-z]([a-z]*)'), 1);
});

test("a Java replacement string as RE2's, or Java's error", () => {
  assert.equal(javaReplacement('(a)(b)', '$2$1'), '\\2\\1');
  assert.equal(javaReplacement('(a)', '\\$1 \\\\'), '$1 \\\\');
  assert.equal(javaReplacement('(a)', '$12'), '\\12');
  assert.throws(() => javaReplacement('x', '$'), /Illegal group reference/);
  assert.throws(() => javaReplacement('x', '$1'), /No group 1/);
  assert.throws(() => javaReplacement('x', 'a\\'), /escaped is missing/);
});

test('canonical JSON: compact, keys sorted at every depth, scalars as written; not JSON is undefined', () => {
  assert.equal(canonicalJson('{ "b": [1, 2.50, {"d": null, "c": true}] , "a": "x y" }'), '{"a":"x y","b":[1,2.50,{"c":true,"d":null}]}');
  assert.equal(canonicalJson(' "a\\"b" '), '"a\\"b"');
  assert.equal(canonicalJson('[1,]'), undefined);
  assert.equal(canonicalJson('{"a":1} x'), undefined);
});
