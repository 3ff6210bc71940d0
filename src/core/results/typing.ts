import type { Cell } from '../../shared/protocol';

/**
 * Athena returns every value as text (result CSV and GetQueryResults alike); the column's type
 * says how to read it. Numbers that JSON carries exactly become numbers; bigint and decimal stay
 * text so no digit is lost (as the local engine gives them), and so do NaN and the infinities.
 */
export type CellReader = (text: string | null) => Cell;

const asText: CellReader = (t) => t;

const asInteger: CellReader = (t) => {
  if (t === null) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : t;
};

const asFloat: CellReader = (t) => {
  if (t === null) return null;
  const n = Number(t);
  return Number.isFinite(n) && t.trim() !== '' ? n : t;
};

const asBoolean: CellReader = (t) => (t === null ? null : t === 'true' ? true : t === 'false' ? false : t);

/** The reader for values of an Athena column type (`integer`, `decimal(10,2)`, `array(varchar)`…). */
export function cellReader(type: string): CellReader {
  const base = type.trim().toLowerCase().replace(/\(.*$/s, '').trim();
  switch (base) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return asInteger;
    case 'double':
    case 'real':
    case 'float':
      return asFloat;
    case 'boolean':
      return asBoolean;
    default:
      return asText;
  }
}

/**
 * Athena's ColumnInfo gives `decimal` with Precision and Scale apart, and `varchar` without its
 * length; this puts them back into the one type name the rest of the product shows.
 */
export function athenaColumnType(type: string, precision?: number, scale?: number): string {
  const t = type.trim().toLowerCase();
  if (t === 'decimal' && precision !== undefined && precision > 0) return `decimal(${precision},${scale ?? 0})`;
  return t;
}
