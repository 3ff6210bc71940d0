/**
 * Column names Athena accepts without surprises: lower case, letters, digits and underscores,
 * not starting with a digit, unique, not empty, and not a reserved word. The original header is
 * kept as the column's comment.
 */

// Athena's reserved words in DDL and DML (from its documentation), plus Trino's.
const RESERVED = new Set(
  `all alter and any array as authorization between bigint binary boolean both by case cast char column commit constraint create cross cube current current_date current_time current_timestamp current_user cursor database date day deallocate decimal delete describe distinct double drop else end escape except exchange execute exists extended external extract false fetch float floor following for foreign from full function grant group grouping having hour if import in inner insert int integer intersect interval into is join last lateral left less like local localtime localtimestamp macro map minute month more natural none normalize not null numeric of on only or order out outer over partialscan partition percent precision preceding prepare primary procedure range reads recursive reduce references regexp revoke right rlike rollback rollup row rows second select set smallint some start table tablesample then time timestamp to transform trigger true truncate unbounded union uniquejoin unnest update user using utc_timestamp values varchar view views when where window with year`.split(' '),
);

export function isReserved(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

/** One name: accents dropped, runs of other characters become one underscore. */
export function sanitizeName(raw: string): string {
  let s = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (/^[0-9]/.test(s)) s = `col_${s}`;
  if (s && isReserved(s)) s = `${s}_`;
  return s;
}

/** Names for every column: sanitised, `col_N` for blanks, `_2`, `_3`… for repeats. */
export function columnNames(headers: readonly string[]): string[] {
  const used = new Set<string>();
  return headers.map((h, i) => {
    let base = sanitizeName(h.trim()) || `col_${i + 1}`;
    if (base.length > 120) base = base.slice(0, 120).replace(/_+$/, '');
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  });
}
