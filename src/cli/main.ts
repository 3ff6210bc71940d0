import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import { sanitizeName } from '../core/csv/names';
import { describeScaffold, scaffoldSample, tableNameFor } from '../core/ddl/fromSample';
import { scaffoldDocument } from '../core/ddl/scaffold';
import { scaffoldOptions, scaffoldSettingsFrom } from '../core/ddl/settings';
import { dataFormat } from '../core/catalog/model';
import { toAligned, toCsv } from '../core/results/text';
import { splitStatements, type Statement } from '../core/sql/splitter';
import { estimateLabel } from '../core/cost/estimate';
import { runAndCollect } from '../engines/collect';
import { awsSettingsFrom, type AwsSettingKey } from '../core/aws/settings';
import { openBackend, type Backend } from '../engines/backend';
import { loadEstimator } from '../engines/loadEstimator';
import { allPages } from '../engines/pages';
import { catalogSearchIndex } from '../engines/catalogSearch';
import { AgentTools, DEFAULT_POLICY } from '../engines/agentTools';
import { lazyModule } from '../lazy';
import type * as McpModule from './mcp';

/** The MCP server (and its SDK), bundled apart: only `lakehouse mcp` loads it. */
const loadMcp = lazyModule<typeof McpModule>(__dirname, 'mcp.js', 'mcp.js');
/** The version in package.json, as esbuild inlines it (the transpiled tests have none). */
const VERSION = process.env.LAKEHOUSE_VERSION ?? '0.1.0';
import { ctasLocationProblem } from '../engines/ctasGuard';
import { classifyStatement } from '../core/sql/statementKind';
import { prepareSample } from '../engines/local/sampleLakehouse';
import { contract, parseLayers } from './contract';
import { findWorkspace } from './workspace';

const USAGE = `lakehouse — run Athena SQL files on the local lakehouse engine (DuckDB) or Athena

Usage:
  lakehouse run FILE.sql [--statement N | --all]   run one statement (1-based) or all of them (default)
  lakehouse run -e "SQL"                          run SQL given on the command line
  lakehouse estimate FILE.sql [--statement N]     bytes each statement would scan and what Athena would bill,
                  [--json]                        before running it (also -e "SQL")
  lakehouse catalog [DATABASE [TABLE]]            list databases, tables, or a table's columns
  lakehouse catalog --search "QUESTION" [--limit N]
                                                  the tables and views a question is about, best first
  lakehouse sample [DIR] [--reset]                write the sample lakehouse's data and build its catalog
  lakehouse ddl FILE [--layers raw,staging,curated] [--table NAME] [--partition-by COLUMN] [--json]
                                                  raw, staging and curated DDL from a CSV or JSON-lines sample
  lakehouse contract ddl FILE.odcs.yaml [--layers raw,staging,curated] [--server NAME]
                                                  raw, staging and curated DDL from a data contract (ODCS v3.1.0)
  lakehouse contract init --table DB.TABLE | --sample FILE.csv [--database DB] [--out FILE.odcs.yaml]
                                                  a contract drafted from a table or a CSV sample and a profile of its data
  lakehouse contract diff FILE.odcs.yaml [--database DB] [--server NAME]
                                                  how the catalog's tables differ from the contract (exit 1 when they do)
  lakehouse contract test FILE.odcs.yaml [--engine local|athena] [--server NAME] [--database DB]
                  [--json] [--junit FILE]         the contract's schema and quality rules tested on the data
                                                  (exit 1 when a blocking rule fails)
  lakehouse mcp [--allow-write] [--allow-destructive] [--max-usd N] [--max-rows N]
                                                  a Model Context Protocol server over stdio for agents:
                                                  search_catalog, describe_table, estimate_query,
                                                  run_query, sample_rows (read-only by default,
                                                  queries above --max-usd, default 1.00, refused;
                                                  --max-rows default 100; calls logged to stderr)

Options:
  --format table|csv|json   output format (default table; json prints one JSON object per statement)
  --engine local|athena     where to run (default: LAKEHOUSE_ENGINE, else the workspace's lakehouse.connection, else local)
  --database NAME           the session's database for unqualified names (default "default")
  --workspace DIR           the lakehouse workspace (default: found from the SQL file, else the current folder)
  --s3-root DIR             the folder standing for s3:// (default: the workspace's lakehouse.local.s3Root, else .lakehouse/s3)
  --max-rows N              rows kept per statement (default 10000)
  --continue                keep going after a failed statement
  --yes                     run destructive statements (DROP, DELETE, INSERT OVERWRITE, MERGE,
                            UPDATE, VACUUM, ALTER … DROP PARTITION); without it they are refused

Athena (flag, else environment, else the workspace's lakehouse.aws.* setting):
  --profile NAME            AWS profile (AWS_PROFILE; default: the SDK's credential chain)
  --region NAME             AWS region (AWS_REGION, AWS_DEFAULT_REGION; default: the profile's)
  --workgroup NAME          Athena workgroup (LAKEHOUSE_ATHENA_WORKGROUP; default primary)
  --output-location S3URI   query result location (LAKEHOUSE_ATHENA_OUTPUT_LOCATION)
  --catalog-id ACCOUNT      Glue catalog account id, cross-account (LAKEHOUSE_GLUE_CATALOG_ID)
  --endpoint-url URL        one endpoint for Athena, Glue and S3, e.g. an emulator (AWS_ENDPOINT_URL)
  --reset                   (sample) delete the sample's data and catalog first
  -h, --help                this text

Exit status: 0 when every statement succeeded, 1 when one failed, 2 for a usage error.`;

