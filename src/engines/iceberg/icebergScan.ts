import type { Table } from '../../core/catalog/model';
import { currentSchema, newestMetadataFile, parseIcebergMetadata, snapshotFor, type IcebergMetadata, type IcebergSnapshot } from '../../core/iceberg/metadata';
import { icebergHealth, type IcebergHealth } from '../../core/iceberg/health';
import { filePruner, timestampMicros } from '../../core/iceberg/prune';
import type { ObjectInfo, ObjectStore } from '../types';
import { snapshotFiles, type IcebergFile, type SnapshotFiles } from './manifests';

/** What a scan of an Iceberg table reads: the files its snapshot keeps after pruning. */
export interface IcebergScanFiles {
  readonly snapshot?: IcebergSnapshot;
  readonly data: readonly ObjectInfo[];
  readonly deletes: readonly ObjectInfo[];
  /** Data files of the snapshot before pruning. */
  readonly liveDataFiles: number;
  readonly formats: ReadonlySet<string>;
  /**
   * Columns (lower case) that every kept file's spec partitions by identity: a scan takes their
   * value from the partition, not from the file.
   */
  readonly identityColumns: ReadonlySet<string>;
  /**
   * Per kept data file (in `data`'s order), what its manifest entry says a scan reads: the footer
   * (the file's size less the magic and every column chunk) and each top-level column's chunks.
   * Undefined when some file's entry lacks column sizes (then the footers are read).
   */
  readonly chunks?: readonly { readonly footer: number; readonly columns: ReadonlyMap<string, number> }[];
  readonly warnings: readonly string[];
}

/** Field ids inside a nested type's JSON (struct fields, list elements, map keys and values). */
function nestedIds(type: string): number[] {
  if (!type.startsWith('{')) return [];
  const out: number[] = [];
  const walk = (t: unknown): void => {
    if (!t || typeof t !== 'object') return;
    const o = t as Record<string, unknown>;
    for (const k of ['id', 'element-id', 'key-id', 'value-id']) if (typeof o[k] === 'number') out.push(o[k]);
    for (const k of ['type', 'element', 'key', 'value']) walk(o[k]);
    if (Array.isArray(o.fields)) o.fields.forEach(walk);
  };
  try {
    walk(JSON.parse(type));
  } catch {
    return [];
  }
  return out;
}

/** A Parquet file's 4-byte leading magic. */
const MAGIC = 4;

/**
 * Reads Iceberg metadata through an ObjectStore, keeping what never changes once written (metadata
 * files, manifest lists and manifests are immutable: a table's change writes new ones).
 */
export class IcebergReader {
  private readonly metadata = new Map<string, Promise<IcebergMetadata>>();
  private readonly files = new Map<string, Promise<SnapshotFiles>>();

  constructor(private readonly store: ObjectStore) {}

  private read = (uri: string): Promise<Uint8Array> => this.store.read(uri);

  /** The table's current metadata file: Glue's `metadata_location`, else the newest under `<location>/metadata/`. */
  async metadataLocation(table: Table): Promise<string> {
    const given = table.parameters.metadata_location;
    if (given) return given;
    const location = table.storage.location;
    if (!location) throw new Error('the table has neither metadata_location nor a location');
    const folder = `${location.endsWith('/') ? location : `${location}/`}metadata/`;
    const byName = new Map<string, string>();
    for await (const o of this.store.list(folder)) byName.set(o.uri.slice(o.uri.lastIndexOf('/') + 1), o.uri);
    const newest = newestMetadataFile(byName.keys());
    if (!newest) throw new Error(`no metadata file under ${folder}`);
    return byName.get(newest) as string;
  }

  /** The table's current metadata. */
  async table(table: Table): Promise<IcebergMetadata> {
    return this.load(await this.metadataLocation(table));
  }

  /** Small files, delete files and snapshots past retention, from the current snapshot's manifests. */
  async health(table: Table, nowMs = Date.now()): Promise<IcebergHealth> {
    const meta = await this.table(table);
    const snapshot = snapshotFor(meta);
    const files = snapshot ? await this.snapshotFiles(snapshot) : { data: [], deletes: [] };
    return icebergHealth(table.database, table.name, meta, files, nowMs, table.parameters);
  }

