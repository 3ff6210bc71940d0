import type { Table } from '../core/catalog/model';
import { dataFormat } from '../core/catalog/model';
import type { CatalogIndex, SearchHit } from '../core/catalog/search';
import { estimateLabel, type Estimate } from '../core/cost/estimate';
import { quotedName } from '../core/sql/identifiers';
import { splitStatements } from '../core/sql/splitter';
import { classifyStatement, type StatementInfo } from '../core/sql/statementKind';
import { catalogSearchIndex } from './catalogSearch';
import { runAndCollect } from './collect';
import { ctasLocationProblem } from './ctasGuard';
import type { Estimator } from './estimator';
import type { Backend } from './backend';

/**
 * What an agent may do with the lakehouse, the same for every face (the `lakehouse mcp` server,
 * and the extension's language-model tools): search the catalog, describe a table, estimate a
 * statement, run one, sample rows. Every statement is checked before it runs: one statement, a
 * read unless writes are allowed, never a destructive one unless that is allowed too, a CTAS never
 * into a non-empty location, and its estimate within the dollar limit. Rows are capped.
 */
export interface AgentPolicy {
  /** DDL and DML (CREATE, INSERT, CTAS…) may run; reads always may. */
  readonly allowWrite: boolean;
  /** Statements that lose data (DROP, DELETE, INSERT OVERWRITE…) may run; needs allowWrite too. */
  readonly allowDestructive: boolean;
  /** A statement whose estimate (what Athena would bill) is above this many dollars is refused. */
  readonly maxUsd: number;
  /** Rows returned to the agent at most. */
  readonly maxRows: number;
}

export const DEFAULT_POLICY: AgentPolicy = { allowWrite: false, allowDestructive: false, maxUsd: 1, maxRows: 100 };

/** The backend the tools work on (its owner disposes it). */
export type AgentBackend = Omit<Backend, 'dispose'>;

/** A refusal the agent can act on (it says why and what would be allowed). */
export class Refused extends Error {
  override readonly name = 'Refused';
}

/** Whether `e` is a refusal (by name: the MCP bundle and the CLI's each have the class). */
export const isRefusal = (e: unknown): e is Refused => e instanceof Error && e.name === 'Refused';

export interface TableDescription {
  readonly table: string;
  readonly type: string;
  readonly format: string;
  readonly location?: string;
  readonly description?: string;
  readonly columns: readonly { name: string; type: string; comment?: string }[];
  readonly partitionKeys: readonly { name: string; type: string; comment?: string }[];
  readonly viewSql?: string;
}

export interface EstimateSummary {
  readonly sql: string;
  readonly kind: Estimate['kind'];
  readonly bytes: number;
  readonly billedBytes: number;
  readonly costUsd: number;
  readonly upperBound: boolean;
  readonly label: string;
  readonly tables: readonly { table: string; bytes: number; objects: number; method: string }[];
  readonly missing: readonly string[];
  readonly reason?: string;
}

export interface QueryAnswer {
  readonly sql: string;
  readonly estimate: EstimateSummary;
  readonly columns: readonly { name: string; type: string }[];
  readonly rows: readonly Record<string, unknown>[];
  /** More rows exist than were returned (the cap, or the engine's limit). */
  readonly truncated: boolean;
  readonly rowCount: number;
  readonly bytesScanned?: number;
  readonly elapsedMs: number;
}

export class AgentTools {
  private index: Promise<CatalogIndex> | undefined;

  constructor(
    private readonly backend: AgentBackend,
    private readonly estimator: Estimator,
    readonly policy: AgentPolicy = DEFAULT_POLICY,
    private readonly database = 'default',
    private readonly pricePerTbUsd?: number,
  ) {}

  private estimate(sql: string, database: string): Promise<Estimate> {
    return this.estimator.estimate(sql, { database, ...(this.pricePerTbUsd ? { pricePerTbUsd: this.pricePerTbUsd } : {}) });
  }

  /** Tables and views a question is about, best first. The index is built once (forget() rebuilds it). */
  async searchCatalog(question: string, limit = 10): Promise<SearchHit[]> {
    this.index ??= catalogSearchIndex(this.backend.catalog, this.backend.catalogName);
    try {
      return (await this.index).search(question, Math.max(1, Math.min(limit, 50)));
    } catch (e) {
      this.index = undefined;
      throw e;
    }
  }

  /** The catalog changed (a statement created or dropped something): search reads it again. */
  forget(): void {
    this.index = undefined;
    this.estimator.refresh();
  }

  async describeTable(database: string, table: string): Promise<TableDescription> {
    const t = await this.backend.catalog.getTable(this.backend.catalogName, database, table);
    if (!t) throw new Refused(`${database}.${table} is not in the catalog; search_catalog lists the tables there are.`);
    return describe(t);
  }