type Format = 'table' | 'csv' | 'json';

export interface Args {
  command?: string;
  operands: string[];
  sql?: string;
  statement?: number;
  all: boolean;
  format: Format;
  engine?: 'local' | 'athena';
  aws: Partial<Record<AwsSettingKey, string>>;
  database: string;
  workspace?: string;
  s3Root?: string;
  maxRows: number;
  keepGoing: boolean;
  yes: boolean;
  reset: boolean;
  help: boolean;
  layers?: string;
  table?: string;
  partitionBy?: string;
  json: boolean;
  search?: string;
  limit: number;
  maxRowsGiven: boolean;
  allowWrite: boolean;
  allowDestructive: boolean;
  maxUsd?: number;
  server?: string;
  junit?: string;
  out?: string;
  sampleFile?: string;
  databaseGiven: boolean;
}

class UsageError extends Error {}

/** The command line's options, for Node's own parser (util.parseArgs). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  e: { type: 'string', short: 'e' },
  statement: { type: 'string' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  engine: { type: 'string' },
  database: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  workgroup: { type: 'string' },
  'output-location': { type: 'string' },
  'catalog-id': { type: 'string' },
  'endpoint-url': { type: 'string' },
  workspace: { type: 'string' },
  's3-root': { type: 'string' },
  'max-rows': { type: 'string' },
  continue: { type: 'boolean' },
  yes: { type: 'boolean' },
  reset: { type: 'boolean' },
  layers: { type: 'string' },
  table: { type: 'string' },
  'partition-by': { type: 'string' },
  json: { type: 'boolean' },
  search: { type: 'string' },
  limit: { type: 'string' },
  'allow-write': { type: 'boolean' },
  'allow-destructive': { type: 'boolean' },
  'max-usd': { type: 'string' },
  server: { type: 'string' },
  junit: { type: 'string' },
  out: { type: 'string' },
  sample: { type: 'string' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; short?: string }>;

const positive = (flag: string, v: string | undefined, from = 1): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < from) throw new UsageError(flag === '--statement' ? '--statement takes a statement number from 1' : `${flag} takes a positive whole number`);
  return n;
};

/**
 * A string option takes the next argument as its value even when it begins with a dash
 * (`-e "-- a comment\nSELECT 1"`): joined as `--name=value` before Node's parser sees it.
 */
function valuesJoined(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const name = arg === '-e' ? 'e' : arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    const option = name !== undefined ? (OPTIONS as Record<string, { type: string }>)[name] : undefined;
    if (option?.type === 'string' && i + 1 < argv.length) out.push(`--${name}=${argv[++i] ?? ''}`);
    else out.push(arg);
  }
  return out;
}

