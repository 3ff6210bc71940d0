import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import * as duckdb from '@duckdb/node-api';
import { MacroSet } from '../../src/engines/local/macroSet';
import { TRINO_MACROS } from '../../src/engines/local/trinoMacros';
import { registerTrinoUdfs } from '../../src/engines/local/trinoUdfs';

const names = TRINO_MACROS.map((m) => /^(__lh_\w+)/.exec(m)?.[1] as string);

async function fresh(): Promise<{ c: duckdb.DuckDBConnection; made: () => Promise<string[]>; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  registerTrinoUdfs(duckdb, c);
  await c.run('SET integer_division = true');
  return {
    c,
    made: async () => (await c.runAndReadAll("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_name LIKE '\\_\\_lh\\_%' ESCAPE '\\' AND function_type = 'macro' ORDER BY 1")).getRowsJson().map((r) => r[0] as string),
    close: () => {
      c.closeSync();
      instance.closeSync();
    },
  };
}

test('every Trino macro can be made alone on a fresh instance: the macros it calls come first', async () => {
  for (const name of names) {
    const { c, close } = await fresh();
    try {
      await new MacroSet().ensure(c, `SELECT main.${name}(`);
    } catch (e) {
      assert.fail(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      close();
    }
  }
});

test("every macro's try() variant can be made alone, and raises nothing TRY refuses", async () => {
  const { c, close } = await fresh();
  try {
    const macros = new MacroSet();
    for (const name of names) {
      const variant = name.replace(/^__lh_/, '__lh_t_');
      try {
        await macros.ensure(c, `SELECT main.${variant}(`);
      } catch (e) {
        assert.fail(`${variant}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // Division by zero in a variant is an error DuckDB's TRY catches, per row.
    const r = await (await macros.run(c, 'SELECT try(main.__lh_t_divide(10, x)) FROM (VALUES (0), (5)) AS t(x)')).getRowsJson();
    assert.deepEqual(r, [[null], [2]]);
  } finally {
    close();
  }
});

test('a statement makes only the macros it calls, once; SQL without macros makes none', async () => {
  const { c, made, close } = await fresh();
  try {
    const macros = new MacroSet();
    await macros.run(c, 'SELECT 1 + 1');
    assert.deepEqual(await made(), []);
    const divide = "SELECT main.__lh_divide(7, 2) AS q, main.__lh_to_hex(main.__lh_md5(main.__lh_to_utf8('abc'))) AS h";
    const r = await (await macros.run(c, divide)).getRowsJson();
    assert.deepEqual(r, [[3, '900150983CD24FB0D6963F7D28E17F72']]);
    const after = await made();
    assert.deepEqual(after, ['__lh_divide', '__lh_md5', '__lh_to_hex', '__lh_to_utf8']);
    // Concurrent statements calling the same macros: each is made once, and both run.
    await Promise.all([macros.run(c, divide), macros.run(c, divide), macros.ensure(c, 'SELECT main.__lh_mod(5, 3)')]);
    assert.deepEqual(await made(), ['__lh_divide', '__lh_md5', '__lh_mod', '__lh_to_hex', '__lh_to_utf8']);
    assert.ok(after.length < names.length / 10, 'far fewer than all of them');
  } finally {
    close();
  }
});
