import { parquetMetadata } from 'hyparquet';
import { dataFormat, type Partition, type Table } from '../core/catalog/model';
import { partitionMatcher } from '../core/catalog/partitionExpression';
import { isProjected, projectedPartitions } from '../core/catalog/projection';
import { isDataObject, otherEstimate, parquetScanBytes, sampleIndexes, scanEstimate, type Estimate, type EstimateMethod, type ParquetFooter, type TableEstimate } from '../core/cost/estimate';
import { DEFAULT_PRICE_PER_TB_USD } from '../core/cost/price';
import { planQueryScan, ScanPlanError, type TableScan } from '../core/cost/scanPlan';
import { parseAthenaStatement } from '../core/sql/athenaStatement';
import { SqlSyntaxError } from '../core/sql/queryAst';
import { classifyStatement } from '../core/sql/statementKind';
import { tokenize } from '../core/sql/tokenizer';
import { IcebergReader } from './iceberg/icebergScan';
import type { Catalog, ObjectInfo, ObjectStore } from './types';

export interface EstimateOptions {
  readonly database: string;
  readonly pricePerTbUsd?: number;
  /** Also count every partition of partitioned tables (one more listing), for the breakdown. */
  readonly totals?: boolean;
  readonly signal?: AbortSignal;
}

export interface EstimatorSettings {
  /** How long listings and table definitions stay fresh (footers are kept while the object is unchanged). */
  readonly ttlMs?: number;
  /** Parallel S3 listings and footer reads. */
  readonly concurrency?: number;
  /** Parquet footers read per table before the rest is extrapolated by size. */
  readonly maxFooters?: number;
  /** Above this many selected partitions (and a quarter of the table's), the table's location is listed once. */
  readonly wholeListingAbove?: number;
  readonly now?: () => number;
}

interface Timed<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

const TAIL = 64 * 1024;

const folder = (location: string): string => (location.endsWith('/') ? location : `${location}/`);

/**
 * Bytes scanned and dollars, before a statement runs, over any backend's Catalog and ObjectStore:
 * the scan plan's tables, Glue GetPartitions with the plan's expression (or the projection's
 * partitions), every object under the selected locations, and for Parquet the footers (ranged
 * reads) to count only the referenced columns' chunks. Listings and definitions are cached for a
 * while; refresh() forgets them.
 */
export class Estimator {
  private readonly tables = new Map<string, Timed<Table | undefined>>();
  private readonly partitions = new Map<string, Timed<Partition[] & { note?: string }>>();
  private readonly listings = new Map<string, Timed<ObjectInfo[]>>();
  private readonly footers = new Map<string, Promise<ParquetFooter>>();
  /** Iceberg tables' current metadata files, when the catalog does not name them (found by listing). */
  private readonly metadataFiles = new Map<string, Timed<string>>();
  /** Iceberg metadata, manifest lists and manifests read through this estimator's store (kept once read). */
  readonly iceberg: IcebergReader;
  private readonly ttlMs: number;
  private readonly concurrency: number;
  private readonly maxFooters: number;
  private readonly wholeListingAbove: number;
  private readonly now: () => number;

  constructor(
    private readonly catalog: Catalog,
    private readonly store: ObjectStore,
    private readonly catalogName: string,
    settings: EstimatorSettings = {},
  ) {
    this.ttlMs = settings.ttlMs ?? 5 * 60_000;
    this.concurrency = settings.concurrency ?? 16;
    this.maxFooters = settings.maxFooters ?? 256;
    this.wholeListingAbove = settings.wholeListingAbove ?? 48;
    this.now = settings.now ?? Date.now;
    this.iceberg = new IcebergReader(store);
  }

  /** Forgets listings and definitions (after a refresh, DDL or a run that wrote data). */
  refresh(): void {
    this.tables.clear();
    this.partitions.clear();
    this.listings.clear();
    this.metadataFiles.clear();
  }

  async estimate(sql: string, options: EstimateOptions): Promise<Estimate> {
    const started = performance.now();
    const price = options.pricePerTbUsd ?? DEFAULT_PRICE_PER_TB_USD;
    const info = classifyStatement(sql);
    if (!info.billed) return otherEstimate('free', info.verb, info.kind === 'explain' ? 'EXPLAIN is not billed' : `${info.verb} is DDL: not billed`);
    const body = queryBody(sql, info.kind);
    if (typeof body !== 'string') return otherEstimate(body.free ? 'free' : 'unknown', info.verb, body.reason);
    let plan;
    try {
      plan = await planQueryScan(body, options.database, (db, name) => this.table(db, name));
    } catch (e) {
      if (e instanceof SqlSyntaxError || e instanceof ScanPlanError) return otherEstimate('unknown', info.verb, `Cannot estimate: ${e.message}`);
      throw e;
    }
    const tables = await Promise.all(plan.scans.map((s) => this.scan(s, options)));
    return scanEstimate(info.verb, tables, plan.missing, plan.warnings, price, performance.now() - started);
  }

