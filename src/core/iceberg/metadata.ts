/**
 * An Iceberg table's metadata file (format v1 and v2): its schemas, partition specs, snapshots and
 * properties, as the Iceberg spec defines them. Snapshot ids are 64-bit: they are kept as decimal
 * strings, never as JavaScript numbers (which would round them).
 */

export interface IcebergField {
  readonly id: number;
  readonly name: string;
  /** A primitive type's name (`long`, `decimal(10,2)`, …), or the nested type as JSON. */
  readonly type: string;
  readonly required: boolean;
}

export interface IcebergSchema {
  readonly schemaId: number;
  readonly fields: readonly IcebergField[];
}

export interface IcebergPartitionField {
  readonly sourceId: number;
  readonly fieldId: number;
  readonly name: string;
  /** `identity`, `year`, `month`, `day`, `hour`, `bucket[N]`, `truncate[W]`, `void`. */
  readonly transform: string;
}

export interface IcebergSpec {
  readonly specId: number;
  readonly fields: readonly IcebergPartitionField[];
}

export interface IcebergSnapshot {
  readonly snapshotId: string;
  readonly parentId?: string;
  readonly sequenceNumber: number;
  readonly timestampMs: number;
  readonly manifestList: string;
  readonly operation?: string;
  readonly summary: Readonly<Record<string, string>>;
  readonly schemaId?: number;
}

export interface IcebergMetadata {
  readonly formatVersion: number;
  readonly location: string;
  readonly schemas: readonly IcebergSchema[];
  readonly currentSchemaId: number;
  readonly specs: readonly IcebergSpec[];
  readonly defaultSpecId: number;
  readonly currentSnapshotId?: string;
  readonly snapshots: readonly IcebergSnapshot[];
  /** When each snapshot became current, oldest first. */
  readonly history: readonly { readonly timestampMs: number; readonly snapshotId: string }[];
  readonly properties: Readonly<Record<string, string>>;
}

/** Integers too long for a double (64-bit ids) become strings before JSON.parse can round them. */
function parseKeepingLongs(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : fallback);
const id = (v: unknown): string | undefined => (typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? String(v) : undefined);
const strings = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, String(x)]));

function schemaOf(v: unknown): IcebergSchema {
  const s = obj(v);
  return {
    schemaId: num(s['schema-id']),
    fields: arr(s.fields).map((f) => {
      const field = obj(f);
      return { id: num(field.id), name: String(field.name), type: typeof field.type === 'string' ? field.type : JSON.stringify(field.type), required: field.required === true };
    }),
  };
}

function specOf(v: unknown): IcebergSpec {
  const s = obj(v);
  return {
    specId: num(s['spec-id']),
    fields: arr(s.fields).map((f) => {
      const field = obj(f);
      return { sourceId: num(field['source-id']), fieldId: num(field['field-id'], -1), name: String(field.name), transform: String(field.transform) };
    }),
  };
}

/** Parses a `*.metadata.json`; throws an Error naming what is missing when it is not one. */
export function parseIcebergMetadata(text: string): IcebergMetadata {
  const m = obj(parseKeepingLongs(text));
  const formatVersion = num(m['format-version'], 0);
  if (formatVersion < 1 || formatVersion > 3 || typeof m.location !== 'string') throw new Error('Not an Iceberg table metadata file (no format-version or location).');
  // v1 has one `schema` and one `partition-spec` (a list of fields); v2 lists them with ids.
  const schemas = m.schemas !== undefined ? arr(m.schemas).map(schemaOf) : [schemaOf(m.schema)];
  const specs = m['partition-specs'] !== undefined ? arr(m['partition-specs']).map(specOf) : [specOf({ 'spec-id': 0, fields: m['partition-spec'] })];
  const currentSnapshotId = id(m['current-snapshot-id']);
  const snapshots = arr(m.snapshots).map((v): IcebergSnapshot => {
    const s = obj(v);
    const summary = strings(s.summary);
    const parentId = id(s['parent-snapshot-id']);
    return {
      snapshotId: id(s['snapshot-id']) ?? '',
      ...(parentId ? { parentId } : {}),
      sequenceNumber: num(s['sequence-number']),
      timestampMs: num(s['timestamp-ms']),
      manifestList: typeof s['manifest-list'] === 'string' ? s['manifest-list'] : '',
      ...(summary.operation ? { operation: summary.operation } : {}),
      summary,
      ...(s['schema-id'] !== undefined ? { schemaId: num(s['schema-id']) } : {}),
    };
  });
  return {
    formatVersion,
    location: m.location,
    schemas,
    currentSchemaId: num(m['current-schema-id'], schemas[0]?.schemaId ?? 0),
    specs,
    defaultSpecId: num(m['default-spec-id'], specs[0]?.specId ?? 0),
    ...(currentSnapshotId && currentSnapshotId !== '-1' ? { currentSnapshotId } : {}),
    snapshots,
    history: arr(m['snapshot-log']).map((e) => ({ timestampMs: num(obj(e)['timestamp-ms']), snapshotId: id(obj(e)['snapshot-id']) ?? '' })),
    properties: strings(m.properties),
  };
}