  async estimateQuery(sql: string, database = this.database): Promise<EstimateSummary> {
    const statement = single(sql);
    return summarise(statement, await this.estimate(statement, database));
  }

  /** Checks `sql` against the policy and its estimate, then runs it and returns capped rows. */
  async runQuery(sql: string, database = this.database, maxRows = this.policy.maxRows): Promise<QueryAnswer> {
    const statement = single(sql);
    const info = classifyStatement(statement);
    this.checkKind(info);
    const estimate = summarise(statement, await this.estimate(statement, database));
    if (estimate.kind === 'scan' && estimate.costUsd > this.policy.maxUsd) {
      throw new Refused(`refused before running: the estimate is ${estimate.label}, above the limit of $${this.policy.maxUsd} per query. Narrow it (partitions, columns, LIMIT does not reduce the scan).`);
    }
    if (estimate.kind === 'unknown' && this.backend.kind === 'athena') {
      throw new Refused(`refused before running: its cost cannot be estimated (${estimate.reason ?? 'unknown'}), so the $${this.policy.maxUsd} limit cannot be checked.`);
    }
    const ctas = await ctasLocationProblem(statement, info, this.backend.store);
    if (ctas) throw new Refused(ctas);
    const cap = Math.max(1, Math.min(maxRows, this.policy.maxRows));
    const outcome = await runAndCollect(this.backend.engine, { sql: statement, database }, cap);
    if (!outcome.ok) throw new Error(outcome.message);
    if (info.kind !== 'query' && info.kind !== 'explain') this.forget();
    const { result } = outcome;
    return {
      sql: statement,
      estimate,
      columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
      rows: result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] ?? null]))),
      truncated: result.truncated,
      rowCount: result.rows.length,
      ...(result.stats.bytesScanned === undefined ? {} : { bytesScanned: result.stats.bytesScanned }),
      elapsedMs: Math.round(result.stats.elapsedMs),
    };
  }

  /**
   * Whether the engine accepts a statement against the catalog, without reading data: its
   * EXPLAIN (free on Athena; on the local engine, planned by DuckDB after translation). The
   * engine's message says which table, column or function it does not know.
   */
  async validate(sql: string, database = this.database): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }> {
    const statement = single(sql);
    const outcome = await runAndCollect(this.backend.engine, { sql: `EXPLAIN ${statement}`, database }, 1);
    return outcome.ok ? { ok: true } : { ok: false, message: outcome.message };
  }

  /** A few rows of a table (`SELECT * … LIMIT n`, identifiers quoted), through runQuery's checks. */
  sampleRows(database: string, table: string, rows = 10): Promise<QueryAnswer> {
    const n = Math.max(1, Math.min(Math.floor(rows), this.policy.maxRows));
    return this.runQuery(`SELECT * FROM ${quotedName(database, table)} LIMIT ${n}`, database, n);
  }

  private checkKind(info: StatementInfo): void {
    const read = info.kind === 'query' || info.kind === 'explain';
    if (!read && !this.policy.allowWrite) {
      throw new Refused(`refused: ${info.verb || 'this statement'} writes to the lakehouse, and this session is read-only (start the server with --allow-write to permit DDL and DML).`);
    }
    if (info.destructive && !this.policy.allowDestructive) {
      throw new Refused(`refused: it would ${info.destructive.action} ${info.destructive.target} (${info.destructive.dataNote}). Destructive statements need --allow-destructive.`);
    }
  }
}

/** The one statement of `sql` (an agent sends one at a time). */
function single(sql: string): string {
  const statements = splitStatements(sql);
  if (statements.length !== 1) throw new Refused(statements.length ? `send one statement at a time (got ${statements.length})` : 'no SQL statement given');
  return statements[0]?.text ?? '';
}

function summarise(sql: string, e: Estimate): EstimateSummary {
  return {
    sql,
    kind: e.kind,
    bytes: e.bytes,
    billedBytes: e.billedBytes,
    costUsd: e.costUsd,
    upperBound: e.upperBound,
    label: estimateLabel(e),
    tables: e.tables.map((t) => ({ table: t.table, bytes: t.bytes, objects: t.objects, method: t.method })),
    missing: e.missing,
    ...(e.reason ? { reason: e.reason } : {}),
  };
}

function describe(t: Table): TableDescription {
  const column = (c: { name: string; type: string; comment?: string }): { name: string; type: string; comment?: string } => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) });
  return {
    table: `${t.database}.${t.name}`,
    type: t.tableType === 'VIRTUAL_VIEW' ? 'view' : 'table',
    format: dataFormat(t),
    ...(t.storage.location ? { location: t.storage.location } : {}),
    ...(t.description ? { description: t.description } : {}),
    columns: t.storage.columns.map(column),
    partitionKeys: t.partitionKeys.map(column),
    ...(t.viewText ? { viewSql: t.viewText } : {}),
  };
}
