import {
  GetQueryExecutionCommand,
  GetWorkGroupCommand,
  type WorkGroupConfiguration,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution as AthenaQueryExecution,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { awsConnectionLabel } from '../../core/aws/settings';
import { parseAthenaStatement } from '../../core/sql/athenaStatement';
import type { ColumnInfo, QueryEngine, QueryExecution, QueryFailure, QueryRequest, QueryState, QueryStats, Row, StartOutcome } from '../types';
import { fetchMetadata, pageRows, streamCsvRows, type ResultMetadata } from './athenaResults';
import type { AwsSettings } from './clients';
import { awsCall, AwsProblem, errorPosition, type AwsCallContext } from './errors';
import type { S3ObjectStore } from './s3Store';

export interface AthenaEngineOptions {
  /** First wait between GetQueryExecution polls; it grows by `pollFactor` up to `pollMaxMs`. */
  readonly pollInitialMs?: number;
  readonly pollMaxMs?: number;
  readonly pollFactor?: number;
  /** `csv` (default) streams the result object from S3 and falls back to paging; `paging` only pages. */
  readonly resultSource?: 'csv' | 'paging';
}

/** How the rows of an execution were read, for the log and the tests. */
export type ResultSource = 'csv' | 'paging' | 'paging-after-csv-failed';

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

function statsOf(q: AthenaQueryExecution | undefined, state: QueryState, elapsedMs: number): QueryStats {
  const s = q?.Statistics;
  return {
    state,
    elapsedMs,
    ...(s?.DataScannedInBytes !== undefined ? { bytesScanned: s.DataScannedInBytes } : {}),
    ...(s?.EngineExecutionTimeInMillis !== undefined ? { engineMs: s.EngineExecutionTimeInMillis } : {}),
    ...(s?.QueryQueueTimeInMillis !== undefined ? { queueMs: s.QueryQueueTimeInMillis } : {}),
    ...(s?.ResultReuseInformation?.ReusedPreviousResult !== undefined ? { reusedPreviousResult: s.ResultReuseInformation.ReusedPreviousResult } : {}),
  };
}

/**
 * Athena behind the QueryEngine interface: start with the session's catalog and database, poll
 * with backoff, stop the execution when the caller cancels, then read the rows, streamed from the
 * result CSV in S3 (typed by the column types GetQueryResults reports) rather than paged.
 */
export class AthenaEngine implements QueryEngine {
  readonly label: string;
  private workgroupConfig: Promise<WorkGroupConfiguration | undefined> | undefined;

  constructor(
    private readonly athena: AthenaClient,
    private readonly store: S3ObjectStore,
    private readonly settings: AwsSettings,
    private readonly options: AthenaEngineOptions = {},
  ) {
    this.label = `Athena (${awsConnectionLabel(settings)})`;
  }

  /** The region the client resolved (from the profile or the environment when the settings name none). */
  private resolvedRegion: string | undefined;

  consoleUrl(executionId: string): string | undefined {
    const region = this.settings.region ?? this.resolvedRegion;
    if (!region || !/^[A-Za-z0-9-]+$/.test(executionId)) return undefined;
    return `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor/history/${executionId}`;
  }

  async start(request: QueryRequest): Promise<StartOutcome> {
    const started = performance.now();
    this.resolvedRegion ??= await this.athena.config.region().catch(() => undefined);
    const signal = request.signal;
    let id: string | undefined;
    try {
      id = await this.submit(request);
      if (signal?.aborted) return await this.cancel(id, started);
      const q = await this.waitForCompletion(id, started, signal);
      const readyAt = performance.now();
      if ('ok' in q) return q;
      const state = q.Status?.State;
      if (state === 'CANCELLED') return { ok: false, cancelled: true, message: `The query was cancelled (${id}).`, stats: statsOf(q, 'CANCELLED', performance.now() - started) };
      if (state === 'FAILED') return this.failure(q, performance.now() - started);
      return { ok: true, execution: await this.execution(q, started, signal, readyAt) };
    } catch (e) {
      if (signal?.aborted && id) return this.cancel(id, started);
      if (e instanceof AwsProblem) return { ok: false, cancelled: false, message: e.message, ...(e.fixCommand ? { fixCommand: e.fixCommand } : {}) };
      throw e;
    }
  }

  async reopen(executionId: string, signal?: AbortSignal): Promise<StartOutcome> {
    const started = performance.now();
    try {
      const r = await awsCall(this.ctx('athena:GetQueryExecution', executionId), () => this.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId })));
      const q = r.QueryExecution;
      if (q?.Status?.State !== 'SUCCEEDED') return { ok: false, cancelled: false, message: `Execution ${executionId} has no result to open (it is ${q?.Status?.State ?? 'unknown'}).` };
      return { ok: true, execution: await this.execution(q, started, signal, performance.now()) };
    } catch (e) {
      if (e instanceof AwsProblem) return { ok: false, cancelled: false, message: e.message, ...(e.fixCommand ? { fixCommand: e.fixCommand } : {}) };
      throw e;
    }
  }

  dispose(): void {
    // The clients belong to the backend; nothing of the engine's own outlives a query.
  }

  private ctx(action: string, resource?: string): AwsCallContext {
    return { action, ...(resource ? { resource } : {}), ...(this.settings.profile ? { profile: this.settings.profile } : {}) };
  }

  private async submit(request: QueryRequest): Promise<string> {
    const parsed = parseAthenaStatement(request.sql);
    const isQuery = parsed.ok && parsed.statement.kind === 'query';
    const enforced = await this.workgroupEnforcesResults();
    const input: StartQueryExecutionCommandInput = {
      QueryString: request.sql,
      WorkGroup: this.settings.workgroup,
      ...(request.database || request.catalog
        ? { QueryExecutionContext: { ...(request.database ? { Database: request.database } : {}), ...(request.catalog ? { Catalog: request.catalog } : {}) } }
        : {}),
      ...(this.settings.outputLocation && !enforced ? { ResultConfiguration: { OutputLocation: this.settings.outputLocation } } : {}),
      ...(this.settings.resultReuseMinutes > 0 && isQuery
        ? { ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: this.settings.resultReuseMinutes } } }
        : {}),
      ...(request.parameters?.length ? { ExecutionParameters: [...request.parameters] } : {}),
    };
    const r = await awsCall(this.ctx('athena:StartQueryExecution', `workgroup ${this.settings.workgroup}`), () => this.athena.send(new StartQueryExecutionCommand(input)));
    if (!r.QueryExecutionId) throw new AwsProblem('unknown', 'Athena accepted the query but returned no execution id.');
    return r.QueryExecutionId;
  }

  /** The workgroup's configuration, read once (undefined when it cannot be read, e.g. no athena:GetWorkGroup). */
  private workgroup(): Promise<WorkGroupConfiguration | undefined> {
    this.workgroupConfig ??= awsCall(this.ctx('athena:GetWorkGroup', `workgroup ${this.settings.workgroup}`), () => this.athena.send(new GetWorkGroupCommand({ WorkGroup: this.settings.workgroup })))
      .then((r) => r.WorkGroup?.Configuration ?? {})
      .catch(() => {
        this.workgroupConfig = undefined;
        return undefined;
      });
    return this.workgroupConfig;
  }

  /** A workgroup that enforces its configuration rejects a client-side result location. */
  private async workgroupEnforcesResults(): Promise<boolean> {
    // Unknown: send our location; Athena says if it objects.
    const c = await this.workgroup();
    return Boolean(c?.EnforceWorkGroupConfiguration && c.ResultConfiguration?.OutputLocation);
  }

  /** The workgroup's BytesScannedCutoffPerQuery: Athena cancels a query that scans more. */
  async scanCutoffBytes(): Promise<number | undefined> {
    return (await this.workgroup())?.BytesScannedCutoffPerQuery;
  }

  private async waitForCompletion(id: string, started: number, signal?: AbortSignal): Promise<AthenaQueryExecution | QueryFailure> {
    // The first poll right after StartQueryExecution, the next 100 ms later, then backing off
    // (×1.5 up to 2 s): a short query is seen SUCCEEDED within ~100 ms of finishing.
    let delay = this.options.pollInitialMs ?? 100;
    const factor = this.options.pollFactor ?? 1.5;
    const max = this.options.pollMaxMs ?? 2000;
    for (;;) {
      if (signal?.aborted) return this.cancel(id, started);
      const r = await awsCall(this.ctx('athena:GetQueryExecution', id), () => this.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const state = r.QueryExecution?.Status?.State;
      if (r.QueryExecution && (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED')) return r.QueryExecution;
      await sleep(delay, signal);
      delay = Math.min(max, delay * factor);
    }
  }

  private async cancel(id: string, started: number): Promise<QueryFailure> {
    await awsCall(this.ctx('athena:StopQueryExecution', id), () => this.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })));
    const after = await awsCall(this.ctx('athena:GetQueryExecution', id), () => this.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).catch(() => undefined);
    const state = after?.QueryExecution?.Status?.State;
    return {
      ok: false,
      cancelled: true,
      message: `Query cancelled: Athena stopped execution ${id}${state && state !== 'CANCELLED' ? ` (it reports ${state})` : ''}.`,
      stats: statsOf(after?.QueryExecution, 'CANCELLED', performance.now() - started),
    };
  }

  private failure(q: AthenaQueryExecution, elapsedMs: number): QueryFailure {
    const message = q.Status?.AthenaError?.ErrorMessage ?? q.Status?.StateChangeReason ?? 'Athena reports the query FAILED without a reason.';
    const position = errorPosition(message);
    return { ok: false, cancelled: false, message, ...(position ? { position } : {}), stats: statsOf(q, 'FAILED', elapsedMs) };
  }

  private async execution(q: AthenaQueryExecution, started: number, signal: AbortSignal | undefined, readyAt: number): Promise<AthenaExecution> {
    const id = q.QueryExecutionId ?? '';
    const output = q.ResultConfiguration?.OutputLocation;
    const streamable = this.options.resultSource !== 'paging' && q.StatementType === 'DML' && output?.toLowerCase().endsWith('.csv');
    // The CSV needs only the column metadata; paging takes a full first page with it.
    const meta = await fetchMetadata(this.athena, id, streamable ? 1 : 1000, this.ctx('athena:GetQueryResults', id));
    return new AthenaExecution(q, meta, started, readyAt, {
      athena: this.athena,
      store: this.store,
      csvUri: streamable ? output : undefined,
      ctx: this.ctx('athena:GetQueryResults', id),
      signal,
    });
  }
}

