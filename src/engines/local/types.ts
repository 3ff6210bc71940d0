import { splitTopLevel } from './sqlText';

/**
 * DuckDB type names → Athena type names, so results look the same on both engines. DuckDB's
 * `toString()` of a type gives its SQL spelling (`INTEGER`, `DECIMAL(10,2)`, `VARCHAR[]`,
 * `STRUCT(a INTEGER)`, `MAP(VARCHAR, INTEGER)`).
 */
const SIMPLE: Readonly<Record<string, string>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  // Only an integer sum gives a HUGEINT (Trino's is a bigint; see streamingExecution).
  HUGEINT: 'bigint',
  UTINYINT: 'smallint',
  USMALLINT: 'integer',
  UINTEGER: 'bigint',
  UBIGINT: 'decimal(20,0)',
  FLOAT: 'real',
  DOUBLE: 'double',
  VARCHAR: 'varchar',
  BLOB: 'varbinary',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_NS: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
  INTERVAL: 'interval day to second',
  UUID: 'uuid',
  JSON: 'json',
  '"NULL"': 'unknown',
  NULL: 'unknown',
};

export function athenaTypeName(duckType: string): string {
  const t = duckType.trim();
  const simple = SIMPLE[t.toUpperCase()];
  if (simple) return simple;
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(t);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  if (t.endsWith('[]')) return `array(${athenaTypeName(t.slice(0, -2))})`;
  const list = /^(\w+)\((.*)\)$/s.exec(t);
  if (list) {
    const [, kind = '', inner = ''] = list;
    const parts = splitTopLevel(inner);
    switch (kind.toUpperCase()) {
      case 'MAP':
        return `map(${parts.map(athenaTypeName).join(', ')})`;
      case 'STRUCT':
        return `row(${parts
          .map((p) => {
            const m = /^("(?:[^"]|"")*"|\S+)\s+(.*)$/s.exec(p.trim());
            return m ? `${m[1] ?? ''} ${athenaTypeName(m[2] ?? '')}` : p;
          })
          .join(', ')})`;
      default:
        break;
    }
  }
  return t.toLowerCase();
}
