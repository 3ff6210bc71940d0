import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

// The harness starts moto on a free loopback port and hands its address over in AWS_ENDPOINT_URL.
const endpoint = process.env.AWS_ENDPOINT_URL;

test('the AWS emulator started by the harness answers S3 calls over HTTP', { skip: endpoint ? false : 'no moto endpoint (run through npm test)' }, async () => {
  const s3 = new S3Client({ region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const Bucket = `lakehouse-harness-${Date.now()}`;
  await s3.send(new CreateBucketCommand({ Bucket }));
  const body = 'month,cost\n2024-01,12.5\n';
  await s3.send(new PutObjectCommand({ Bucket, Key: 'sample-data/usage_monthly/part-0.csv', Body: body }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'sample-data/' }));
  assert.deepEqual(
    listed.Contents?.map((o) => [o.Key, o.Size]),
    [['sample-data/usage_monthly/part-0.csv', Buffer.byteLength(body)]],
  );
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'sample-data/usage_monthly/part-0.csv' }));
  assert.equal(await got.Body?.transformToString(), body);
  s3.destroy();
});