interface ReadParts {
  readonly athena: AthenaClient;
  readonly store: S3ObjectStore;
  readonly csvUri: string | undefined;
  readonly ctx: AwsCallContext;
  readonly signal: AbortSignal | undefined;
}

export class AthenaExecution implements QueryExecution {
  readonly id: string;
  readonly columns: readonly ColumnInfo[];
  /** How the rows were read; set once reading starts. */
  source: ResultSource | undefined;
  /** Why the CSV could not be read, when the rows came through paging instead. */
  csvProblem: string | undefined;
  private readonly abort = new AbortController();
  private finishedAt: number | undefined;

  constructor(
    readonly query: AthenaQueryExecution,
    private readonly meta: ResultMetadata,
    private readonly started: number,
    readonly readyAt: number,
    private readonly parts: ReadParts,
  ) {
    this.id = query.QueryExecutionId ?? '';
    this.columns = meta.columns;
    parts.signal?.addEventListener('abort', () => this.abort.abort(), { once: true });
  }

  /** The execution's output location (its result CSV for DML). */
  get outputLocation(): string | undefined {
    return this.query.ResultConfiguration?.OutputLocation;
  }

  async *batches(): AsyncIterable<readonly Row[]> {
    try {
      if (this.parts.csvUri) {
        let yielded = false;
        try {
          this.source = 'csv';
          for await (const batch of streamCsvRows(this.parts.store, this.parts.csvUri, this.columns, this.abort.signal)) {
            yielded = true;
            yield batch;
          }
          return;
        } catch (e) {
          // Before the first row the result can still come through the API (e.g. no s3:GetObject
          // on the result bucket); after it, switching sources could duplicate rows.
          if (yielded || this.abort.signal.aborted) throw e;
          this.csvProblem = e instanceof Error ? e.message : String(e);
          this.source = 'paging-after-csv-failed';
        }
      } else {
        this.source = 'paging';
      }
      yield* pageRows(this.parts.athena, this.id, this.meta, this.query.StatementType, this.parts.ctx, this.abort.signal);
    } finally {
      this.finishedAt = performance.now();
    }
  }

  stats(): QueryStats {
    return statsOf(this.query, 'SUCCEEDED', (this.finishedAt ?? performance.now()) - this.started);
  }

  close(): void {
    this.abort.abort();
  }
}
