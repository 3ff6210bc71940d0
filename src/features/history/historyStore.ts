import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** One run, as the Query History keeps it across restarts. */
export interface HistoryRecord {
  readonly id: string;
  readonly statement: string;
  readonly engine: string;
  /** The connection it ran on: "Local lakehouse" or "profile · region · workgroup". */
  readonly connection: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly rows?: number;
  readonly truncated?: boolean;
  readonly bytesScanned?: number;
  readonly costUsd?: number;
  /** The scan estimate made before the run (bytes), and whether it was an upper bound. */
  readonly estimatedBytes?: number;
  readonly estimateUpperBound?: boolean;
  readonly message?: string;
  /** The engine's execution id (Athena's QueryExecutionId). */
  readonly queryId?: string;
  /** Athena: where the result was written, to re-open it later. */
  readonly outputLocation?: string;
  readonly database?: string;
}

const STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

function isRecord(v: unknown): v is HistoryRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.statement === 'string' &&
    typeof r.engine === 'string' &&
    typeof r.connection === 'string' &&
    typeof r.startedAt === 'string' &&
    typeof r.durationMs === 'number' &&
    typeof r.state === 'string' &&
    STATES.has(r.state)
  );
}

/**
 * History on disk as JSON lines, one record per line, appended. A crash mid-write can only leave
 * a partial last line, which loading skips: nothing recorded before is lost. When the file holds
 * well over the limit it is rewritten with the newest records through a temporary file and a
 * rename, which replaces it whole or not at all.
 */
export class HistoryStore {
  private count = 0;
  /** False when the file ends in a torn line: the next record must start on a line of its own. */
  private endsClean = true;

  constructor(
    private readonly file: string,
    private limit: number,
  ) {}

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
  }

  /** Records oldest first; malformed lines (a torn last write, a hand edit) are skipped. */
  load(): HistoryRecord[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    this.endsClean = text === '' || text.endsWith('\n');
    const records: HistoryRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as unknown;
        if (isRecord(v)) records.push(v);
      } catch {
        // a partial line from an interrupted write
      }
    }
    this.count = records.length;
    return records.slice(-this.limit);
  }

  append(record: HistoryRecord): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // A torn earlier line must not swallow this one: start on a fresh line if the file lacks one.
    appendFileSync(this.file, `${this.endsClean ? '' : '\n'}${JSON.stringify(record)}\n`);
    this.endsClean = true;
    this.count++;
    if (this.count > this.limit + Math.max(10, Math.floor(this.limit / 2))) this.compact(this.load());
  }

  /** Rewrites the file with `records` (the newest `limit` of them), atomically. */
  compact(records: readonly HistoryRecord[]): void {
    const keep = records.slice(-this.limit);
    const tmp = `${this.file}.${process.pid}.tmp`;
    mkdirSync(dirname(this.file), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, keep.map((r) => `${JSON.stringify(r)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.count = keep.length;
    this.endsClean = true;
  }
}
