import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_MODE_TEST } from '../../src/features/common/testApi';
import { lakehouse } from './extension';

const heavy = (): string[] => Object.keys(require.cache).filter((m) => /[\\/](@duckdb|@aws-sdk|@smithy)[\\/]/.test(m));

suite('activation', () => {
  test('activates without loading DuckDB or the AWS SDK', async () => {
    const api = await lakehouse();
    assert.ok(api, 'the test API is there in a test run');
    assert.equal(vscode.ExtensionMode.Test, EXTENSION_MODE_TEST, 'the mode the export is gated on is VS Code\'s test mode');
    assert.ok(api.activationMs > 0 && api.activationMs < 10_000, `activation time is reported (${api.activationMs} ms)`);
    assert.deepEqual(heavy(), [], 'no heavy module is loaded before the first query');
  });
});