  private fresh<T>(map: Map<string, Timed<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    map.set(key, { at: this.now(), value });
    value.catch(() => map.delete(key));
    return value;
  }

  private table(db: string, name: string): Promise<Table | undefined> {
    return this.fresh(this.tables, `${db}.${name}`.toLowerCase(), () => this.catalog.getTable(this.catalogName, db, name));
  }

  private async scan(s: TableScan, options: EstimateOptions): Promise<TableEstimate> {
    const table = s.table;
    const format = dataFormat(table);
    const warnings = [...s.warnings];
    if (format === 'iceberg') {
      try {
        return await this.icebergScan(s, warnings);
      } catch (e) {
        warnings.push(`The table's Iceberg metadata could not be read (${e instanceof Error ? e.message : String(e)}).`);
      }
    }
    let objects: ObjectInfo[];
    let partitions: TableEstimate['partitions'];
    if (table.partitionKeys.length && format !== 'iceberg') {
      const selected = await this.selectPartitions(table, s.expression);
      if (selected.note) warnings.push(selected.note);
      // Many partitions: one listing of the table's location (all pages) can beat one per partition.
      const many = selected.length > this.wholeListingAbove;
      const total = options.totals || many ? (s.expression ? (await this.selectPartitions(table, undefined)).length : selected.length) : undefined;
      objects = many && total !== undefined && selected.length * 4 >= total ? await this.partitionObjectsByTableListing(table, selected, options.signal) : await this.partitionObjects(selected, options.signal);
      partitions = options.totals && total !== undefined ? { selected: selected.length, total } : { selected: selected.length };
    } else objects = table.storage.location ? await this.list(table.storage.location, options.signal) : [];
    const base = { table: `${table.database}.${table.name}`, via: s.via, format, ...(partitions ? { partitions } : {}), ...(s.expression ? { expression: s.expression } : {}), objects: objects.length };
    const allColumns = s.columns.length === table.storage.columns.length;
    const cols = { columns: s.columns, allColumns };
    const sum = objects.reduce((a, o) => a + o.size, 0);
    const upper = (note: string): TableEstimate => ({ ...base, ...cols, bytes: sum, method: 'upper-bound', warnings: [...warnings, note] });
    switch (format) {
      case 'parquet':
        return { ...base, ...cols, ...(await this.parquetBytes(objects, s.columns, warnings)), warnings };
      case 'orc':
        return upper('ORC: the objects’ whole size; Athena reads only the referenced columns’ stripes, so it may scan less.');
      case 'iceberg':
        return upper('Iceberg without readable manifests: the size of everything under the table’s location (older snapshots and metadata included); the current snapshot reads less.');
      case 'unknown':
        return upper(`Unknown storage format (${table.storage.serde.serializationLibrary || 'no SerDe'}): the objects’ whole size.`);
      case 'view':
        return { ...base, ...cols, bytes: 0, method: 'objects', warnings };
      default:
        return { ...base, ...cols, bytes: sum, method: 'objects', warnings };
    }
  }

