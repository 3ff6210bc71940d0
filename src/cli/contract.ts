import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Table } from '../core/catalog/model';
import type * as ContractsModule from '../core/contracts/index';
import { tableNameFor, sniffSample } from '../core/ddl/fromSample';
import type { Layer } from '../core/ddl/scaffold';
import { scaffoldSettingsFrom } from '../core/ddl/settings';
import type { Backend } from '../engines/backend';
import { contractTestQueries, profileTable, runContractTests } from '../engines/contractTests';
import { loadEstimator } from '../engines/loadEstimator';
import { lazyModule } from '../lazy';
import type { Args, Io } from './main';
import { findWorkspace } from './workspace';

// `lakehouse contract ddl | test | diff | init`: data contracts (ODCS v3.1.0) from the command line.

/** Data contracts (YAML, the ODCS schema and its validator), bundled apart: only `lakehouse contract` loads them. */
const loadContracts = lazyModule<typeof ContractsModule>(__dirname, 'contracts.js', '../core/contracts/index.js');

const LAYERS: readonly Layer[] = ['raw', 'staging', 'curated'];

/** `lakehouse contract ddl FILE`: the contract checked, then its DDL (problems go to stderr as file:line:column). */
export async function contract(args: Args, io: Io, openCliBackend: (near?: string) => Backend): Promise<number> {
  const [sub, file, ...rest] = args.operands;
  if (sub === 'init' && !file) return contractInit(args, io, openCliBackend);
  if ((sub !== 'ddl' && sub !== 'test' && sub !== 'diff') || !file || rest.length) {
    io.err('lakehouse: contract takes ddl, test or diff, and one contract file (FILE.odcs.yaml)\n');
    return 2;
  }
  if (sub === 'test') return contractTest(args, file, io, openCliBackend);
  if (sub === 'diff') return contractDiff(args, file, io, openCliBackend);
  const layers = parseLayers(args.layers);
  if (!layers) {
    io.err(`lakehouse: --layers takes raw, staging and curated, comma-separated (got ${args.layers ?? ''})\n`);
    return 2;
  }
  const read = await readContractFile(file, io);
  if (typeof read === 'number') return read;
  const { c, model } = read;
  const ws = findWorkspace(args.workspace, file, args.s3Root);
  const settings = scaffoldSettingsFrom((key) => ws.settings[`lakehouse.${key}`]);
  try {
    const ddl = c.contractDdl(model, { layers, databases: settings.databases, zones: settings.zones, curatedFormat: settings.curatedFormat, compression: settings.compression, ...(args.server ? { server: args.server } : {}) });
    io.out(c.contractDdlDocument(model, ddl, basename(file)));
    return 0;
  } catch (e) {
    io.err(`lakehouse: ${basename(file)}: ${(e as Error).message}\n`);
    return 1;
  }
}

/** The contract read and checked; its problems printed as file:line:column. */
async function readContractFile(file: string, io: Io): Promise<{ c: typeof ContractsModule; model: ContractsModule.Contract } | number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`lakehouse: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const c = loadContracts();
  const problems = c.validateContract(text).filter((p) => p.severity === 'error');
  if (problems.length) {
    for (const p of problems) {
      const before = text.slice(0, p.range.start).split('\n');
      io.err(`${file}:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}: ${p.message}\n`);
    }
    io.err(`lakehouse: ${basename(file)} has ${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing done\n`);
    return 1;
  }
  return { c, model: c.readContract(new c.YamlFile(text).value) };
}

/** `lakehouse contract init --table DB.TABLE`: a contract drafted from the table and a profile of its data; never over a file. */
async function contractInit(args: Args, io: Io, openCliBackend: (near?: string) => Backend): Promise<number> {
  const name = args.table;
  const dot = name?.indexOf('.') ?? -1;
  if ((args.sampleFile === undefined) === (name === undefined) || (name !== undefined && (dot < 1 || dot === name.length - 1))) {
    io.err('lakehouse: contract init takes --table DATABASE.TABLE or --sample FILE.csv\n');
    return 2;
  }
  if (args.out && existsSync(args.out)) {
    io.err(`lakehouse: ${args.out} exists: contract init never writes over a file\n`);
    return 1;
  }
  const c = loadContracts();
  const write = async (text: string): Promise<number> => {
    if (args.out) {
      await writeFile(args.out, text, { flag: 'wx' });
      io.err(`lakehouse: wrote ${args.out}\n`);
    } else io.out(text);
    return 0;
  };
  if (args.sampleFile !== undefined || !name) {
    const file = args.sampleFile ?? '';
    try {
      const ws = findWorkspace(args.workspace, file, args.s3Root);
      const settings = scaffoldSettingsFrom((key) => ws.settings[`lakehouse.${key}`]);
      const bytes = await readFile(file);
      const sample = sniffSample(file, bytes.subarray(0, settings.sampleBytes), bytes.length > settings.sampleBytes, { decimals: settings.decimals, integers: settings.integers, maxRows: settings.sampleRows });
      if (sample.format !== 'csv') {
        io.err('lakehouse: contract init --sample reads CSV; for JSON lines, create the table and use --table\n');
        return 2;
      }
      const stagingDir = c.draftStagingDir(args.aws.outputLocation ?? ws.settings['lakehouse.aws.outputLocation'], undefined);
      return await write(c.contractFromCsvSample(tableNameFor(file), file, sample, { ...(args.databaseGiven ? { database: args.database } : {}), stagingDir }));
    } catch (e) {
      io.err(`lakehouse: ${basename(file)}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const backend = openCliBackend(args.out);
  try {
    const table = await backend.catalog.getTable(backend.catalogName, name.slice(0, dot).toLowerCase(), name.slice(dot + 1).toLowerCase());
    if (!table) {
      io.err(`lakehouse: ${name} is not in the catalog\n`);
      return 1;
    }
    const profile = await profileTable(backend.engine, table);
    if (typeof profile === 'string') {
      io.err(`lakehouse: profiling ${name} failed: ${profile}\n`);
      return 1;
    }
    const ws = findWorkspace(args.workspace, args.out, args.s3Root);
    return await write(c.contractFromTable(table, profile, { stagingDir: c.draftStagingDir(args.aws.outputLocation ?? ws.settings['lakehouse.aws.outputLocation'], table.storage.location) }));
  } catch (e) {
    io.err(`lakehouse: ${(e as Error).message}\n`);
    return 1;
  } finally {
    backend.dispose();
  }
}

