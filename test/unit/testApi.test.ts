import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTENSION_MODE_TEST, exportsFor } from '../../src/features/common/testApi';

test('the test API is exported in test runs only; in production and development nothing is built or exported', () => {
  let built = 0;
  const api = (): { secret: string } => {
    built++;
    return { secret: 'panel accessors' };
  };
  assert.equal(exportsFor(1, api), undefined, 'production');
  assert.equal(exportsFor(2, api), undefined, 'development (npm start)');
  assert.equal(built, 0);
  assert.deepEqual(exportsFor(EXTENSION_MODE_TEST, api), { secret: 'panel accessors' });
  assert.equal(built, 1);
});
