import type { Column } from '../catalog/model';
import type { CompletionSite, TableRef } from './completionContext';
import { CTAS_PROPERTIES, FUNCTIONS, KEYWORDS } from './functionDocs';

/** What completion knows of the catalog, already loaded (the extension fills it from its cache). */
export interface CatalogSnapshot {
  readonly databases: readonly string[];
  /** Tables of a database, or undefined when not loaded. */
  tables(database: string): readonly { readonly name: string; readonly view: boolean }[] | undefined;
  /** Columns (partition keys included) of a table, or undefined when not loaded. */
  columns(database: string, table: string): readonly Column[] | undefined;
  /** The database unqualified names resolve in. */
  readonly defaultDatabase: string;
}

export type EntryKind = 'keyword' | 'function' | 'database' | 'table' | 'view' | 'column' | 'cte' | 'property' | 'value';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: EntryKind;
  readonly detail?: string;
  /** Text inserted when it differs from the label (e.g. `count(` for a function). */
  readonly insertText?: string;
  /** Sorts before the rest (columns of the statement's tables, say). */
  readonly preferred?: boolean;
}

/** The database a reference means (its own, else the default). */
const dbOf = (ref: TableRef, snapshot: CatalogSnapshot): string => ref.database ?? snapshot.defaultDatabase;

/** The tables completion needs loaded for a site, so the caller can fetch them first. */
export function tablesNeeded(site: CompletionSite, snapshot: Pick<CatalogSnapshot, 'defaultDatabase'>): { databases: string[]; tables: { database: string; table: string }[] } {
  const c = site.context;
  if (c.kind === 'columns') return { databases: [], tables: [{ database: c.ref.database ?? snapshot.defaultDatabase, table: c.ref.table }] };
  if (c.kind === 'tablesIn') return { databases: [c.database], tables: [] };
  if (c.kind === 'relations') return { databases: ['*'], tables: [] };
  if (c.kind === 'general') return { databases: [], tables: site.refs.filter((r) => !site.ctes.includes(r.table)).map((r) => ({ database: r.database ?? snapshot.defaultDatabase, table: r.table })) };
  return { databases: [], tables: [] };
}

/** The entries for a completion site, from the snapshot: plain data, no editor types. */
export function completionEntries(site: CompletionSite, snapshot: CatalogSnapshot): CompletionEntry[] {
  const c = site.context;
  const columnEntries = (cols: readonly Column[] | undefined, preferred: boolean): CompletionEntry[] => (cols ?? []).map((col) => ({ label: col.name, kind: 'column', detail: col.type, preferred }));
  switch (c.kind) {
    case 'none':
      return [];
    case 'columns':
      return columnEntries(snapshot.columns(dbOf(c.ref, snapshot), c.ref.table), true);
    case 'tablesIn':
      return (snapshot.tables(c.database) ?? []).map((t) => ({ label: t.name, kind: t.view ? 'view' : 'table', detail: c.database }));
    case 'ctasProperty':
      return CTAS_PROPERTIES.map((p) => ({ label: p.name, kind: 'property', detail: p.description, insertText: `${p.name} = ` }));
    case 'ctasValue':
      return (CTAS_PROPERTIES.find((p) => p.name === c.property)?.values ?? []).map((v) => ({ label: v, kind: 'value' }));
    case 'relations': {
      const out: CompletionEntry[] = site.ctes.map((name) => ({ label: name, kind: 'cte', detail: 'WITH query', preferred: true }));
      for (const db of snapshot.databases) {
        out.push({ label: db, kind: 'database' });
        for (const t of snapshot.tables(db) ?? []) out.push({ label: `${db}.${t.name}`, kind: t.view ? 'view' : 'table', detail: db === snapshot.defaultDatabase ? `${db} (default)` : db });
      }
      return out;
    }
    case 'general': {
      const out: CompletionEntry[] = [];
      for (const ref of site.refs) {
        if (site.ctes.includes(ref.table)) continue;
        out.push(...columnEntries(snapshot.columns(dbOf(ref, snapshot), ref.table), true));
        if (ref.alias) out.push({ label: ref.alias, kind: 'table', detail: `${dbOf(ref, snapshot)}.${ref.table}` });
      }
      out.push(...site.ctes.map((name): CompletionEntry => ({ label: name, kind: 'cte', detail: 'WITH query' })));
      out.push(...FUNCTIONS.map((f): CompletionEntry => ({ label: f.name, kind: 'function', detail: `${f.name}${f.signatures[0] ?? ''} → ${f.returns}`, insertText: f.signatures[0] === '' ? f.name : `${f.name}(` })));
      out.push(...KEYWORDS.map((k): CompletionEntry => ({ label: k, kind: 'keyword' })));
      return out;
    }
  }
}