  load(uri: string): Promise<IcebergMetadata> {
    return remember(this.metadata, uri, async () => parseIcebergMetadata(new TextDecoder().decode(await this.read(uri))));
  }

  snapshotFiles(snapshot: IcebergSnapshot): Promise<SnapshotFiles> {
    return remember(this.files, snapshot.manifestList, () => snapshotFiles(snapshot, this.read));
  }

  /**
   * The files a query reads from the table: the snapshot it names (or the current one), its live
   * data files that the predicates (`expression`, on the table's columns) may select, and the
   * delete files of their partitions.
   */
  async scan(table: Table, expression: string | undefined, asOf: { readonly version?: string; readonly timestamp?: string } | undefined): Promise<IcebergScanFiles> {
    const meta = await this.load(await this.metadataLocation(table));
    const warnings: string[] = [];
    let at: { version?: string; timestampMs?: number } | undefined;
    if (asOf?.version !== undefined) at = { version: asOf.version };
    else if (asOf?.timestamp !== undefined) {
      const micros = timestampMicros(asOf.timestamp.replace(/\s+UTC$/i, ''));
      if (micros === undefined) warnings.push(`FOR TIMESTAMP AS OF '${asOf.timestamp}': a time the estimate cannot read; the current snapshot is counted.`);
      else at = { timestampMs: Number(micros / 1000n) };
    }
    const snapshot = snapshotFor(meta, at);
    if (!snapshot) {
      if (at) warnings.push(at.version !== undefined ? `No snapshot ${at.version}: Athena refuses the query.` : `No snapshot was current at ${asOf?.timestamp}: Athena refuses the query.`);
      return { data: [], deletes: [], liveDataFiles: 0, formats: new Set(), identityColumns: new Set(), warnings };
    }
    const files = await this.snapshotFiles(snapshot);
    const schema = currentSchema(meta);
    const keep = schema ? filePruner(meta, schema, expression) : () => true;
    const data = files.data.filter(keep);
    const partitionKey = (f: IcebergFile): string => `${f.specId}\u0000${JSON.stringify(f.partition)}`;
    const kept = new Set(data.map(partitionKey));
    // A delete file applies within its partition (an unpartitioned one, to every file).
    const deletes = files.deletes.filter((d) => Object.keys(d.partition).length === 0 || kept.has(partitionKey(d)));
    const info = (f: IcebergFile): ObjectInfo => ({ uri: f.path, size: f.sizeBytes });
    const names = new Map((schema?.fields ?? []).map((f) => [f.id, f.name.toLowerCase()]));
    const identity = (specId: number): Set<string> =>
      new Set((meta.specs.find((x) => x.specId === specId)?.fields ?? []).filter((f) => f.transform === 'identity').map((f) => names.get(f.sourceId) ?? ''));
    const specIds = [...new Set(data.map((f) => f.specId))];
    const identityColumns = specIds.length ? specIds.map(identity).reduce((a, b) => new Set([...a].filter((c) => b.has(c)))) : new Set<string>();
    const ids = new Map((schema?.fields ?? []).map((f) => [f.name.toLowerCase(), [f.id, ...nestedIds(f.type)]]));
    const chunks = data.map((f) => {
      if (!f.columnSizes.size || f.format !== 'PARQUET') return undefined;
      let all = 0;
      for (const size of f.columnSizes.values()) all += size;
      const footer = f.sizeBytes - MAGIC - all;
      if (footer < 8) return undefined;
      const columns = new Map([...ids].map(([name, fieldIds]) => [name, fieldIds.reduce((a, id) => a + (f.columnSizes.get(id) ?? 0), 0)]));
      return { footer, columns };
    });
    const complete = chunks.every((c) => c !== undefined);
    return {
      snapshot,
      data: data.map(info),
      deletes: deletes.map(info),
      liveDataFiles: files.data.length,
      formats: new Set(data.map((f) => f.format)),
      identityColumns,
      ...(complete ? { chunks: chunks } : {}),
      warnings,
    };
  }
}

function remember<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = load();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}
