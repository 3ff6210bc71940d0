import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { sanitizeName } from '../../core/csv/names';
import { scaffoldSample, tableNameFor } from '../../core/ddl/fromSample';
import { qualityChecks, scaffoldDocument, type Layer } from '../../core/ddl/scaffold';
import { scaffoldOptions, scaffoldSettingsFrom } from '../../core/ddl/settings';
import { allPages } from '../../engines/pages';
import type { Logger } from '../common/logger';
import type { Connection } from '../connection/connection';
import { openNewSql } from '../common/newDocument';

const LAYERS: readonly Layer[] = ['raw', 'staging', 'curated'];

/** What the command may be given: an Explorer resource, an `s3://` URI, or choices made ahead (tests, other commands). */
interface ScaffoldArg {
  readonly uri?: vscode.Uri | string;
  readonly layers?: readonly Layer[];
  readonly table?: string;
  readonly partitionBy?: string;
  /** Copy the sample to the raw table's location (asked otherwise). */
  readonly upload?: boolean;
}

function scaffoldArg(v: unknown): ScaffoldArg {
  if (v instanceof vscode.Uri) return { uri: v };
  if (typeof v === 'string') return { uri: v };
  if (typeof v !== 'object' || v === null) return {};
  const a = v as Record<string, unknown>;
  return {
    ...(a.uri instanceof vscode.Uri || typeof a.uri === 'string' ? { uri: a.uri } : {}),
    ...(Array.isArray(a.layers) && a.layers.every((l) => LAYERS.includes(l as Layer)) ? { layers: a.layers as Layer[] } : {}),
    ...(typeof a.table === 'string' ? { table: a.table } : {}),
    ...(typeof a.partitionBy === 'string' ? { partitionBy: a.partitionBy } : {}),
    ...(typeof a.upload === 'boolean' ? { upload: a.upload } : {}),
  };
}

export interface ScaffoldResult {
  readonly document: vscode.TextDocument;
  readonly table: string;
  readonly uploadedTo?: string;
}

/**
 * "Generate Table DDL from Sample…": a CSV, TSV or JSON-lines file (from the Explorer, a file
 * picker or S3) becomes raw, staging and curated statements in a new untitled editor. Nothing is
 * written over an existing file; copying the sample to the raw location is offered, and asked.
 */