/** The newest metadata file among a `metadata/` folder's names (`00007-<uuid>.metadata.json`, `v7.metadata.json`). */
export function newestMetadataFile(names: Iterable<string>): string | undefined {
  let best: { version: number; name: string } | undefined;
  for (const name of names) {
    const m = /^(?:v)?(\d+)(?:-[^.]*)?\.metadata\.json$/.exec(name);
    if (m && (!best || Number(m[1]) > best.version)) best = { version: Number(m[1]), name };
  }
  return best?.name;
}

export function currentSchema(meta: IcebergMetadata): IcebergSchema | undefined {
  return meta.schemas.find((s) => s.schemaId === meta.currentSchemaId) ?? meta.schemas[meta.schemas.length - 1];
}

/**
 * The snapshot a query reads: the current one; `FOR VERSION AS OF id`; or `FOR TIMESTAMP AS OF t`,
 * the snapshot that was current at t (from the table's history). Undefined when there is none
 * (an empty table, an unknown id, a time before the first snapshot).
 */
export function snapshotFor(meta: IcebergMetadata, at?: { readonly version?: string; readonly timestampMs?: number }): IcebergSnapshot | undefined {
  const byId = (sid: string | undefined): IcebergSnapshot | undefined => (sid === undefined ? undefined : meta.snapshots.find((s) => s.snapshotId === sid));
  if (at?.version !== undefined) return byId(at.version);
  if (at?.timestampMs !== undefined) {
    const t = at.timestampMs;
    const log = meta.history.length ? meta.history : [...meta.snapshots].sort((a, b) => a.timestampMs - b.timestampMs).map((s) => ({ timestampMs: s.timestampMs, snapshotId: s.snapshotId }));
    let found: string | undefined;
    for (const entry of log) if (entry.timestampMs <= t) found = entry.snapshotId;
    return byId(found);
  }
  return byId(meta.currentSnapshotId);
}

/** An Iceberg type as Athena names the column's type (`long` → `bigint`, nested types spelled out). */
export function athenaColumnType(type: string): string {
  const t = type.trim();
  if (t.startsWith('{')) {
    try {
      return nestedType(JSON.parse(t) as unknown);
    } catch {
      return t;
    }
  }
  return primitiveType(t);
}

function primitiveType(t: string): string {
  const l = t.toLowerCase();
  const map: Record<string, string> = { long: 'bigint', int: 'int', integer: 'int', string: 'string', boolean: 'boolean', float: 'float', double: 'double', date: 'date', timestamp: 'timestamp', timestamptz: 'timestamp with time zone', binary: 'binary', uuid: 'string', time: 'time' };
  if (map[l]) return map[l];
  if (/^decimal\(\s*\d+\s*,\s*\d+\s*\)$/.test(l)) return l.replace(/\s+/g, '');
  if (/^fixed\[\d+\]$/.test(l)) return 'binary';
  return l;
}

function nestedType(v: unknown): string {
  if (typeof v === 'string') return primitiveType(v);
  const o = (v ?? {}) as Record<string, unknown>;
  if (o.type === 'struct' && Array.isArray(o.fields)) return `struct<${(o.fields as Record<string, unknown>[]).map((f) => `${String(f.name)}:${nestedType(f.type)}`).join(',')}>`;
  if (o.type === 'list') return `array<${nestedType(o.element)}>`;
  if (o.type === 'map') return `map<${nestedType(o.key)},${nestedType(o.value)}>`;
  return JSON.stringify(v);
}

/** A partition spec in Athena's words: `region`, `day(ts)`, `bucket(4, id)`; '' when unpartitioned. */
export function specText(meta: IcebergMetadata, specId = meta.defaultSpecId): string {
  const spec = meta.specs.find((s) => s.specId === specId);
  const names = new Map((currentSchema(meta)?.fields ?? []).map((f) => [f.id, f.name]));
  return (spec?.fields ?? [])
    .map((f) => {
      const source = names.get(f.sourceId) ?? `field ${f.sourceId}`;
      const m = /^(bucket|truncate)\[(\d+)\]$/.exec(f.transform);
      if (m) return `${m[1]}(${m[2]}, ${source})`;
      return f.transform === 'identity' ? source : f.transform === 'void' ? `void(${source})` : `${f.transform}(${source})`;
    })
    .join(', ');
}

/** What a snapshot changed, from its summary: `append · +3 files · +40 rows`. */
export function snapshotChange(s: IcebergSnapshot): string {
  const n = (k: string): number => Number(s.summary[k] ?? 0) || 0;
  const parts = [s.operation ?? 'unknown'];
  const files = [n('added-data-files') ? `+${n('added-data-files')}` : '', n('deleted-data-files') ? `−${n('deleted-data-files')}` : ''].filter(Boolean).join(' ');
  const rows = [n('added-records') ? `+${n('added-records').toLocaleString('en')}` : '', n('deleted-records') ? `−${n('deleted-records').toLocaleString('en')}` : ''].filter(Boolean).join(' ');
  if (files) parts.push(`${files} files`);
  if (rows) parts.push(`${rows} rows`);
  if (n('added-delete-files')) parts.push(`+${n('added-delete-files')} delete files`);
  return parts.join(' · ');
}
