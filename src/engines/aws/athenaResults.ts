import { GetQueryResultsCommand, type AthenaClient, type ColumnInfo as AthenaColumnInfo, type Row as AthenaRow } from '@aws-sdk/client-athena';
import { AthenaCsvParser, type CsvField } from '../../core/results/athenaCsv';
import { athenaColumnType, cellReader, type CellReader } from '../../core/results/typing';
import type { ColumnInfo, Row } from '../types';
import { awsCall, type AwsCallContext } from './errors';
import type { S3ObjectStore } from './s3Store';

/** GetQueryResults returns at most this many rows per call. */
export const RESULTS_PAGE = 1000;
/** Rows handed on per batch when streaming the CSV. */
const CSV_BATCH_ROWS = 4096;

export interface ResultMetadata {
  readonly columns: readonly ColumnInfo[];
  /** The first page's rows (header included for DML), when it was fetched along with the metadata. */
  readonly firstPage: readonly AthenaRow[];
  readonly nextToken?: string;
}

export function toColumns(info: readonly AthenaColumnInfo[] | undefined): ColumnInfo[] {
  return (info ?? []).map((c) => ({ name: c.Name ?? c.Label ?? '', type: athenaColumnType(c.Type ?? 'varchar', c.Precision, c.Scale) }));
}

export async function fetchMetadata(athena: AthenaClient, id: string, maxResults: number, ctx: AwsCallContext): Promise<ResultMetadata> {
  const r = await awsCall(ctx, () => athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: maxResults })));
  return { columns: toColumns(r.ResultSet?.ResultSetMetadata?.ColumnInfo), firstPage: r.ResultSet?.Rows ?? [], ...(r.NextToken ? { nextToken: r.NextToken } : {}) };
}

const readersFor = (columns: readonly ColumnInfo[]): CellReader[] => columns.map((c) => cellReader(c.type));

function typeRow(fields: readonly CsvField[], readers: readonly CellReader[]): Row {
  const row = new Array<Row[number]>(readers.length);
  for (let i = 0; i < readers.length; i++) row[i] = (readers[i] as CellReader)(fields[i] ?? null);
  return row;
}

/**
 * Rows from the result CSV Athena wrote to S3, typed by column, as the object streams in: no
 * 1,000-row pages, no JSON per value. The header record is checked against the column names.
 */
export async function* streamCsvRows(store: S3ObjectStore, uri: string, columns: readonly ColumnInfo[], signal?: AbortSignal): AsyncGenerator<readonly Row[]> {
  const readers = readersFor(columns);
  const parser = new AthenaCsvParser();
  const decoder = new TextDecoder('utf-8');
  let records: CsvField[][] = [];
  let headerSeen = false;
  const typed = function* (final: boolean): Generator<readonly Row[]> {
    let start = 0;
    if (!headerSeen && records.length) {
      const header = records[0] ?? [];
      if (header.length !== columns.length) throw new Error(`The result CSV at ${uri} has ${header.length} columns; the query has ${columns.length}.`);
      headerSeen = true;
      start = 1;
    }
    if (records.length - start >= CSV_BATCH_ROWS || (final && records.length > start)) {
      const batch = new Array<Row>(records.length - start);
      for (let i = start; i < records.length; i++) batch[i - start] = typeRow(records[i] as CsvField[], readers);
      records = [];
      yield batch;
    } else if (start) {
      records = records.slice(start);
    }
  };
  for await (const chunk of store.stream(uri, signal)) {
    if (signal?.aborted) return;
    parser.push(decoder.decode(chunk, { stream: true }), records);
    yield* typed(false);
  }
  parser.push(decoder.decode(), records);
  parser.end(records);
  yield* typed(true);
}

/** True when a DML result's first row is the header Athena puts before the data. */
function isHeader(row: AthenaRow | undefined, columns: readonly ColumnInfo[]): boolean {
  const data = row?.Data ?? [];
  return data.length === columns.length && data.every((d, i) => d.VarCharValue === columns[i]?.name);
}

/** Rows through GetQueryResults, 1,000 per call: the fallback when the result object can't be read. */
export async function* pageRows(
  athena: AthenaClient,
  id: string,
  meta: ResultMetadata,
  statementType: string | undefined,
  ctx: AwsCallContext,
  signal?: AbortSignal,
): AsyncGenerator<readonly Row[]> {
  const readers = readersFor(meta.columns);
  const toRow = (r: AthenaRow): Row => typeRow((r.Data ?? []).map((d) => d.VarCharValue ?? null), readers);
  let rows = meta.firstPage;
  if (statementType !== 'DDL' && isHeader(rows[0], meta.columns)) rows = rows.slice(1);
  let token = meta.nextToken;
  if (rows.length) yield rows.map(toRow);
  while (token && !signal?.aborted) {
    const next: string = token;
    const r = await awsCall(ctx, () => athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: RESULTS_PAGE, NextToken: next }), signal ? { abortSignal: signal } : {}));
    const page = r.ResultSet?.Rows ?? [];
    if (page.length) yield page.map(toRow);
    token = r.NextToken;
  }
}
