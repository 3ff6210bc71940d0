import { Readable } from 'node:stream';
import type * as Avsc from 'avsc';
import type { IcebergMetadata, IcebergSnapshot } from '../../core/iceberg/metadata';

/** Reads a whole object (a local file, an S3 object) by the URI the metadata names. */
export type ReadBytes = (uri: string) => Promise<Uint8Array>;

/** A data or delete file of a snapshot, as its manifest entry describes it. */
export interface IcebergFile {
  /** 0 data, 1 position deletes, 2 equality deletes. */
  readonly content: 0 | 1 | 2;
  readonly path: string;
  readonly format: string;
  readonly sizeBytes: number;
  readonly records: number;
  readonly specId: number;
  /** Partition values by partition field name (as the manifest stores them: ints for dates/days, …). */
  readonly partition: Readonly<Record<string, unknown>>;
  /** Bytes of each column (by field id) in the file, when the writer recorded them. */
  readonly columnSizes: ReadonlyMap<number, number>;
  /** Lower and upper bounds by field id, in Iceberg's single-value binary form. */
  readonly lowerBounds: ReadonlyMap<number, Uint8Array>;
  readonly upperBounds: ReadonlyMap<number, Uint8Array>;
}

export interface SnapshotFiles {
  readonly snapshot: IcebergSnapshot;
  readonly data: readonly IcebergFile[];
  readonly deletes: readonly IcebergFile[];
  /** Manifests read (for the figures a health summary gives). */
  readonly manifests: number;
}

type AvscModule = typeof Avsc;
type Rec = Record<string, unknown>;

let avscModule: Promise<AvscModule> | undefined;
/** avsc loads with the first Iceberg table read (it is not needed before). */
const loadAvsc = (): Promise<AvscModule> =>
  // A CommonJS module: bundled or not, its exports may come as the namespace's default.
  (avscModule ??= import('avsc').then((m) => ((m as { default?: AvscModule }).default ?? m)));

/** Iceberg's 64-bit longs (ids, sizes, counts) read exactly, as BigInt. */
function bigLongType(avsc: AvscModule): unknown {
  return avsc.types.LongType.__with({
    fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
    toBuffer: (n: bigint) => {
      const buf = Buffer.alloc(8);
      buf.writeBigInt64LE(BigInt(n));
      return buf;
    },
    fromJSON: (x: unknown) => BigInt(x as string),
    toJSON: (n: bigint) => Number(n),
    isValid: (n: unknown) => typeof n === 'bigint',
    compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
  });
}

/** The records of an Avro object container file (null or deflate blocks, as Iceberg writes). */
export async function readAvroRecords(bytes: Uint8Array): Promise<Rec[]> {
  const avsc = await loadAvsc();
  const long = bigLongType(avsc);
  const isLong = (s: unknown): boolean => s === 'long' || (typeof s === 'object' && s !== null && (s as Rec).type === 'long');
  const decoder = new avsc.streams.BlockDecoder({
    parseHook: (schema: unknown) => avsc.Type.forSchema(schema as never, { typeHook: (s: unknown) => (isLong(s) ? (long as never) : undefined) }),
  });
  const records: Rec[] = [];
  await new Promise<void>((resolve, reject) => {
    decoder.on('data', (r: Rec) => records.push(r));
    decoder.on('error', reject);
    decoder.on('end', resolve);
    Readable.from([Buffer.from(bytes)]).on('error', reject).pipe(decoder);
  });
  return records;
}

const n = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

function pairs<T>(v: unknown, value: (x: unknown) => T): Map<number, T> {
  const out = new Map<number, T>();
  if (Array.isArray(v)) for (const e of v as Rec[]) out.set(n(e.key), value(e.value));
  return out;
}

function fileOf(entry: Rec, specId: number, manifestContent: number): IcebergFile {
  const f = (entry.data_file ?? {}) as Rec;
  const content = n(f.content ?? manifestContent) as 0 | 1 | 2;
  const partition: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((f.partition ?? {}) as Rec)) partition[k] = typeof v === 'bigint' ? Number(v) : v;
  return {
    content,
    path: String(f.file_path),
    format: (typeof f.file_format === 'string' ? f.file_format : 'PARQUET').toUpperCase(),
    sizeBytes: n(f.file_size_in_bytes),
    records: n(f.record_count),
    specId,
    partition,
    columnSizes: pairs(f.column_sizes, n),
    lowerBounds: pairs(f.lower_bounds, (x) => x as Uint8Array),
    upperBounds: pairs(f.upper_bounds, (x) => x as Uint8Array),
  };
}

/**
 * The live files of a snapshot: every manifest its manifest list names, and in each the entries
 * not marked deleted (status 2). Data files and delete files apart.
 */
export async function snapshotFiles(snapshot: IcebergSnapshot, read: ReadBytes): Promise<SnapshotFiles> {
  const list = await readAvroRecords(await read(snapshot.manifestList));
  const data: IcebergFile[] = [];
  const deletes: IcebergFile[] = [];
  const manifests = await Promise.all(
    list.map(async (m) => ({ m, entries: await readAvroRecords(await read(String(m.manifest_path))) })),
  );
  for (const { m, entries } of manifests) {
    const specId = n(m.partition_spec_id);
    const manifestContent = n(m.content);
    for (const entry of entries) {
      if (n(entry.status) === 2) continue;
      const file = fileOf(entry, specId, manifestContent);
      (file.content === 0 ? data : deletes).push(file);
    }
  }
  return { snapshot, data, deletes, manifests: list.length };
}

/** The metadata's snapshot by id, with its live files. */
export async function filesOfSnapshot(meta: IcebergMetadata, snapshotId: string, read: ReadBytes): Promise<SnapshotFiles | undefined> {
  const snapshot = meta.snapshots.find((s) => s.snapshotId === snapshotId);
  return snapshot ? snapshotFiles(snapshot, read) : undefined;
}
