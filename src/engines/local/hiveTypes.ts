import { splitTopLevel } from './sqlText';

/** Hive/Glue column types → DuckDB types (what the local engine casts values to). */

export interface ParsedType {
  readonly base: string;
  readonly args: readonly string[];
}

/** Splits `map<string,array<int>>` → base `map`, args [`string`, `array<int>`]. */
export function parseHiveType(type: string): ParsedType {
  const t = type.trim().toLowerCase();
  const open = t.search(/[<(]/);
  if (open < 0) return { base: t, args: [] };
  const base = t.slice(0, open).trim();
  return { base, args: splitTopLevel(t.slice(open + 1, t.length - 1)) };
}

export function duckType(hiveType: string): string {
  const { base, args } = parseHiveType(hiveType);
  switch (base) {
    case 'string':
    case 'varchar':
    case 'char':
      return 'VARCHAR';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'int':
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${args[0] ?? '10'},${args[1] ?? '0'})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'binary':
    case 'varbinary':
      return 'BLOB';
    case 'array':
      return `${duckType(args[0] ?? 'string')}[]`;
    case 'map':
      return `MAP(${duckType(args[0] ?? 'string')}, ${duckType(args[1] ?? 'string')})`;
    case 'struct':
      return `STRUCT(${args
        .map((f) => {
          const i = f.indexOf(':');
          return `"${f.slice(0, i).trim().replace(/"/g, '""')}" ${duckType(f.slice(i + 1))}`;
        })
        .join(', ')})`;
    default:
      throw new Error(`The local engine does not support the column type '${hiveType}'.`);
  }
}

export const isIntegerType = (t: string): boolean => ['tinyint', 'smallint', 'int', 'integer', 'bigint'].includes(parseHiveType(t).base);
export const isFloatingType = (t: string): boolean => ['float', 'real', 'double', 'decimal'].includes(parseHiveType(t).base);
export const isStringType = (t: string): boolean => ['string', 'varchar', 'char'].includes(parseHiveType(t).base);

/** DuckDB result types → the Hive/Glue type a CTAS table stores for the column. */
export function hiveTypeFromDuck(duck: string): string {
  const t = duck.trim();
  const up = t.toUpperCase();
  const simple: Record<string, string> = {
    VARCHAR: 'string',
    BOOLEAN: 'boolean',
    TINYINT: 'tinyint',
    SMALLINT: 'smallint',
    INTEGER: 'int',
    BIGINT: 'bigint',
      // An integer sum: a bigint in Trino (a CTAS writes it as one).
    HUGEINT: 'bigint',
    UTINYINT: 'smallint',
    USMALLINT: 'int',
    UINTEGER: 'bigint',
    UBIGINT: 'decimal(20,0)',
    FLOAT: 'float',
    DOUBLE: 'double',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    TIMESTAMP_MS: 'timestamp',
    TIMESTAMP_NS: 'timestamp',
    TIMESTAMP_S: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamp',
    BLOB: 'binary',
    '"NULL"': 'string',
    NULL: 'string',
  };
  const hit = simple[up];
  if (hit) return hit;
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(t);
  if (dec) return `decimal(${dec[1]},${dec[2]})`;
  if (t.endsWith('[]')) return `array<${hiveTypeFromDuck(t.slice(0, -2))}>`;
  const m = /^(\w+)\((.*)\)$/s.exec(t);
  if (m) {
    const parts = splitTopLevel(m[2] ?? '');
    if ((m[1] ?? '').toUpperCase() === 'MAP') return `map<${parts.map(hiveTypeFromDuck).join(',')}>`;
    if ((m[1] ?? '').toUpperCase() === 'STRUCT') {
      return `struct<${parts
        .map((p) => {
          const f = /^("(?:[^"]|"")*"|\S+)\s+(.*)$/s.exec(p.trim());
          const name = (f?.[1] ?? p).replace(/^"|"$/g, '');
          return `${name}:${hiveTypeFromDuck(f?.[2] ?? 'VARCHAR')}`;
        })
        .join(',')}>`;
    }
  }
  throw new Error(`A CTAS column of type ${duck} cannot be stored in the catalog.`);
}
