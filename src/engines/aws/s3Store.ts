import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectInfo, ObjectStore } from '../types';
import { awsCall, AwsProblem } from './errors';

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/i.exec(uri.trim());
  if (!m?.[1]) throw new AwsProblem('invalid-request', `Not an S3 location: ${uri} (expected s3://bucket/key)`);
  return { bucket: m[1], key: m[2] ?? '' };
}

/** Parts of this size are uploaded one by one; S3 wants at least 5 MiB for all but the last. */
export const MULTIPART_PART_BYTES = 8 * 1024 * 1024;

/** The ObjectStore over S3: every list follows continuation tokens to the end. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly profile?: string,
    private readonly partBytes = MULTIPART_PART_BYTES,
  ) {}

  async *list(prefix: string, signal?: AbortSignal): AsyncIterable<ObjectInfo> {
    const { bucket, key } = parseS3Uri(prefix);
    let token: string | undefined;
    do {
      if (signal?.aborted) return;
      const page = await awsCall({ action: 's3:ListBucket', resource: `s3://${bucket}/${key}`, ...this.who() }, () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ...(token ? { ContinuationToken: token } : {}) }), signal ? { abortSignal: signal } : {}),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        yield { uri: `s3://${bucket}/${o.Key}`, size: o.Size ?? 0, ...(o.LastModified ? { lastModified: o.LastModified } : {}) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async read(uri: string, range?: { readonly start: number; readonly end: number }): Promise<Uint8Array> {
    const { bucket, key } = parseS3Uri(uri);
    if (range && range.end <= range.start) return new Uint8Array(0);
    const out = await awsCall({ action: 's3:GetObject', resource: uri, ...this.who() }, async () => {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}) }));
      return r.Body ? r.Body.transformToByteArray() : new Uint8Array(0);
    });
    return out;
  }

  async *stream(uri: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const { bucket, key } = parseS3Uri(uri);
    const r = await awsCall({ action: 's3:GetObject', resource: uri, ...this.who() }, () =>
      this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {}),
    );
    const body = r.Body as AsyncIterable<Uint8Array> | undefined;
    if (!body) return;
    try {
      for await (const chunk of body) yield chunk;
    } catch (e) {
      throw new AwsProblem('network', `Reading ${uri} stopped part-way: ${(e as Error).message}`, undefined, { cause: e });
    }
  }

  async write(uri: string, body: Uint8Array | string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const ctx = { action: 's3:PutObject', resource: uri, ...this.who() };
    if (bytes.byteLength <= this.partBytes) {
      await awsCall(ctx, () => this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes })));
      return;
    }
    const { UploadId } = await awsCall(ctx, () => this.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })));
    if (!UploadId) throw new AwsProblem('unknown', `S3 started no multipart upload for ${uri}`);
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let offset = 0, n = 1; offset < bytes.byteLength; offset += this.partBytes, n++) {
        const part = bytes.subarray(offset, Math.min(offset + this.partBytes, bytes.byteLength));
        const r = await awsCall(ctx, () => this.s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: part })));
        parts.push({ ETag: r.ETag ?? '', PartNumber: n });
      }
      await awsCall(ctx, () => this.s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } })));
    } catch (e) {
      // Leave no orphaned parts behind (they are billed as storage until aborted).
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
      throw e;
    }
  }

  private who(): { profile?: string } {
    return this.profile ? { profile: this.profile } : {};
  }
}
