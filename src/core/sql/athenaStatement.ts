import { DELIMITER_PROPERTIES, FORMATS, SERDE, type Column, type Table } from '../catalog/model';
import { SqlSyntaxError, TokenCursor } from './cursor';

/** A table reference as written: database may be absent (the session's database applies). */
export interface TableName {
  readonly database?: string;
  readonly name: string;
}

export type CtasValue = string | number | boolean | readonly string[];

/** The Athena statements the engines understand, parsed. Queries keep their text. */
export type AthenaStatement =
  | { readonly kind: 'query'; readonly sql: string }
  | { readonly kind: 'explain'; readonly sql: string; readonly analyze: boolean }
  | { readonly kind: 'createDatabase'; readonly name: string; readonly ifNotExists: boolean; readonly comment?: string; readonly location?: string; readonly properties: Record<string, string> }
  | { readonly kind: 'dropDatabase'; readonly name: string; readonly ifExists: boolean; readonly cascade: boolean }
  | { readonly kind: 'createTable'; readonly table: Table; readonly databaseGiven: boolean; readonly ifNotExists: boolean }
  | { readonly kind: 'dropTable'; readonly table: TableName; readonly ifExists: boolean }
  | { readonly kind: 'createView'; readonly view: TableName; readonly orReplace: boolean; readonly sql: string }
  | { readonly kind: 'dropView'; readonly view: TableName; readonly ifExists: boolean }
  | { readonly kind: 'ctas'; readonly table: TableName; readonly ifNotExists: boolean; readonly properties: Readonly<Record<string, CtasValue>>; readonly sql: string; readonly withData: boolean }
  | { readonly kind: 'insert'; readonly table: TableName; readonly columns?: readonly string[]; readonly sql: string }
  | { readonly kind: 'msckRepair'; readonly table: TableName }
  | { readonly kind: 'addPartitions'; readonly table: TableName; readonly ifNotExists: boolean; readonly partitions: readonly { readonly spec: Readonly<Record<string, string>>; readonly location?: string }[] }
  | { readonly kind: 'dropPartitions'; readonly table: TableName; readonly ifExists: boolean; readonly partitions: readonly Readonly<Record<string, string>>[] }
  | { readonly kind: 'showDatabases'; readonly like?: string }
  | { readonly kind: 'showTables'; readonly database?: string; readonly like?: string }
  | { readonly kind: 'showViews'; readonly database?: string; readonly like?: string }
  | { readonly kind: 'showColumns'; readonly table: TableName }
  | { readonly kind: 'showPartitions'; readonly table: TableName }
  | { readonly kind: 'showCreateTable'; readonly table: TableName }
  | { readonly kind: 'showCreateView'; readonly view: TableName }
  | { readonly kind: 'describe'; readonly table: TableName; readonly formatted: boolean }
  | { readonly kind: 'use'; readonly database: string }
  | { readonly kind: 'unsupported'; readonly what: string };

export type ParseOutcome = { readonly ok: true; readonly statement: AthenaStatement } | { readonly ok: false; readonly message: string; readonly offset: number };

/** Parses one statement (no trailing `;` needed). Never throws. */
export function parseAthenaStatement(sql: string, defaultDatabase = 'default'): ParseOutcome {
  try {
    return { ok: true, statement: parse(new TokenCursor(sql), defaultDatabase) };
  } catch (e) {
    if (e instanceof SqlSyntaxError) return { ok: false, message: e.message, offset: e.offset };
    return { ok: false, message: e instanceof Error ? e.message : String(e), offset: 0 };
  }
}

function tableName(c: TokenCursor): TableName {
  const parts = c.qualifiedName('a table name');
  // catalog.database.table: the catalog is the connection's; keep database and table.
  const name = parts[parts.length - 1] as string;
  const database = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  return database === undefined ? { name } : { database, name };
}

function endOf(c: TokenCursor): void {
  if (!c.done) c.fail('unexpected text after the statement');
}

function likePattern(c: TokenCursor): string | undefined {
  if (c.acceptWords('LIKE')) return c.string('a LIKE pattern');
  return c.isString() ? c.string() : undefined;
}

