import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTryVariants } from '../../src/core/sql/tryVariants';

test("the engine's macros inside try() become their try() variants; outside and in other functions they stay", () => {
  assert.equal(useTryVariants('SELECT try(main.__lh_divide(7, 0))'), 'SELECT try(main.__lh_t_divide(7, 0))');
  assert.equal(
    useTryVariants('SELECT main.__lh_divide(1, 2), TRY(x + main.__lh_mod(main.__lh_divide(a, b), 2)) + main.__lh_divide(3, 4)'),
    'SELECT main.__lh_divide(1, 2), TRY(x + main.__lh_t_mod(main.__lh_t_divide(a, b), 2)) + main.__lh_divide(3, 4)',
  );
  // Nested try(), a try_cast (not try), a column named try, and SQL without try() or macros.
  assert.equal(useTryVariants('SELECT try(try(main.__lh_divide(1, 0)))'), 'SELECT try(try(main.__lh_t_divide(1, 0)))');
  assert.equal(useTryVariants('SELECT try_cast(main.__lh_divide(1, 0) AS int)'), 'SELECT try_cast(main.__lh_divide(1, 0) AS int)');
  assert.equal(useTryVariants('SELECT t.try, main.__lh_divide(1, 0) FROM t'), 'SELECT t.try, main.__lh_divide(1, 0) FROM t');
  assert.equal(useTryVariants("SELECT try(CAST('x' AS int))"), "SELECT try(CAST('x' AS int))");
  // A variant already named stays as it is.
  assert.equal(useTryVariants('SELECT try(main.__lh_t_divide(1, 0))'), 'SELECT try(main.__lh_t_divide(1, 0))');
});