export class Scaffolder {
  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
  ) {}

  private settings(): ReturnType<typeof scaffoldSettingsFrom> {
    const c = vscode.workspace.getConfiguration('lakehouse');
    return scaffoldSettingsFrom((key) => c.get(key));
  }

  async fromSample(raw?: unknown): Promise<ScaffoldResult | undefined> {
    const arg = scaffoldArg(raw);
    const settings = this.settings();
    const source = await this.pickSource(arg.uri);
    if (!source) return undefined;
    let bytes: Uint8Array;
    let truncated: boolean;
    try {
      ({ bytes, truncated } = await this.readSample(source, settings.sampleBytes));
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read the sample ${source}: ${(e as Error).message}`);
      return undefined;
    }
    const name = source.replace(/^.*[\\/]/, '');
    const layers = arg.layers ?? (await this.pickLayers());
    if (!layers?.length) return undefined;
    const table = arg.table !== undefined ? sanitizeName(arg.table) : await vscode.window.showInputBox({ title: 'Table name', value: tableNameFor(name), validateInput: (v) => (sanitizeName(v) === v && v ? undefined : `Athena-safe: ${sanitizeName(v) || 'letters, digits and _'}`) });
    if (!table) return undefined;

    let report: ReturnType<typeof scaffoldSample>;
    try {
      // First without partitioning, to learn the columns a partition could come from.
      report = scaffoldSample(name, bytes, truncated, scaffoldOptions(settings, table, layers), { decimals: settings.decimals, integers: settings.integers, maxRows: settings.sampleRows });
      let partitionBy = arg.partitionBy;
      if (partitionBy === undefined && layers.includes('curated')) {
        const dated = report.scaffold.columns.filter((c) => c.stagingType === 'date' || c.stagingType === 'timestamp');
        if (dated.length) {
          const pick = await vscode.window.showQuickPick([{ label: 'No partitioning', column: '' }, ...dated.map((c) => ({ label: `By year and month of ${c.name}`, description: c.stagingType, column: c.name }))], { title: 'Partition the curated table?' });
          if (!pick) return undefined;
          partitionBy = pick.column || undefined;
        }
      }
      if (partitionBy) report = scaffoldSample(name, bytes, truncated, scaffoldOptions(settings, table, layers, partitionBy), { decimals: settings.decimals, integers: settings.integers, maxRows: settings.sampleRows });
    } catch (e) {
      const problem = (e as Error).message;
      this.log.warn(`scaffold ${name}: ${problem}`);
      void vscode.window.showErrorMessage(`${name}: ${problem}`);
      return undefined;
    }
    const options = scaffoldOptions(settings, table, layers, arg.partitionBy);
    const text = scaffoldDocument(report.scaffold, options, name);
    const { document } = await openNewSql(text, table);
    this.log.info(`scaffold ${name} → ${table}: ${report.scaffold.serde}, ${report.scaffold.columns.length} columns, ${report.scaffold.warnings.length} notes`);

    let uploadedTo: string | undefined;
    if (layers.includes('raw') && !source.startsWith('s3://')) uploadedTo = await this.offerUpload(source, `${settings.zones.raw}${table}/${name}`, arg.upload);
    return { document, table, ...(uploadedTo ? { uploadedTo } : {}) };
  }

  /** Data-quality checks for a table of the active connection's catalog, in a new editor. */
  async qualityChecks(raw?: unknown): Promise<vscode.TextDocument | undefined> {
    const a = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const catalog = this.connection.catalog;
    const catalogName = this.connection.catalogName;
    let database = typeof a.database === 'string' ? a.database : undefined;
    if (!database) {
      const dbs = await allPages((t) => catalog.listDatabases(catalogName, t));
      database = (await vscode.window.showQuickPick(dbs.map((d) => d.name), { title: 'Data-quality checks: database' })) ?? undefined;
      if (!database) return undefined;
    }
    let tableName = typeof a.table === 'string' ? a.table : undefined;
    if (!tableName) {
      const db = database;
      const tables = await allPages((t) => catalog.listTables(catalogName, db, t));
      tableName = (await vscode.window.showQuickPick(tables.map((t) => t.name), { title: `Data-quality checks: table in ${db}` })) ?? undefined;
      if (!tableName) return undefined;
    }
    const table = await catalog.getTable(catalogName, database, tableName);
    if (!table) {
      void vscode.window.showErrorMessage(`${database}.${tableName} is not in the catalog.`);
      return undefined;
    }
    const columns = [...table.storage.columns, ...table.partitionKeys];
    const key = typeof a.key === 'string' ? a.key : ((await vscode.window.showQuickPick(['(no key check)', ...columns.map((c) => c.name)], { title: 'Key column for the duplicate check' })) ?? '(no key check)');
    const dated = columns.filter((c) => /^(date|timestamp)/.test(c.type));
    const freshness = typeof a.freshness === 'string' ? a.freshness : dated.length ? ((await vscode.window.showQuickPick(['(no freshness check)', ...dated.map((c) => c.name)], { title: 'Date column for the freshness check' })) ?? '(no freshness check)') : '(no freshness check)';
    const sql = qualityChecks(
      { database, name: table.name, columns },
      { ...(key.startsWith('(') ? {} : { key }), ...(freshness.startsWith('(') ? {} : { freshness }) },
    );
    return (await openNewSql(sql, `checks_${table.name}`)).document;
  }

  private async pickLayers(): Promise<Layer[] | undefined> {
    const items: (vscode.QuickPickItem & { layers: Layer[] })[] = [
      { label: 'Raw, staging and curated', description: 'external table, cleaning view, Parquet CTAS', layers: ['raw', 'staging', 'curated'] },
      { label: 'Raw', description: 'CREATE EXTERNAL TABLE only', layers: ['raw'] },
      { label: 'Raw and staging', layers: ['raw', 'staging'] },
      { label: 'Staging and curated', description: 'the raw table exists already', layers: ['staging', 'curated'] },
    ];
    return (await vscode.window.showQuickPick(items, { title: 'Which layers?' }))?.layers;
  }

  private async pickSource(uri: vscode.Uri | string | undefined): Promise<string | undefined> {
    if (uri instanceof vscode.Uri) return uri.fsPath;
    if (typeof uri === 'string') return uri;
    const choice = await vscode.window.showQuickPick(['A file on this machine…', 'An object in S3…'], { title: 'Generate Table DDL from a sample' });
    if (!choice) return undefined;
    if (choice.startsWith('An object')) {
      return vscode.window.showInputBox({ title: 'S3 object', prompt: 's3://bucket/key of a CSV, TSV or JSON-lines object', validateInput: (v) => (/^s3:\/\/[^/]+\/.+/.test(v) ? undefined : 'An object URI: s3://bucket/key') });
    }
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Delimited text or JSON lines': ['csv', 'tsv', 'txt', 'psv', 'jsonl', 'ndjson', 'json'] } });
    return files?.[0]?.fsPath;
  }

  /** The first bytes of the sample: a bounded file read, or a ranged GET on S3. */
  private async readSample(source: string, maxBytes: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
    if (source.startsWith('s3://')) {
      const bytes = await this.connection.store.read(source, { start: 0, end: maxBytes + 1 });
      return { bytes: bytes.subarray(0, maxBytes), truncated: bytes.length > maxBytes };
    }
    const handle = await open(source, 'r');
    try {
      const size = (await handle.stat()).size;
      const length = Math.min(size, maxBytes);
      const bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, 0);
      return { bytes, truncated: size > length };
    } finally {
      await handle.close();
    }
  }

  /** Copies the sample where the raw table reads, after asking; never over an existing object. */
  private async offerUpload(file: string, target: string, preset: boolean | undefined): Promise<string | undefined> {
    const store = this.connection.store;
    for await (const existing of store.list(target)) {
      if (existing.uri === target) {
        if (preset === undefined) void vscode.window.showInformationMessage(`${target} already exists: the raw table will read it (it was not replaced).`);
        return undefined;
      }
    }
    let go = preset;
    if (go === undefined) {
      const copy = 'Copy';
      const answer = await vscode.window.showInformationMessage(`Copy ${basename(file)} to ${target}, where the raw table reads its data?`, { modal: true, detail: `On ${this.connection.label}.` }, copy);
      go = answer === copy;
    }
    if (!go) return undefined;
    const handle = await open(file, 'r');
    try {
      await store.write(target, await handle.readFile());
    } finally {
      await handle.close();
    }
    this.log.info(`copied ${file} to ${target}`);
    return target;
  }
}
