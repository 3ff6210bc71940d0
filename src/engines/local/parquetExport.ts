import type * as DuckDB from '@duckdb/node-api';
import { sqlString } from './sqlText';

/** A result column's Athena type → the Parquet column DuckDB writes (nested and exotic types as text). */
export function parquetColumnType(athenaType: string): string {
  const t = athenaType.trim().toLowerCase();
  const base = t.replace(/[\s(].*$/, '');
  switch (base) {
    case 'tinyint':
    case 'smallint':
    case 'bigint':
    case 'boolean':
    case 'date':
    case 'double':
      return base.toUpperCase();
    case 'int':
    case 'integer':
      return 'INTEGER';
    case 'real':
    case 'float':
      return 'FLOAT';
    case 'decimal': {
      const m = /^decimal\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(t);
      const precision = Math.min(38, Number(m?.[1] ?? 38));
      return `DECIMAL(${precision},${Math.min(precision, Number(m?.[2] ?? 0))})`;
    }
    case 'timestamp':
      // With a time zone the text keeps the zone; Parquet timestamps would lose it.
      return t.includes('with time zone') ? 'VARCHAR' : 'TIMESTAMP';
    default:
      return 'VARCHAR';
  }
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Converts a JSON-lines export of a result into a Parquet file with typed columns (DuckDB reads
 * the text and writes Parquet, streaming). When a value does not fit its column's type, the file
 * is written with every column as text instead, and `typed` is false.
 */
export async function jsonLinesToParquet(
  jsonlPath: string,
  /** `key`: the column's key in the JSON lines; `name`: its name in the Parquet file. */
  columns: readonly { readonly key: string; readonly name: string; readonly type: string }[],
  parquetPath: string,
  load: () => Promise<typeof DuckDB> = () => import('@duckdb/node-api'),
): Promise<{ readonly typed: boolean }> {
  const duckdb = await load();
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    // Every column is read as text first: JSON numbers and strings alike, nothing guessed.
    const spec = `{${columns.map((col) => `${sqlString(col.key)}: 'VARCHAR'`).join(', ')}}`;
    const source = `read_json(${sqlString(jsonlPath)}, format = 'newline_delimited', columns = ${spec})`;
    const write = async (select: string): Promise<void> => {
      await c.run(`COPY (SELECT ${select} FROM ${source}) TO ${sqlString(parquetPath)} (FORMAT parquet, COMPRESSION zstd)`);
    };
    try {
      await write(columns.map((col) => `CAST(${ident(col.key)} AS ${parquetColumnType(col.type)}) AS ${ident(col.name)}`).join(', ') || '*');
      return { typed: true };
    } catch {
      await write(columns.map((col) => `${ident(col.key)} AS ${ident(col.name)}`).join(', ') || '*');
      return { typed: false };
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