  /**
   * An Iceberg table from its own metadata: the snapshot the query reads, its live data files that
   * the predicates may select (partition transforms, column bounds), their Parquet footers and the
   * projected columns' chunks, and the delete files of their partitions, read whole.
   */
  private async icebergScan(s: TableScan, warnings: string[]): Promise<TableEstimate> {
    const table = s.table;
    const key = `${table.database}.${table.name}`.toLowerCase();
    const location = table.parameters.metadata_location ?? (await this.fresh(this.metadataFiles, key, () => this.iceberg.metadataLocation(table)));
    const files = await this.iceberg.scan({ ...table, parameters: { ...table.parameters, metadata_location: location } }, s.expression, s.asOf);
    warnings.push(...files.warnings);
    const deleteBytes = files.deletes.reduce((a, o) => a + o.size, 0);
    const base = {
      table: key,
      via: s.via,
      format: 'iceberg' as const,
      ...(s.expression ? { expression: s.expression } : {}),
      objects: files.data.length + files.deletes.length,
      columns: s.columns,
      allColumns: s.columns.length === table.storage.columns.length,
      ...(files.snapshot ? { iceberg: { snapshotId: files.snapshot.snapshotId, dataFiles: files.data.length, liveDataFiles: files.liveDataFiles, deleteFiles: files.deletes.length } } : {}),
    };
    const others = [...files.formats].filter((f) => f !== 'PARQUET');
    if (others.length) {
      const bytes = files.data.reduce((a, o) => a + o.size, 0) + deleteBytes;
      return { ...base, bytes, method: 'upper-bound', warnings: [...warnings, `${others.join(', ')} data files: their whole size; Athena reads only the referenced columns.`] };
    }
    // An identity partition's column comes from the partition value: its chunks are not read.
    const read = s.columns.filter((c) => !files.identityColumns.has(c));
    if (files.chunks) {
      // The manifests give every file's column chunk sizes: no footer needs reading.
      const bytes = files.chunks.reduce((a, f) => a + f.footer + read.reduce((b, c) => b + (f.columns.get(c) ?? 0), 0), 0);
      return { ...base, bytes: bytes + deleteBytes, method: 'iceberg-manifests', warnings };
    }
    const parquet = await this.parquetBytes(files.data, read, warnings);
    return { ...base, bytes: parquet.bytes + deleteBytes, method: parquet.method, warnings };
  }

  private async partitionObjects(selected: readonly Partition[], signal?: AbortSignal): Promise<ObjectInfo[]> {
    return (await mapLimit(selected, this.concurrency, (p) => this.list(p.location, signal))).flat();
  }

  /**
   * The objects of the selected partitions from one listing of the table's location: each object
   * belongs to the partition whose location is the nearest folder above it. Partitions stored
   * elsewhere are listed on their own; objects of unregistered folders are not counted.
   */
  private async partitionObjectsByTableListing(table: Table, selected: readonly Partition[], signal?: AbortSignal): Promise<ObjectInfo[]> {
    const root = folder(table.storage.location ?? '');
    const inside = new Set<string>();
    const outside: Partition[] = [];
    for (const p of selected) {
      const loc = folder(p.location);
      if (root && loc.startsWith(root)) inside.add(loc);
      else outside.push(p);
    }
    const out: ObjectInfo[] = [];
    if (inside.size) {
      for (const o of await this.list(root, signal)) {
        for (let slash = o.uri.lastIndexOf('/'); slash >= root.length - 1; slash = o.uri.lastIndexOf('/', slash - 1)) {
          const at = o.uri.slice(0, slash + 1);
          if (inside.has(at)) {
            if (isDataObject(o.uri.slice(at.length), o.size)) out.push(o);
            break;
          }
        }
      }
    }
    if (outside.length) out.push(...(await this.partitionObjects(outside, signal)));
    return out;
  }

  /** The partitions an expression selects (all without one); `note` says when the expression could not be used. */
  private selectPartitions(table: Table, expression: string | undefined): Promise<Partition[] & { note?: string }> {
    const key = `${table.database}.${table.name}\u0000${expression ?? ''}`.toLowerCase();
    return this.fresh(this.partitions, key, async () => {
      if (isProjected(table)) {
        const all = projectedPartitions(table, new Date(this.now()));
        return expression ? filterOrAll(all, expression, table) : all;
      }
      try {
        return await this.allPartitions(table, expression);
      } catch (e) {
        if (!expression) throw e;
        // The catalog refused the expression (types it compares differently): filter here instead.
        return filterOrAll(await this.allPartitions(table, undefined), expression, table);
      }
    });
  }

