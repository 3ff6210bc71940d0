import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../src/engines/aws/s3Store';
import { motoUrl, skipWithoutMoto } from '../helpers/moto';

describe('S3 object store against moto', { skip: skipWithoutMoto }, () => {
  let s3: S3Client;
  const bucket = `lh-store-${Date.now()}`;

  before(async () => {
    s3 = new S3Client({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(() => s3?.destroy());

  test('listing follows continuation tokens to the end, with sizes', async () => {
    const store = new S3ObjectStore(s3);
    for (let i = 0; i < 1005; i++) await store.write(`s3://${bucket}/many/part-${String(i).padStart(4, '0')}.csv`, `row ${i}\n`);
    const listed = [];
    for await (const o of store.list(`s3://${bucket}/many/`)) listed.push(o);
    assert.equal(listed.length, 1005, 'more than one 1,000-key page');
    assert.equal(listed[1004]?.uri, `s3://${bucket}/many/part-1004.csv`);
    assert.equal(listed[0]?.size, 'row 0\n'.length);
  });

  test('large uploads go in parts; ranged and streamed reads return the same bytes', async () => {
    const store = new S3ObjectStore(s3, undefined, 5 * 1024 * 1024);
    const body = Buffer.alloc(12 * 1024 * 1024 + 123);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) % 251;
    const uri = `s3://${bucket}/big/object.bin`;
    await store.write(uri, body);
    const tail = await store.read(uri, { start: body.length - 1000, end: body.length });
    assert.deepEqual(Buffer.from(tail), body.subarray(body.length - 1000));
    const middle = await store.read(uri, { start: 5 * 1024 * 1024 - 10, end: 5 * 1024 * 1024 + 10 });
    assert.deepEqual(Buffer.from(middle), body.subarray(5 * 1024 * 1024 - 10, 5 * 1024 * 1024 + 10));
    const chunks: Buffer[] = [];
    for await (const c of store.stream(uri)) chunks.push(Buffer.from(c));
    assert.ok(Buffer.concat(chunks).equals(body));
  });

  test('a missing object is a clear not-found value', async () => {
    const store = new S3ObjectStore(s3);
    await assert.rejects(store.read(`s3://${bucket}/nope.csv`), (e: Error) => e.name === 'AwsProblem' && /s3:GetObject on s3:\/\/.*\/nope\.csv: not found/.test(e.message));
  });
});