function parse(c: TokenCursor, defaultDatabase: string): AthenaStatement {
  const w = c.word();
  switch (w) {
    case 'SELECT':
    case 'WITH':
    case 'VALUES':
    case 'TABLE':
      return { kind: 'query', sql: c.text.trim().replace(/;\s*$/, '') };
    case '':
      if (c.isPunct('(')) return { kind: 'query', sql: c.text.trim().replace(/;\s*$/, '') };
      return c.fail('expected a statement');
    case 'EXPLAIN': {
      c.next();
      const analyze = c.acceptWords('ANALYZE');
      // EXPLAIN (TYPE …, FORMAT …): options are the engine's business.
      if (c.isPunct('(')) {
        while (!c.done && !c.acceptPunct(')')) c.next();
      }
      return { kind: 'explain', sql: c.rest(), analyze };
    }
    case 'CREATE':
      return parseCreate(c, defaultDatabase);
    case 'DROP':
      return parseDrop(c);
    case 'INSERT': {
      c.next();
      if (c.acceptWords('OVERWRITE')) return { kind: 'unsupported', what: 'INSERT OVERWRITE (Athena supports INSERT INTO only)' };
      c.expectWords('INTO');
      const table = tableName(c);
      let columns: string[] | undefined;
      if (c.isPunct('(') && !/^\(\s*(SELECT|WITH|VALUES)\b/i.test(c.rest())) {
        c.expectPunct('(');
        columns = [c.identifier('a column name')];
        while (c.acceptPunct(',')) columns.push(c.identifier('a column name'));
        c.expectPunct(')');
      }
      const sql = c.rest();
      if (!sql) c.fail('expected a query');
      return columns ? { kind: 'insert', table, columns, sql } : { kind: 'insert', table, sql };
    }
    case 'MSCK': {
      c.next();
      c.expectWords('REPAIR', 'TABLE');
      const table = tableName(c);
      endOf(c);
      return { kind: 'msckRepair', table };
    }
    case 'ALTER':
      return parseAlter(c);
    case 'SHOW':
      return parseShow(c);
    case 'DESCRIBE':
    case 'DESC': {
      c.next();
      const formatted = c.acceptWords('FORMATTED') || c.acceptWords('EXTENDED');
      const table = tableName(c);
      endOf(c);
      return { kind: 'describe', table, formatted };
    }
    case 'USE': {
      c.next();
      const parts = c.qualifiedName('a database name');
      endOf(c);
      return { kind: 'use', database: parts[parts.length - 1] as string };
    }
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'OPTIMIZE':
    case 'VACUUM':
      return { kind: 'unsupported', what: `${w} (Iceberg tables)` };
    case 'UNLOAD':
      return { kind: 'unsupported', what: 'UNLOAD' };
    default:
      return c.fail(`Syntax error: ${w} does not begin an Athena statement (SELECT, WITH, CREATE, INSERT, DROP, ALTER, SHOW, DESCRIBE, MSCK, EXPLAIN…)`);
  }
}

function parseCreate(c: TokenCursor, defaultDatabase: string): AthenaStatement {
  c.expectWords('CREATE');
  if (c.acceptWords('DATABASE') || c.acceptWords('SCHEMA')) {
    const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
    const name = c.identifier('a database name');
    let comment: string | undefined;
    let location: string | undefined;
    let properties: Record<string, string> = {};
    while (!c.done) {
      if (c.acceptWords('COMMENT')) comment = c.string();
      else if (c.acceptWords('LOCATION')) location = c.string('a location');
      else if (c.acceptWords('WITH', 'DBPROPERTIES')) properties = keyValues(c);
      else c.fail('expected COMMENT, LOCATION or WITH DBPROPERTIES');
    }
    return { kind: 'createDatabase', name, ifNotExists, properties, ...(comment === undefined ? {} : { comment }), ...(location === undefined ? {} : { location }) };
  }
  const orReplace = c.acceptWords('OR', 'REPLACE');
  if (c.acceptWords('VIEW')) {
    const view = tableName(c);
    c.expectWords('AS');
    const sql = c.rest();
    if (!sql) c.fail('expected the view query');
    return { kind: 'createView', view, orReplace, sql };
  }
  if (orReplace) c.fail('expected VIEW after CREATE OR REPLACE');
  const external = c.acceptWords('EXTERNAL');
  c.expectWords('TABLE');
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = tableName(c);
  if (!external && (c.isWords('WITH') || c.isWords('AS'))) return parseCtas(c, name, ifNotExists);
  if (!c.isPunct('(')) c.fail('expected the column list');
  return parseTableDefinition(c, name, ifNotExists, defaultDatabase);
}

function parseCtas(c: TokenCursor, table: TableName, ifNotExists: boolean): AthenaStatement {
  const properties: Record<string, CtasValue> = {};
  if (c.acceptWords('WITH')) {
    c.expectPunct('(');
    do {
      const key = c.identifier('a table property').toLowerCase();
      c.expectPunct('=');
      properties[key] = ctasValue(c);
    } while (c.acceptPunct(','));
    c.expectPunct(')');
  }
  c.expectWords('AS');
  let sql = c.rest();
  let withData = true;
  const noData = /\bWITH\s+NO\s+DATA\s*$/i.exec(sql);
  if (noData) {
    withData = false;
    sql = sql.slice(0, noData.index).trimEnd();
  } else {
    sql = sql.replace(/\bWITH\s+DATA\s*$/i, '').trimEnd();
  }
  if (sql.startsWith('(') && sql.endsWith(')')) sql = sql.slice(1, -1).trim();
  if (!sql) c.fail('expected the CTAS query');
  return { kind: 'ctas', table, ifNotExists, properties, sql, withData };
}

function ctasValue(c: TokenCursor): CtasValue {
  if (c.isString()) return c.string();
  if (c.acceptWords('ARRAY')) {
    c.expectPunct('[');
    const items: string[] = [];
    if (!c.acceptPunct(']')) {
      do items.push(c.string('a quoted array element'));
      while (c.acceptPunct(','));
      c.expectPunct(']');
    }
    return items;
  }
  if (c.acceptWords('TRUE')) return true;
  if (c.acceptWords('FALSE')) return false;
  const t = c.next();
  if (t.kind === 'number') return Number(t.text);
  return c.fail('expected a property value');
}

function keyValues(c: TokenCursor): Record<string, string> {
  const out: Record<string, string> = {};
  c.expectPunct('(');
  if (c.acceptPunct(')')) return out;
  do {
    const key = c.string('a quoted property name');
    c.expectPunct('=');
    const value = c.string('a quoted property value');
    out[key] = DELIMITER_PROPERTIES.has(key) ? hiveUnescape(value) : value;
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return out;
}

function columnList(c: TokenCursor): Column[] {
  const columns: Column[] = [];
  c.expectPunct('(');
  do {
    const name = c.identifier('a column name');
    const type = normaliseType(c.balancedText());
    if (!type) c.fail(`expected a type for column ${name}`);
    const comment = c.acceptWords('COMMENT') ? c.string('a comment') : undefined;
    columns.push(comment === undefined ? { name, type } : { name, type, comment });
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return columns;
}

/** `DECIMAL( 10, 2 )` → `decimal(10,2)`; `ARRAY < STRING >` → `array<string>`. Struct field names keep their case. */
export function normaliseType(text: string): string {
  return text
    .replace(/\s*([<>(),:])\s*/g, '$1')
    .replace(/[A-Za-z_]\w*/g, (word, at: number, all: string) => (all[at + word.length] === ':' ? word : word.toLowerCase()))
    .trim();
}

/** Hive DDL string escapes: `'\t'`, `'\001'`, `'\u0001'`, `'\\'`. */
export function hiveUnescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

function parseTableDefinition(c: TokenCursor, name: TableName, ifNotExists: boolean, defaultDatabase: string): AthenaStatement {
  const columns = columnList(c);
  let comment: string | undefined;
  let partitionKeys: Column[] = [];
  let serde: string = SERDE.lazySimple;
  const serdeParameters: Record<string, string> = {};
  let inputFormat: string = FORMATS.text.input;
  let outputFormat: string = FORMATS.text.output;
  let location: string | undefined;
  let parameters: Record<string, string> = {};
  let rowFormatGiven = false;
  while (!c.done) {
    if (c.acceptWords('COMMENT')) comment = c.string();
    else if (c.acceptWords('PARTITIONED', 'BY')) partitionKeys = columnList(c);
    else if (c.acceptWords('CLUSTERED', 'BY')) {
      columnNames(c);
      if (c.acceptWords('SORTED', 'BY')) columnNames(c);
      c.expectWords('INTO');
      c.next();
      c.expectWords('BUCKETS');
    } else if (c.acceptWords('ROW', 'FORMAT')) {
      rowFormatGiven = true;
      if (c.acceptWords('SERDE')) {
        serde = c.string('a SerDe class name');
        if (c.acceptWords('WITH', 'SERDEPROPERTIES')) Object.assign(serdeParameters, keyValues(c));
      } else {
        c.expectWords('DELIMITED');
        serde = SERDE.lazySimple;
        for (;;) {
          if (c.acceptWords('FIELDS', 'TERMINATED', 'BY')) {
            const d = hiveUnescape(c.string('a delimiter'));
            serdeParameters['field.delim'] = d;
            serdeParameters['serialization.format'] = d;
            if (c.acceptWords('ESCAPED', 'BY')) serdeParameters['escape.delim'] = hiveUnescape(c.string('an escape character'));
          } else if (c.acceptWords('COLLECTION', 'ITEMS', 'TERMINATED', 'BY')) serdeParameters['collection.delim'] = hiveUnescape(c.string());
          else if (c.acceptWords('MAP', 'KEYS', 'TERMINATED', 'BY')) serdeParameters['mapkey.delim'] = hiveUnescape(c.string());
          else if (c.acceptWords('LINES', 'TERMINATED', 'BY')) serdeParameters['line.delim'] = hiveUnescape(c.string());
          else if (c.acceptWords('NULL', 'DEFINED', 'AS')) serdeParameters['serialization.null.format'] = c.string();
          else break;
        }
      }
    } else if (c.acceptWords('WITH', 'SERDEPROPERTIES')) Object.assign(serdeParameters, keyValues(c));
    else if (c.acceptWords('STORED', 'AS')) {
      if (c.acceptWords('INPUTFORMAT')) {
        inputFormat = c.string('an input format class');
        c.expectWords('OUTPUTFORMAT');
        outputFormat = c.string('an output format class');
      } else {
        const format = c.identifier('a storage format').toUpperCase();
        const known: Record<string, { input: string; output: string; serde: string }> = {
          TEXTFILE: { ...FORMATS.text, serde: SERDE.lazySimple },
          PARQUET: { ...FORMATS.parquet, serde: SERDE.parquet },
          ORC: { ...FORMATS.orc, serde: SERDE.orc },
          AVRO: { ...FORMATS.avro, serde: SERDE.avro },
        };
        const f = known[format];
        if (!f) c.fail(`STORED AS ${format} is not supported (TEXTFILE, PARQUET, ORC or AVRO)`);
        inputFormat = f.input;
        outputFormat = f.output;
        if (!rowFormatGiven) serde = f.serde;
      }
    } else if (c.acceptWords('LOCATION')) location = c.string('a location');
    else if (c.acceptWords('TBLPROPERTIES')) parameters = keyValues(c);
    else c.fail('expected PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION or TBLPROPERTIES');
  }
  if (serde === SERDE.lazySimple && serdeParameters['field.delim'] === undefined) {
    // Hive's default field delimiter is \u0001 (Ctrl-A).
    serdeParameters['field.delim'] ??= '\u0001';
    serdeParameters['serialization.format'] ??= '\u0001';
  }
  const table: Table = {
    database: name.database ?? defaultDatabase,
    name: name.name,
    tableType: 'EXTERNAL_TABLE',
    ...(comment === undefined ? {} : { description: comment }),
    storage: {
      columns,
      ...(location === undefined ? {} : { location }),
      inputFormat,
      outputFormat,
      serde: { serializationLibrary: serde, parameters: serdeParameters },
    },
    partitionKeys,
    parameters: { EXTERNAL: 'TRUE', ...parameters },
  };
  return { kind: 'createTable', table, databaseGiven: name.database !== undefined, ifNotExists };
}

function columnNames(c: TokenCursor): string[] {
  c.expectPunct('(');
  const names = [c.identifier('a column name')];
  while (c.acceptPunct(',')) names.push(c.identifier('a column name'));
  c.expectPunct(')');
  return names;
}

function parseDrop(c: TokenCursor): AthenaStatement {
  c.expectWords('DROP');
  if (c.acceptWords('DATABASE') || c.acceptWords('SCHEMA')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    const name = c.identifier('a database name');
    const cascade = c.acceptWords('CASCADE');
    if (!cascade) c.acceptWords('RESTRICT');
    endOf(c);
    return { kind: 'dropDatabase', name, ifExists, cascade };
  }
  if (c.acceptWords('VIEW')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    const view = tableName(c);
    endOf(c);
    return { kind: 'dropView', view, ifExists };
  }
  c.expectWords('TABLE');
  const ifExists = c.acceptWords('IF', 'EXISTS');
  const table = tableName(c);
  endOf(c);
  return { kind: 'dropTable', table, ifExists };
}

function partitionSpec(c: TokenCursor): Record<string, string> {
  c.expectPunct('(');
  const spec: Record<string, string> = {};
  do {
    const key = c.identifier('a partition column');
    c.expectPunct('=');
    const t = c.peek();
    if (t?.kind === 'string') spec[key.toLowerCase()] = c.string();
    else if (t?.kind === 'number' || t?.kind === 'word') spec[key.toLowerCase()] = c.next().text;
    else c.fail('expected a partition value');
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return spec;
}

function parseAlter(c: TokenCursor): AthenaStatement {
  c.expectWords('ALTER', 'TABLE');
  const table = tableName(c);
  if (c.acceptWords('ADD')) {
    const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
    const partitions: { spec: Record<string, string>; location?: string }[] = [];
    while (c.acceptWords('PARTITION')) {
      const spec = partitionSpec(c);
      partitions.push(c.acceptWords('LOCATION') ? { spec, location: c.string('a location') } : { spec });
    }
    if (!partitions.length) c.fail('expected PARTITION (…)');
    endOf(c);
    return { kind: 'addPartitions', table, ifNotExists, partitions };
  }
  if (c.acceptWords('DROP')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    const partitions: Record<string, string>[] = [];
    do {
      c.expectWords('PARTITION');
      partitions.push(partitionSpec(c));
    } while (c.acceptPunct(','));
    endOf(c);
    return { kind: 'dropPartitions', table, ifExists, partitions };
  }
  return { kind: 'unsupported', what: `ALTER TABLE ${c.rest().split(/\s+/).slice(0, 2).join(' ')}` };
}

function parseShow(c: TokenCursor): AthenaStatement {
  c.expectWords('SHOW');
  if (c.acceptWords('DATABASES') || c.acceptWords('SCHEMAS')) {
    const like = likePattern(c);
    endOf(c);
    return like === undefined ? { kind: 'showDatabases' } : { kind: 'showDatabases', like };
  }
  if (c.acceptWords('TABLES') || c.isWords('VIEWS')) {
    const views = c.acceptWords('VIEWS');
    const database = c.acceptWords('IN') || c.acceptWords('FROM') ? c.identifier('a database name') : undefined;
    const like = likePattern(c);
    endOf(c);
    return { kind: views ? 'showViews' : 'showTables', ...(database === undefined ? {} : { database }), ...(like === undefined ? {} : { like }) };
  }
  if (c.acceptWords('COLUMNS')) {
    if (!c.acceptWords('IN')) c.expectWords('FROM');
    let table = tableName(c);
    if (c.acceptWords('IN') || c.acceptWords('FROM')) table = { database: c.identifier('a database name'), name: table.name };
    endOf(c);
    return { kind: 'showColumns', table };
  }
  if (c.acceptWords('PARTITIONS')) {
    const table = tableName(c);
    endOf(c);
    return { kind: 'showPartitions', table };
  }
  if (c.acceptWords('CREATE', 'TABLE')) {
    const table = tableName(c);
    endOf(c);
    return { kind: 'showCreateTable', table };
  }
  if (c.acceptWords('CREATE', 'VIEW')) {
    const view = tableName(c);
    endOf(c);
    return { kind: 'showCreateView', view };
  }
  return { kind: 'unsupported', what: `SHOW ${c.word()}` };
}