  private async allPartitions(table: Table, expression: string | undefined): Promise<Partition[]> {
    const out: Partition[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.catalog.listPartitions(this.catalogName, table.database, table.name, { ...(expression ? { expression } : {}), ...(nextToken ? { nextToken } : {}) });
      out.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  private list(location: string, signal?: AbortSignal): Promise<ObjectInfo[]> {
    const prefix = folder(location);
    return this.fresh(this.listings, prefix, async () => {
      const out: ObjectInfo[] = [];
      for await (const o of this.store.list(prefix, signal)) if (isDataObject(o.uri.slice(prefix.length), o.size)) out.push(o);
      return out;
    });
  }

  private async parquetBytes(objects: readonly ObjectInfo[], columns: readonly string[], warnings: string[]): Promise<{ bytes: number; method: EstimateMethod }> {
    const picked = sampleIndexes(objects.length, this.maxFooters).map((i) => objects[i] as ObjectInfo);
    const footers = await mapLimit(picked, this.concurrency, (o) => this.footer(o));
    const read = footers.reduce((a, f) => a + parquetScanBytes(f, columns), 0);
    if (picked.length === objects.length) return { bytes: read, method: 'parquet-footers' };
    const sampledSize = picked.reduce((a, o) => a + o.size, 0);
    const totalSize = objects.reduce((a, o) => a + o.size, 0);
    warnings.push(`Footers of ${picked.length} of ${objects.length} files read; the rest extrapolated by size.`);
    return { bytes: Math.round(sampledSize ? (read / sampledSize) * totalSize : 0), method: 'parquet-sampled' };
  }

  /** A Parquet file's footer, read by one or two ranged GETs (kept while the object is unchanged). */
  private footer(o: ObjectInfo): Promise<ParquetFooter> {
    const key = `${o.uri}\u0000${o.size}\u0000${o.lastModified?.getTime() ?? ''}`;
    let f = this.footers.get(key);
    if (!f) {
      f = readFooter(this.store, o);
      this.footers.set(key, f);
      f.catch(() => this.footers.delete(key));
    }
    return f;
  }
}

/** The partitions a Glue expression selects, evaluated here; every partition (and why) when it cannot be. */
function filterOrAll(all: Partition[], expression: string, table: Table): Partition[] & { note?: string } {
  try {
    const match = partitionMatcher(expression, table.partitionKeys);
    return all.filter((p) => match(p.values));
  } catch (e) {
    return Object.assign(all, { note: `The partition predicate could not be evaluated (${e instanceof Error ? e.message : String(e)}): every partition counted.` });
  }
}

async function readFooter(store: ObjectStore, o: ObjectInfo): Promise<ParquetFooter> {
  const start = Math.max(0, o.size - TAIL);
  let tail = await store.read(o.uri, { start, end: o.size });
  if (tail.length < 8) throw new Error(`${o.uri} is too short to be Parquet.`);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const metadataLength = view.getUint32(tail.length - 8, true);
  const footerBytes = metadataLength + 8;
  if (footerBytes > tail.length) tail = await store.read(o.uri, { start: Math.max(0, o.size - footerBytes), end: o.size });
  let meta;
  try {
    meta = parquetMetadata(tail.subarray(tail.length - Math.min(footerBytes, tail.length)));
  } catch (e) {
    throw new Error(`${o.uri}: not a readable Parquet footer (${e instanceof Error ? e.message : String(e)}).`);
  }
  const columns = new Map<string, number>();
  for (const rg of meta.row_groups) {
    for (const chunk of rg.columns) {
      const top = (chunk.meta_data?.path_in_schema[0] ?? '').toLowerCase();
      columns.set(top, (columns.get(top) ?? 0) + Number(chunk.meta_data?.total_compressed_size ?? 0));
    }
  }
  return { footerBytes, columns };
}

/** The query a billed statement runs: a SELECT's text, a CTAS's or INSERT's query, UNLOAD's. */
function queryBody(sql: string, kind: string): string | { readonly free: boolean; readonly reason: string } {
  if (kind === 'query' && !/^\s*EXPLAIN\b/i.test(stripComments(sql))) return sql;
  const parsed = parseAthenaStatement(sql);
  if (parsed.ok) {
    const s = parsed.statement;
    if (s.kind === 'ctas') return s.withData ? s.sql : { free: true, reason: 'CTAS WITH NO DATA reads nothing' };
    if (s.kind === 'insert') return s.sql;
    if (s.kind === 'explain') return s.sql;
  }
  if (kind === 'unload') {
    const inner = unloadQuery(sql);
    if (inner) return inner;
  }
  if (!parsed.ok && kind !== 'iceberg-dml') return { free: false, reason: `Cannot estimate: ${parsed.message}` };
  return { free: false, reason: `${kind === 'iceberg-dml' ? 'UPDATE, DELETE, MERGE, OPTIMIZE and VACUUM' : 'This statement'} cannot be estimated yet.` };
}

function stripComments(sql: string): string {
  return tokenize(sql)
    .filter((t) => t.kind !== 'lineComment' && t.kind !== 'blockComment')
    .map((t) => sql.slice(t.start, t.end))
    .join('');
}

/** `UNLOAD (query) TO …`: the query. */
function unloadQuery(sql: string): string | undefined {
  const toks = tokenize(sql).filter((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
  const open = toks[1];
  if (!open || sql.slice(open.start, open.end) !== '(') return undefined;
  let depth = 0;
  for (const t of toks.slice(1)) {
    const s = t.kind === 'punct' ? sql.slice(t.start, t.end) : '';
    if (s === '(') depth++;
    else if (s === ')' && --depth === 0) return sql.slice(open.end, t.start);
  }
  return undefined;
}

/** `fn` over items with at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}


