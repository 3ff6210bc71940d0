import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { icebergLakehouse as lakehouse, makeIcebergTables, registerFixture as register } from '../helpers/iceberg';
import { fails, ok, rows } from './localHelpers';

// A process of its own: DuckDB keeps an extension loaded by another instance of the same process.
describe('Iceberg tables on the local engine, without the extension (offline)', () => {
  const empty = mkdtempSync(join(tmpdir(), 'lakehouse-no-extensions-'));
  const { engine, s3 } = lakehouse(empty);
  after(() => engine.dispose());

  test('a clear message names the missing extension and what to do; other tables keep working', async () => {
    const fixtures = makeIcebergTables({ warehouse: join(s3, 'warehouse') });
    register(engine, fixtures, 'by_region');
    const message = await fails(engine, 'SELECT count(*) FROM lake.by_region');
    assert.match(message, /reads Iceberg tables with DuckDB's iceberg extension, which is not installed and could not be downloaded \(offline\?\).*query the table on Athena/);
    assert.deepEqual(rows(await ok(engine, 'SELECT 1 + 1')), [[2]]);
  });
});