function parseArgs(argv: readonly string[]): Args {
  let parsed: ReturnType<typeof nodeParseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = nodeParseArgs({ args: valuesJoined(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages name the option ("Unknown option '--x'", "Option '--format <value>' argument missing").
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
  const v = parsed.values;
  const [command, ...operands] = parsed.positionals;
  if (v.format !== undefined && v.format !== 'table' && v.format !== 'csv' && v.format !== 'json') throw new UsageError(`--format takes table, csv or json (got ${v.format})`);
  if (v.engine !== undefined && v.engine !== 'local' && v.engine !== 'athena') throw new UsageError(`--engine takes local or athena (got ${v.engine})`);
  if (v['max-usd'] !== undefined && !/^\d+(\.\d+)?$/.test(v['max-usd'])) throw new UsageError(`--max-usd takes an amount in dollars, such as 0.50 (got ${v['max-usd']})`);
  const aws: Partial<Record<AwsSettingKey, string>> = {};
  for (const [flag, key] of Object.entries(AWS_FLAGS)) {
    const value = v[flag.slice(2) as keyof typeof v];
    if (typeof value === 'string') aws[key] = value;
  }
  const statement = positive('--statement', v.statement);
  const maxRows = positive('--max-rows', v['max-rows']);
  const limit = positive('--limit', v.limit);
  const a: Args = {
    ...(command !== undefined ? { command } : {}),
    operands,
    ...(v.e !== undefined ? { sql: v.e } : {}),
    ...(statement !== undefined ? { statement } : {}),
    all: v.all === true,
    format: v.format ?? 'table',
    ...(v.engine !== undefined ? { engine: v.engine } : {}),
    aws,
    database: v.database ?? 'default',
    ...(v.workspace !== undefined ? { workspace: v.workspace } : {}),
    ...(v['s3-root'] !== undefined ? { s3Root: v['s3-root'] } : {}),
    maxRows: maxRows ?? 10_000,
    maxRowsGiven: maxRows !== undefined,
    keepGoing: v.continue === true,
    yes: v.yes === true,
    reset: v.reset === true,
    help: v.help === true,
    ...(v.layers !== undefined ? { layers: v.layers } : {}),
    ...(v.table !== undefined ? { table: v.table } : {}),
    ...(v['partition-by'] !== undefined ? { partitionBy: v['partition-by'] } : {}),
    json: v.json === true,
    ...(v.search !== undefined ? { search: v.search } : {}),
    limit: limit ?? 10,
    allowWrite: v['allow-write'] === true,
    allowDestructive: v['allow-destructive'] === true,
    ...(v['max-usd'] !== undefined ? { maxUsd: Number(v['max-usd']) } : {}),
    ...(v.server !== undefined ? { server: v.server } : {}),
    ...(v.junit !== undefined ? { junit: v.junit } : {}),
    ...(v.out !== undefined ? { out: v.out } : {}),
    ...(v.sample !== undefined ? { sampleFile: v.sample } : {}),
    databaseGiven: v.database !== undefined,
  };
  if (a.statement !== undefined && a.all) throw new UsageError('--statement and --all cannot be used together');
  return a;
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`lakehouse: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  switch (args.command) {
    case 'run':
      return run(args, io);
    case 'estimate':
      return estimate(args, io);
    case 'catalog':
      return catalog(args, io);
    case 'sample':
      return sample(args, io);
    case 'ddl':
      return ddl(args, io);
    case 'mcp':
      return mcp(args, io);
    case 'contract':
      return contract(args, io, (near) => openCliBackend(args, near));
    case undefined:
      io.err(`${USAGE}\n`);
      return 2;
    default:
      io.err(`lakehouse: unknown command '${args.command}'\n\n${USAGE}\n`);
      return 2;
  }
}

const AWS_FLAGS: Record<string, AwsSettingKey> = {
  '--profile': 'profile',
  '--region': 'region',
  '--workgroup': 'workgroup',
  '--output-location': 'outputLocation',
  '--catalog-id': 'catalogId',
  '--endpoint-url': 'endpointUrl',
};

const AWS_ENV: Record<AwsSettingKey, readonly string[]> = {
  profile: ['AWS_PROFILE'],
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  workgroup: ['LAKEHOUSE_ATHENA_WORKGROUP'],
  outputLocation: ['LAKEHOUSE_ATHENA_OUTPUT_LOCATION'],
  catalogId: ['LAKEHOUSE_GLUE_CATALOG_ID'],
  endpointUrl: [],
  resultReuseMinutes: ['LAKEHOUSE_ATHENA_RESULT_REUSE_MINUTES'],
};

/** The backend a command runs on: the flag, else LAKEHOUSE_ENGINE, else the workspace's connection. */
function openCliBackend(args: Args, near?: string): Backend {
  const ws = findWorkspace(args.workspace, near, args.s3Root);
  const fromEnv = process.env.LAKEHOUSE_ENGINE;
  const kind = args.engine ?? (fromEnv === 'athena' || fromEnv === 'local' ? fromEnv : ws.settings['lakehouse.connection'] === 'aws' ? 'athena' : 'local');
  if (kind === 'local') return openBackend({ kind: 'local', lakehouseDir: ws.lakehouseDir, s3Root: ws.s3Root });
  const lookup = (key: AwsSettingKey): unknown => args.aws[key] ?? AWS_ENV[key].map((v) => process.env[v]).find((v) => v) ?? ws.settings[`lakehouse.aws.${key}`];
  return openBackend({ kind: 'athena', aws: awsSettingsFrom(lookup) });
}

interface Chosen {
  readonly file: string | undefined;
  readonly total: number;
  readonly chosen: readonly { readonly s: Statement; readonly n: number }[];
}

/** The statements a command works on: FILE.sql's (all, or --statement N) or -e's; an exit code on bad input. */
async function chooseStatements(args: Args, io: Io): Promise<Chosen | number> {
  let sql: string;
  let file: string | undefined;
  if (args.sql !== undefined) {
    if (args.operands.length) {
      io.err('lakehouse: give either FILE.sql or -e "SQL", not both\n');
      return 2;
    }
    sql = args.sql;
  } else {
    file = args.operands[0];
    if (!file || args.operands.length > 1) {
      io.err(`lakehouse: ${args.command ?? 'run'} takes one FILE.sql (or -e "SQL")\n`);
      return 2;
    }
    try {
      sql = await readFile(file, 'utf8');
    } catch (e) {
      io.err(`lakehouse: cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const statements = splitStatements(sql);
  if (!statements.length) {
    io.err(`lakehouse: no SQL statement to ${args.command ?? 'run'}\n`);
    return 1;
  }
  let chosen = statements.map((s, i) => ({ s, n: i + 1 }));
  if (args.statement !== undefined) {
    const one = chosen[args.statement - 1];
    if (!one) {
      io.err(`lakehouse: there are ${statements.length} statements; --statement ${args.statement} is out of range\n`);
      return 2;
    }
    chosen = [one];
  }
  return { file, total: statements.length, chosen };
}

/** `lakehouse estimate`: what each statement would scan and cost, from the catalog and storage, without running it. */
async function estimate(args: Args, io: Io): Promise<number> {
  const picked = await chooseStatements(args, io);
  if (typeof picked === 'number') return picked;
  const backend = openCliBackend(args, picked.file);
  const ws = findWorkspace(args.workspace, picked.file, args.s3Root);
  const price = Number(ws.settings['lakehouse.cost.pricePerTbUsd']);
  const estimator = new (loadEstimator().Estimator)(backend.catalog, backend.store, backend.catalogName);
  let unknown = 0;
  try {
    for (const { s, n } of picked.chosen) {
      const e = await estimator.estimate(s.text, { database: args.database, totals: true, ...(Number.isFinite(price) && price > 0 ? { pricePerTbUsd: price } : {}) });
      if (e.kind === 'unknown' || e.missing.length) unknown++;
      if (args.json) {
        io.out(`${JSON.stringify({ statement: n, sql: s.text, ...e })}\n`);
        continue;
      }
      io.out(`[${n}/${picked.total}] ${s.text.replace(/\s+/g, ' ').slice(0, 70)}\n  ${estimateLabel(e)}${e.kind === 'scan' ? ` (billed ${e.billedBytes.toLocaleString('en')} bytes)` : e.reason ? `: ${e.reason}` : ''}\n`);
      for (const t of e.tables) {
        const parts = t.partitions ? ` · ${t.partitions.selected}${t.partitions.total !== undefined ? ` of ${t.partitions.total}` : ''} partitions` : '';
        io.out(`    ${t.table}: ${t.method === 'upper-bound' ? '≤ ' : ''}${t.bytes.toLocaleString('en')} bytes · ${t.objects} object${t.objects === 1 ? "" : "s"}${parts} · ${t.method}\n`);
        for (const w of t.warnings) io.out(`      ! ${w}\n`);
      }
      for (const m of e.missing) io.out(`    ! ${m} is not in the catalog: not counted\n`);
    }
    return unknown ? 1 : 0;
  } finally {
    backend.dispose();
  }
}

async function run(args: Args, io: Io): Promise<number> {
  const picked = await chooseStatements(args, io);
  if (typeof picked === 'number') return picked;
  const { file, chosen, total } = picked;
  const backend = openCliBackend(args, file);
  const engine = backend.engine;
  let failed = 0;
  try {
    for (const { s, n } of chosen) {
      const label = `[${n}/${total}] ${s.text.replace(/\s+/g, ' ').slice(0, 70)}`;
      const info = classifyStatement(s.text);
      const refusal = info.destructive && !args.yes ? `refused: ${info.destructive.action} ${info.destructive.target} (${info.destructive.dataNote}) Pass --yes to run destructive statements.` : await ctasLocationProblem(s.text, info, backend.store);
      if (refusal) {
        failed++;
        io.err(`lakehouse: ${label}\n  ${refusal}\n`);
        if (!args.keepGoing) return 1;
        continue;
      }
      const outcome = await runAndCollect(engine, { sql: s.text, database: args.database }, args.maxRows);
      if (!outcome.ok) {
        failed++;
        const where = outcome.position ? ` (line ${outcome.position.line}, column ${outcome.position.column} of the statement)` : '';
        io.err(`lakehouse: ${label}\n  failed${where}: ${outcome.message}\n${outcome.fixCommand ? `  to fix it, run: ${outcome.fixCommand}\n` : ''}`);
        if (!args.keepGoing) return 1;
        continue;
      }
      const { result } = outcome;
      const scanned = result.stats.bytesScanned === undefined ? '' : ` · ${result.stats.bytesScanned.toLocaleString('en')} bytes scanned`;
      io.err(`-- ${label} · ${result.rows.length}${result.truncated ? '+' : ''} rows · ${Math.round(result.stats.elapsedMs)} ms${scanned}\n`);
      if (args.format === 'json') {
        const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] ?? null])));
        io.out(`${JSON.stringify({ statement: n, sql: s.text, columns: result.columns, rows, truncated: result.truncated, stats: result.stats })}\n`);
      } else if (result.columns.length) {
        io.out(args.format === 'csv' ? `${toCsv(result)}\n` : `${toAligned(result)}\n`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    backend.dispose();
  }
}

async function catalog(args: Args, io: Io): Promise<number> {
  const backend = openCliBackend(args, process.cwd());
  const { catalog: c, catalogName } = backend;
  try {
    if (args.search !== undefined) {
      if (args.operands.length) {
        io.err('lakehouse: catalog --search takes no DATABASE or TABLE\n');
        return 2;
      }
      const hits = (await catalogSearchIndex(c, catalogName)).search(args.search, args.limit);
      emit(args, io, ['table', 'score', 'why'], hits.map((h) => [h.table, h.score, h.why]));
      return 0;
    }
    const [database, tableName] = args.operands;
    if (!database) {
      const dbs = await allPages((t) => c.listDatabases(catalogName, t));
      if (backend.kind === 'local') {
        const counts = await Promise.all(dbs.map(async (d) => (await allPages((t) => c.listTables(catalogName, d.name, t))).length));
        emit(args, io, ['database', 'tables'], dbs.map((d, i) => [d.name, counts[i] ?? 0]));
      } else {
        // Glue catalogs can hold thousands of tables per database: list names, not counts.
        emit(args, io, ['database', 'description'], dbs.map((d) => [d.name, d.description ?? '']));
      }
      return 0;
    }
    if (!tableName) {
      const tables = await allPages((t) => c.listTables(catalogName, database, t));
      emit(args, io, ['table', 'type', 'format', 'partition_keys', 'location'], tables.map((t) => [t.name, t.tableType, dataFormat(t), t.partitionKeys.map((k) => k.name).join(', '), t.storage.location ?? '']));
      return 0;
    }
    const t = await c.getTable(catalogName, database, tableName);
    if (!t) {
      io.err(`lakehouse: table '${database}.${tableName}' does not exist\n`);
      return 1;
    }
    emit(args, io, ['column', 'type', 'partition_key', 'comment'], [
      ...t.storage.columns.map((col) => [col.name, col.type, false, col.comment ?? '']),
      ...t.partitionKeys.map((col) => [col.name, col.type, true, col.comment ?? '']),
    ]);
    return 0;
  } catch (e) {
    io.err(`lakehouse: catalog: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    backend.dispose();
  }
}

/** `lakehouse mcp`: serves the workspace's lakehouse to agents over stdio until the client goes. */
async function mcp(args: Args, io: Io): Promise<number> {
  if (args.operands.length) {
    io.err('lakehouse: mcp takes no operands\n');
    return 2;
  }
  if (args.allowDestructive && !args.allowWrite) {
    io.err('lakehouse: --allow-destructive needs --allow-write\n');
    return 2;
  }
  const backend = openCliBackend(args, process.cwd());
  try {
    const ws = findWorkspace(args.workspace, undefined, args.s3Root);
    const price = Number(ws.settings['lakehouse.cost.pricePerTbUsd']);
    const estimator = new (loadEstimator().Estimator)(backend.catalog, backend.store, backend.catalogName);
    const policy = { allowWrite: args.allowWrite, allowDestructive: args.allowDestructive, maxUsd: args.maxUsd ?? DEFAULT_POLICY.maxUsd, maxRows: args.maxRowsGiven ? args.maxRows : DEFAULT_POLICY.maxRows };
    const tools = new AgentTools(backend, estimator, policy, args.database, Number.isFinite(price) && price > 0 ? price : undefined);
    await loadMcp().serveMcp(tools, { version: VERSION, engine: backend.kind === 'local' ? 'local (DuckDB)' : 'Athena', log: (line) => io.err(`lakehouse mcp: ${line}\n`) });
    return 0;
  } catch (e) {
    io.err(`lakehouse: mcp: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    backend.dispose();
  }
}

async function sample(args: Args, io: Io): Promise<number> {
  const dir = args.operands[0] ?? process.cwd();
  if (!existsSync(dir)) {
    io.err(`lakehouse: ${dir} does not exist\n`);
    return 1;
  }
  try {
    const report = await prepareSample(findWorkspace(args.workspace ?? dir, undefined, args.s3Root), { reset: args.reset, log: (s) => io.err(`${s}\n`) });
    io.out(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (e) {
    io.err(`lakehouse: sample: ${(e as Error).message}\n`);
    return 1;
  }
}

async function ddl(args: Args, io: Io): Promise<number> {
  const file = args.operands[0];
  if (!file || args.operands.length > 1) {
    io.err('lakehouse: ddl takes one sample file (CSV, TSV, JSON lines)\n');
    return 2;
  }
  const layers = parseLayers(args.layers);
  if (!layers) {
    io.err(`lakehouse: --layers takes raw, staging and curated, comma-separated (got ${args.layers ?? ''})\n`);
    return 2;
  }
  const ws = findWorkspace(args.workspace, file, args.s3Root);
  const settings = scaffoldSettingsFrom((key) => ws.settings[`lakehouse.${key}`]);
  let bytes: Buffer;
  let truncated: boolean;
  try {
    const handle = await open(file, 'r');
    try {
      const size = (await handle.stat()).size;
      const length = Math.min(size, settings.sampleBytes);
      bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, 0);
      truncated = size > length;
    } finally {
      await handle.close();
    }
  } catch (e) {
    io.err(`lakehouse: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const table = args.table ? sanitizeName(args.table) : tableNameFor(file);
  try {
    const options = scaffoldOptions(settings, table, layers, args.partitionBy);
    const report = scaffoldSample(file, bytes, truncated, options, { decimals: settings.decimals, integers: settings.integers, maxRows: settings.sampleRows });
    if (args.json) io.out(`${JSON.stringify({ file, table, ...describeScaffold(report) }, null, 2)}\n`);
    else io.out(scaffoldDocument(report.scaffold, options, basename(file)));
    return 0;
  } catch (e) {
    io.err(`lakehouse: ${basename(file)}: ${(e as Error).message}\n`);
    return 1;
  }
}

function emit(args: Args, io: Io, names: string[], rows: (string | number | boolean)[][]): void {
  const table = { columns: names.map((name) => ({ name, type: 'varchar' })), rows };
  if (args.format === 'json') io.out(`${JSON.stringify(rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))))}\n`);
  else io.out(args.format === 'csv' ? toCsv(table) : toAligned(table));
}

if (require.main === module) {
  void main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then((code) => {
    process.exitCode = code;
  });
}