/** The database a contract's tables are in: --database, else its athena or glue server's. */
function contractDatabase(args: Args, model: ContractsModule.Contract, io: Io): string | number {
  const server = args.server !== undefined ? model.servers.find((s) => s.name === args.server) : model.servers.find((s) => s.database !== undefined);
  if (args.server !== undefined && !server) {
    io.err(`lakehouse: the contract has no server named ${args.server} (it has ${model.servers.map((s) => s.name).join(', ') || 'none'})\n`);
    return 2;
  }
  const database = args.databaseGiven ? args.database : server?.database;
  if (!database) {
    io.err("lakehouse: the contract names no database (an athena server's schema or a glue server's database): give --database\n");
    return 2;
  }
  return database;
}

/** The contract checked, its tables' database, and the backend to reach them; an exit code when one is missing. */
async function openContract(args: Args, file: string, io: Io, openCliBackend: (near?: string) => Backend): Promise<{ c: typeof ContractsModule; model: ContractsModule.Contract; database: string; backend: Backend } | number> {
  const read = await readContractFile(file, io);
  if (typeof read === 'number') return read;
  const database = contractDatabase(args, read.model, io);
  if (typeof database === 'number') return database;
  return { ...read, database, backend: openCliBackend(file) };
}

/** `lakehouse contract diff FILE`: the catalog's tables against the contract, a line per difference. */
async function contractDiff(args: Args, file: string, io: Io, openCliBackend: (near?: string) => Backend): Promise<number> {
  const opened = await openContract(args, file, io, openCliBackend);
  if (typeof opened === 'number') return opened;
  const { c, model, database, backend } = opened;
  try {
    const tables = new Map<string, Table | undefined>();
    for (const o of model.objects) tables.set(o.name, await backend.catalog.getTable(backend.catalogName, database, o.name));
    const server = model.servers.find((s) => (s.type === 's3' || s.type === 'glue') && s.location);
    const drift = c.contractDrift(model, tables, server);
    for (const d of drift) io.out(`${d.kind.padEnd(14)} ${d.message}\n`);
    io.out(drift.length ? `${drift.length} difference${drift.length === 1 ? '' : 's'} between ${basename(file)} and ${database}\n` : `${database} matches ${basename(file)}\n`);
    return drift.length ? 1 : 0;
  } catch (e) {
    io.err(`lakehouse: ${(e as Error).message}\n`);
    return 1;
  } finally {
    backend.dispose();
  }
}

/**
 * `lakehouse contract test FILE`: every check of the contract on the data, a line each (or one JSON
 * document), a JUnit report on request; exit 1 when a blocking check fails or cannot run.
 */
async function contractTest(args: Args, file: string, io: Io, openCliBackend: (near?: string) => Backend): Promise<number> {
  const opened = await openContract(args, file, io, openCliBackend);
  if (typeof opened === 'number') return opened;
  const { c, model, database, backend } = opened;
  try {
    if (backend.kind !== 'local') {
      // Athena bills what the tests scan: the estimate of the whole run first.
      const estimator = new (loadEstimator().Estimator)(backend.catalog, backend.store, backend.catalogName);
      let bytes = 0;
      let usd = 0;
      for (const sql of contractTestQueries(model, database)) {
        const e = await estimator.estimate(sql, { database });
        if (e.kind === 'scan') {
          bytes += e.bytes;
          usd += e.costUsd;
        }
      }
      io.err(`lakehouse: the contract's tests may scan ${bytes.toLocaleString('en')} bytes ($${usd.toFixed(6)}) on Athena\n`);
    }
    const results = await runContractTests(backend.engine, model, database);
    if (args.junit) await writeFile(args.junit, c.junitReport(model.id, results));
    if (args.json) io.out(`${JSON.stringify({ contract: model.id, version: model.version, database, results }, null, 2)}\n`);
    else {
      for (const r of results) {
        const figures = [r.measured !== undefined ? `measured ${String(r.measured)}` : '', r.threshold ? `expected ${r.threshold}` : '', r.message ?? ''].filter(Boolean).join(', ');
        io.out(`${r.status.toUpperCase().padEnd(7)} ${r.id}: ${r.name}${figures ? ` (${figures})` : ''}\n`);
      }
      const count = (s: string): number => results.filter((r) => r.status === s).length;
      io.out(`${results.length} checks: ${count('passed')} passed, ${count('failed')} failed, ${count('warning')} warnings, ${count('error')} errors\n`);
    }
    return results.some((r) => r.status === 'failed' || r.status === 'error') ? 1 : 0;
  } finally {
    backend.dispose();
  }
}

/** `--layers raw,staging` in the layers' own order; undefined when one is unknown. */
export function parseLayers(given: string | undefined): Layer[] | undefined {
  const layers = (given ?? 'raw,staging,curated').split(',').map((l) => l.trim()) as Layer[];
  if (!layers.length || layers.some((l) => !LAYERS.includes(l))) return undefined;
  return LAYERS.filter((l) => layers.includes(l));
}

