import * as assert from 'node:assert/strict';
import { lakehouse } from './extension';

const heavy = (): string[] => Object.keys(require.cache).filter((m) => /[\\/](@duckdb|@aws-sdk|@smithy)[\\/]/.test(m));

suite('activation', () => {
  test('activates without loading DuckDB or the AWS SDK', async () => {
    const api = await lakehouse();
    assert.ok(api.activationMs >= 0, 'activation time is reported');
    assert.deepEqual(heavy(), [], 'no heavy module is loaded before the first query');
  });
});
