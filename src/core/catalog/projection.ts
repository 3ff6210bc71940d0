import type { Partition, Table } from './model';

/**
 * Athena partition projection: partitions computed from TBLPROPERTIES instead of stored in the
 * catalog (`projection.enabled`, `projection.<col>.type` = integer | enum | date | injected,
 * `.range`, `.values`, `.format`, `.interval`, `.interval.unit`, `.digits`,
 * `storage.location.template`).
 */
export class ProjectionError extends Error {}

export const isProjected = (t: Table): boolean => (t.parameters['projection.enabled'] ?? '').toLowerCase() === 'true';

const UNIT_MS: Readonly<Record<string, number>> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000, WEEKS: 7 * 86_400_000 };

/** `NOW`, `NOW-3YEARS`, `NOW+1DAYS`, or a date in the column's format. */
function parseDateBound(text: string, format: string, now: Date): Date {
  const t = text.trim();
  const rel = /^NOW\s*(?:([+-])\s*(\d+)\s*(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?))?$/i.exec(t);
  if (rel) {
    const d = new Date(now.getTime());
    if (rel[1]) {
      const n = Number(rel[2]) * (rel[1] === '-' ? -1 : 1);
      const unit = (rel[3] ?? '').toUpperCase().replace(/S$/, '');
      if (unit === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + n);
      else if (unit === 'MONTH') d.setUTCMonth(d.getUTCMonth() + n);
      else d.setTime(d.getTime() + n * (UNIT_MS[`${unit}S`] ?? 0));
    }
    return d;
  }
  const parsed = parseWithFormat(t, format);
  if (!parsed) throw new ProjectionError(`The projection range bound '${t}' does not match the format '${format}'.`);
  return parsed;
}

const FIELDS: readonly [string, number][] = [
  ['yyyy', 4],
  ['MM', 2],
  ['dd', 2],
  ['HH', 2],
  ['mm', 2],
  ['ss', 2],
];

/** Formats a UTC date with the Java pattern letters projection formats use (yyyy MM dd HH mm ss). */
export function formatWithPattern(d: Date, format: string): string {
  const values: Record<string, number> = {
    yyyy: d.getUTCFullYear(),
    MM: d.getUTCMonth() + 1,
    dd: d.getUTCDate(),
    HH: d.getUTCHours(),
    mm: d.getUTCMinutes(),
    ss: d.getUTCSeconds(),
  };
  let out = '';
  for (let i = 0; i < format.length; ) {
    const hit = FIELDS.find(([f]) => format.startsWith(f, i));
    if (hit) {
      out += String(values[hit[0]]).padStart(hit[1], '0');
      i += hit[0].length;
    } else if (format[i] === "'") {
      const close = format.indexOf("'", i + 1);
      out += format.slice(i + 1, close < 0 ? undefined : close);
      i = close < 0 ? format.length : close + 1;
    } else out += format[i++];
  }
  return out;
}

function parseWithFormat(text: string, format: string): Date | undefined {
  const parts: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0 };
  let at = 0;
  for (let i = 0; i < format.length; ) {
    const hit = FIELDS.find(([f]) => format.startsWith(f, i));
    if (hit) {
      const digits = /^\d+/.exec(text.slice(at, at + hit[1]))?.[0];
      if (!digits || digits.length !== hit[1]) return undefined;
      parts[hit[0]] = Number(digits);
      at += hit[1];
      i += hit[0].length;
    } else {
      if (text[at] !== format[i]) return undefined;
      at++;
      i++;
    }
  }
  if (at !== text.length) return undefined;
  const d = new Date(Date.UTC(parts.yyyy ?? 1970, (parts.MM ?? 1) - 1, parts.dd ?? 1, parts.HH ?? 0, parts.mm ?? 0, parts.ss ?? 0));
  // Month 13 or day 45 would roll over silently: only dates that format back to the text count.
  return formatWithPattern(d, format) === text ? d : undefined;
}

/** Every value one projected column takes. */
export function projectedValues(table: Table, column: string, now: Date, limit: number): string[] {
  const p = (k: string): string | undefined => table.parameters[`projection.${column}.${k}`];
  const type = (p('type') ?? '').toLowerCase();
  switch (type) {
    case 'enum': {
      const values = (p('values') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
      if (!values.length) throw new ProjectionError(`projection.${column}.values is empty.`);
      return values;
    }
    case 'integer': {
      const [lo, hi] = (p('range') ?? '').split(',').map((v) => Number(v.trim()));
      const step = Number(p('interval') ?? 1);
      const digits = Number(p('digits') ?? 0);
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || !Number.isSafeInteger(step) || step <= 0) throw new ProjectionError(`projection.${column}.range must be 'min,max' integers.`);
      const out: string[] = [];
      for (let v = lo as number; v <= (hi as number); v += step) {
        if (out.length >= limit) throw new ProjectionError(`Partition projection on ${column} gives more than ${limit} values.`);
        out.push(digits ? String(v).padStart(digits, '0') : String(v));
      }
      return out;
    }
    case 'date': {
      const format = p('format') ?? 'yyyy-MM-dd';
      const [a = '', b = ''] = (p('range') ?? '').split(',');
      const start = parseDateBound(a, format, now);
      const end = parseDateBound(b, format, now);
      const step = Number(p('interval') ?? 1);
      const unit = (p('interval.unit') ?? (format.includes('dd') ? 'DAYS' : format.includes('MM') ? 'MONTHS' : 'YEARS')).toUpperCase();
      const out: string[] = [];
      for (const d = new Date(start.getTime()); d.getTime() <= end.getTime(); ) {
        if (out.length >= limit) throw new ProjectionError(`Partition projection on ${column} gives more than ${limit} values.`);
        out.push(formatWithPattern(d, format));
        if (unit === 'YEARS') d.setUTCFullYear(d.getUTCFullYear() + step);
        else if (unit === 'MONTHS') d.setUTCMonth(d.getUTCMonth() + step);
        else if (UNIT_MS[unit]) d.setTime(d.getTime() + step * (UNIT_MS[unit] ?? 0));
        else throw new ProjectionError(`projection.${column}.interval.unit '${unit}' is not known.`);
      }
      return out;
    }
    case 'injected':
      throw new ProjectionError(`Column ${column} uses injected projection: its values come from the query's WHERE clause, which the local engine does not read yet.`);
    default:
      throw new ProjectionError(`projection.${column}.type '${type}' is not one of integer, enum, date, injected.`);
  }
}

/** All partitions a projected table has: the cross product of its columns' values, located by the template. */
export function projectedPartitions(table: Table, now = new Date(), limit = 100_000): Partition[] {
  const keys = table.partitionKeys.map((k) => k.name);
  const lists = keys.map((k) => projectedValues(table, k, now, limit));
  const template = table.parameters['storage.location.template'];
  const base = (table.storage.location ?? '').replace(/\/?$/, '/');
  let combos: string[][] = [[]];
  for (const list of lists) {
    combos = combos.flatMap((c) => list.map((v) => [...c, v]));
    if (combos.length > limit) throw new ProjectionError(`Partition projection gives more than ${limit} partitions.`);
  }
  return combos.map((values) => {
    const location = template
      ? keys.reduce((loc, k, i) => loc.split(`\${${k}}`).join(values[i] ?? ''), template)
      : base + keys.map((k, i) => `${k}=${values[i] ?? ''}`).join('/') + '/';
    return { values, location: location.endsWith('/') ? location : `${location}/` };
  });
}
