import { backtickIdent } from '../sql/identifiers';
import { DELIMITER_PROPERTIES, SERDE, type Column, type Table } from './model';

/** A literal as the DDL parser reads it back: quotes doubled. */
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** Delimiters are read with Hive's escapes (`'\t'`, `'\u0001'`), so write them that way. */
const qDelim = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- delimiters are control characters (\u0001…)
  q(s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
const bt = backtickIdent;

function columns(cols: readonly Column[]): string {
  return cols.map((c) => `  ${bt(c.name)} ${c.type}${c.comment ? ` COMMENT ${q(c.comment)}` : ''}`).join(', \n');
}

function props(p: Readonly<Record<string, string>>): string {
  return Object.entries(p)
    .map(([k, v]) => `  ${q(k)}=${DELIMITER_PROPERTIES.has(k) ? qDelim(v) : q(v)}`)
    .join(', \n');
}

/** The DDL Athena's SHOW CREATE TABLE prints for a table (or the view's statement for a view). */
export function showCreateTable(table: Table): string {
  if (table.tableType === 'VIRTUAL_VIEW') return `CREATE VIEW ${bt(table.database)}.${bt(table.name)} AS\n${table.viewText ?? ''}`;
  const s = table.storage;
  const parts = [`CREATE EXTERNAL TABLE ${bt(table.database)}.${bt(table.name)}(\n${columns(s.columns)})`];
  if (table.description) parts.push(`COMMENT ${q(table.description)}`);
  if (table.partitionKeys.length) parts.push(`PARTITIONED BY ( \n${columns(table.partitionKeys)})`);
  const serdeProps = { ...s.serde.parameters };
  if (s.serde.serializationLibrary === SERDE.lazySimple && Object.keys(serdeProps).every((k) => k === 'serialization.null.format' || (DELIMITER_PROPERTIES.has(k) && !k.endsWith('Char')))) {
    const lines = ['ROW FORMAT DELIMITED '];
    if (serdeProps['field.delim'] !== undefined) lines.push(`  FIELDS TERMINATED BY ${qDelim(serdeProps['field.delim'])} `);
    if (serdeProps['escape.delim'] !== undefined) lines.push(`  ESCAPED BY ${qDelim(serdeProps['escape.delim'])} `);
    if (serdeProps['collection.delim'] !== undefined) lines.push(`  COLLECTION ITEMS TERMINATED BY ${qDelim(serdeProps['collection.delim'])} `);
    if (serdeProps['mapkey.delim'] !== undefined) lines.push(`  MAP KEYS TERMINATED BY ${qDelim(serdeProps['mapkey.delim'])} `);
    if (serdeProps['line.delim'] !== undefined) lines.push(`  LINES TERMINATED BY ${qDelim(serdeProps['line.delim'])} `);
    if (serdeProps['serialization.null.format'] !== undefined) lines.push(`  NULL DEFINED AS ${q(serdeProps['serialization.null.format'])} `);
    parts.push(lines.join('\n'));
  } else {
    parts.push(`ROW FORMAT SERDE \n  ${q(s.serde.serializationLibrary)} `);
    if (Object.keys(serdeProps).length) parts.push(`WITH SERDEPROPERTIES ( \n${props(serdeProps)}) `);
  }
  parts.push(`STORED AS INPUTFORMAT \n  ${q(s.inputFormat ?? '')} \nOUTPUTFORMAT \n  ${q(s.outputFormat ?? '')}`);
  if (s.location) parts.push(`LOCATION\n  ${q(s.location)}`);
  const tbl = Object.fromEntries(Object.entries(table.parameters).filter(([k]) => k !== 'EXTERNAL'));
  if (Object.keys(tbl).length) parts.push(`TBLPROPERTIES (\n${props(tbl)})`);
  return parts.join('\n');
}
