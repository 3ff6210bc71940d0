import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import type { ColumnInfo, QueryExecution, QueryStats, Row } from '../types';
import { intervalText } from '../../core/results/trinoText';
import { athenaTypeName } from './types';

let counter = 0;
/** Local execution ids look like Athena's (a UUID-ish string), unique in this process. */
export function newExecutionId(): string {
  counter++;
  const rand = Math.random().toString(16).slice(2, 10).padEnd(8, '0');
  return `local-${Date.now().toString(16)}-${counter.toString(16).padStart(4, '0')}-${rand}`;
}

/** Nested values (lists, structs, maps) are shown as their JSON text; intervals as Trino prints them. */
export function toCell(value: unknown): Row[number] {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return intervalText(value) ?? JSON.stringify(value);
}

/**
 * A date or timestamp's text as Trino writes it: DuckDB writes a year before 1 as `2014-02-02 (BC)`
 * (1 BC is year 0 for Trino, so 2014 BC is -2013) and a year past 9999 without its sign.
 */
export function temporalCell(value: Row[number]): Row[number] {
  // The common case, a year of four digits after 0: one character compare and one search.
  if (typeof value !== 'string' || (value.charCodeAt(4) === 45 && !value.includes('(BC)'))) return value;
  const bc = /^(\d{4,})-(\d\d-\d\d) \(BC\)(.*)$/.exec(value);
  if (bc) return `-${String(Number(bc[1]) - 1).padStart(4, '0')}-${bc[2] ?? ''}${bc[3] ?? ''}`;
  return /^\d{5,}-/.test(value) ? `+${value}` : value;
}

/**
 * A timestamp's text with `digits` fractional digits, as Athena writes a timestamp(p) (DuckDB
 * writes `…12.5` and `…12` for `…12.500` and `…12.000`); text with more digits, or of another
 * form, as it is.
 */
export function timestampText(value: Row[number], digits: number): Row[number] {
  if (typeof value !== 'string' || digits <= 0) return value;
  // The seconds end two characters after the last colon; a fraction follows a dot there.
  const seconds = value.lastIndexOf(':') + 3;
  if (seconds < 3 || seconds > value.length) return value;
  if (seconds === value.length) return `${value}.${'0'.repeat(digits)}`;
  const have = value.length - seconds - 1;
  return value.charCodeAt(seconds) === 46 && have < digits ? value + '0'.repeat(digits - have) : value;
}

/** An async sequence of one batch (none when it is empty). */
function once(rows: readonly Row[]): AsyncIterable<readonly Row[]> {
  return {
    [Symbol.asyncIterator]() {
      let done = rows.length === 0;
      return {
        next: () => {
          const result: IteratorResult<readonly Row[]> = done ? { done: true, value: undefined } : { done: false, value: rows };
          done = true;
          return Promise.resolve(result);
        },
      };
    },
  };
}

/** A result computed without DuckDB (DDL, SHOW, DESCRIBE). */
export function staticExecution(columns: readonly ColumnInfo[], rows: readonly Row[], startedAt: number, bytesScanned: number | undefined = 0): QueryExecution {
  const elapsedMs = performance.now() - startedAt;
  const stats: QueryStats = bytesScanned === undefined ? { state: 'SUCCEEDED', elapsedMs } : { state: 'SUCCEEDED', elapsedMs, bytesScanned };
  return {
    id: newExecutionId(),
    columns,
    batches: () => once(rows),
    stats: () => stats,
    close: () => undefined,
  };
}

/** A DuckDB streaming result, read chunk by chunk, on a connection it owns. */
export function streamingExecution(
  connection: DuckDBConnection,
  result: DuckDBResult,
  startedAt: number,
  bytesScanned: number | undefined,
  onClose: () => void,
  /** The result's column names as Athena gives them, from the engine's. */
  rename: (names: readonly string[]) => readonly string[] = (n) => n,
  /** Whether the run was cancelled: checked before each chunk is asked of DuckDB. */
  cancelled: () => boolean = () => false,
  /** The fractional digits of each timestamp column whose precision is known, from the engine's names. */
  digits: (names: readonly string[]) => readonly (number | undefined)[] = () => [],
): QueryExecution {
  const engineNames = result.columnNames();
  const names = rename(engineNames);
  const types = result.columnTypes();
  const columns = names.map((name, i) => ({ name, type: athenaTypeName(String(types[i])) }));
  const temporal = types.map((t) => /^(DATE|TIMESTAMP)/.test(String(t)));
  const known = digits(engineNames);
  const fraction = types.map((t, i) => (/^TIMESTAMP(_MS|_S|_NS)?$/.test(String(t)) ? known[i] : undefined));
  // DuckDB sums integers into a HUGEINT; Trino's sum is a bigint, and fails past its range.
  const huge = types.map((t) => String(t) === 'HUGEINT');
  const cell = (v: unknown, i: number): Row[number] => {
    if (!temporal[i]) return huge[i] ? bigintCell(toCell(v)) : toCell(v);
    const text = temporalCell(toCell(v));
    const p = fraction[i];
    return p === undefined ? text : timestampText(text, p);
  };
  let state: QueryStats['state'] = 'RUNNING';
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    if (state === 'RUNNING') state = 'CANCELLED';
    onClose();
    connection.closeSync();
  };
  return {
    id: newExecutionId(),
    columns,
    async *batches() {
      try {
        // An interrupt only stops what DuckDB is running: one that came between two chunks would
        // be lost, and the next chunk (a whole aggregate, say) computed. So look before each.
        const chunks = result.yieldRowsJson()[Symbol.asyncIterator]();
        for (;;) {
          if (cancelled()) {
            closed = true;
            throw new Error('Query cancelled.');
          }
          const next = await chunks.next();
          if (next.done) break;
          if (closed) return;
          if (next.value.length) yield next.value.map((r) => r.map(cell));
        }
        state = 'SUCCEEDED';
      } catch (e) {
        state = closed ? 'CANCELLED' : 'FAILED';
        throw e;
      }
    },
    stats: () => ({ state, elapsedMs: performance.now() - startedAt, ...(bytesScanned === undefined ? {} : { bytesScanned }) }),
    close,
  };
}

const BIGINT_MAX = 2n ** 63n - 1n;
/** A HUGEINT cell as Trino's bigint: the same text, or Trino's overflow error past its range. */
function bigintCell(v: Row[number]): Row[number] {
  if (typeof v !== 'string' || v.length < 19) return v;
  const n = BigInt(v);
  if (n > BIGINT_MAX || n < -BIGINT_MAX - 1n) throw new Error(`bigint addition overflow: ${v} does not fit in a bigint`);
  return v;
}

/** DuckDB messages carry `LINE n:` and a caret under the column; turn them into a position. */
export function positionFromDuckDBError(message: string): { line: number; column: number } | undefined {
  const m = /LINE (\d+): (.*)\n(\s*)\^/.exec(message);
  if (!m) return undefined;
  const prefix = `LINE ${m[1] ?? '1'}: `.length;
  return { line: Number(m[1]), column: Math.max(1, (m[3]?.length ?? 0) - prefix + 1) };
}
