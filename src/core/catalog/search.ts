import { dataFormat, type Column, type Table } from './model';

/**
 * Catalog search: which tables and views a plain-language question is about. It ranks them by
 * their names, column names, comments and descriptions, partition keys and formats, with
 * tokenisation that splits `snake_case` and `camelCase`, light stemming, and a small lakehouse
 * vocabulary (spend ~ cost, outage ~ incident, …). A fact table that ranks brings its dimensions
 * along, through the key columns they share. Pure: the caller lists the tables.
 */

export interface SearchHit {
  /** `database.table` */
  readonly table: string;
  readonly score: number;
  /** Which words matched where, for a person (and a model) to judge the hit. */
  readonly why: string;
}

/** Words that say nothing about which table a question is about. */
const STOP = new Set(
  `a an and are as at be by did do does for from had has have how i in is it its me most my of on or our per show
  than that the their them there these this those to was we were what when where which who whose why with
  list give find get tell many much each every all any more less over under between across into about
  please want need query sql table tables data select count number total top`.split(/\s+/),
);

/**
 * Groups of words a lakehouse question uses for the same thing. A question word also matches
 * the other words of its group, at a lower weight.
 */
const VOCABULARY: readonly (readonly string[])[] = [
  ['cost', 'spend', 'spent', 'spending', 'expense', 'bill', 'charge', 'price', 'eur', 'money', 'paid', 'pay'],
  ['budget', 'allocation', 'plan', 'overrun', 'overspend', 'variance'],
  ['incident', 'outage', 'downtime', 'failure', 'disruption', 'breakdown', 'severity', 'resolve'],
  ['availability', 'uptime', 'sla', 'reliability', 'downtime'],
  ['latency', 'p95', 'slow', 'response', 'speed'],
  ['provider', 'vendor', 'cloud', 'hyperscaler', 'supplier', 'host'],
  ['agency', 'department', 'ministry', 'organisation', 'organization', 'office', 'authority'],
  ['service', 'application', 'app', 'system'],
  ['month', 'monthly'],
  ['year', 'yearly', 'annual', 'fiscal'],
  ['day', 'daily'],
  ['migration', 'migrate', 'move', 'moved', 'transition'],
  ['idle', 'unused', 'waste'],
  ['sovereign', 'domestic', 'european'],
  ['target', 'goal', 'objective'],
  ['usage', 'consumption', 'resource', 'quantity'],
  ['error', 'fail'],
  ['request', 'traffic', 'call'],
];

/** Each word's stem → the stems of the other words of its groups. */
const SYNONYMS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, Set<string>>();
  for (const group of VOCABULARY) {
    const stems = [...new Set(group.map(stem))];
    for (const w of stems) {
      let set = m.get(w);
      if (!set) m.set(w, (set = new Set()));
      for (const x of stems) if (x !== w) set.add(x);
    }
  }
  return new Map([...m].map(([k, v]) => [k, [...v]]));
})();

/** A light English stemmer: plurals, -ing, -ed, -ly, -ation, -ity and a few more, so spend/spending and failure/failures meet. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  for (const [suffix, keep] of [
    ['ational', 'at'],
    ['ation', ''],
    ['ations', ''],
    ['ities', ''],
    ['ity', ''],
    ['ness', ''],
    ['ings', ''],
    ['ing', ''],
    ['ies', 'y'],
    ['ied', 'y'],
    ['ly', ''],
    ['ed', ''],
    ['es', ''],
    ['e', ''],
    ['s', ''],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, w.length - suffix.length) + keep;
      break;
    }
  }
  return w;
}

/** Words of an identifier or a sentence as written (lower case): `fact_cost_monthly`, `costEur`, `p95LatencyMs`. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w));
}

/** The stems of an identifier's or a sentence's words, stop words left out. */
export function tokenize(text: string): string[] {
  return words(text)
    .map(stem)
    .filter((w) => w && !STOP.has(w));
}

/** Where a word was found in a table, with the weight of that place. */
const FIELDS = { name: 3, column: 2, partition: 1.5, comment: 1, database: 0.75, format: 0.5 } as const;
type Field = keyof typeof FIELDS;
const FIELD_LIST = Object.keys(FIELDS) as Field[];
const FIELD_INDEX = Object.fromEntries(FIELD_LIST.map((f, i) => [f, i])) as Record<Field, number>;
const FIELD_LABEL: Record<Field, string> = { name: 'name', column: 'columns', partition: 'partition keys', comment: 'comments', database: 'database', format: 'format' };

/** Analysts query the curated zone first; a table of the same name there ranks above its raw copy. */
function zoneBoost(database: string): number {
  if (/curated|gold|mart|analytics|presentation/i.test(database)) return 1.2;
  if (/staging|silver|clean|refined/i.test(database)) return 1.05;
  return 1;
}

interface Doc {
  readonly table: Table;
  readonly key: string;
  readonly boost: number;
  /** Column names (lower case) that look like keys: `*_id`, `*_key`, `*_code`. */
  readonly keys: ReadonlySet<string>;
  readonly isFact: boolean;
  readonly isDimension: boolean;
}

interface Posting {
  readonly doc: number;
  readonly field: Field;
  /** What matched, for the why. */
  readonly source: string;
}

const KEY_COLUMN = /_(id|key|code|sk)$/;

/** An index of a catalog's tables, built once and searched many times. */
export class CatalogIndex {
  private readonly docs: Doc[] = [];
  private readonly postings = new Map<string, Posting[]>();
  /** Key column → the dimension tables that have it (for facts to bring their dimensions). */
  private readonly dimensionsByKey = new Map<string, number[]>();

  /** How many tables have each token, and the tokens in order (for prefix matches). */
  private readonly documentFrequency = new Map<string, number>();
  private readonly sortedTokens: string[];

  constructor(tables: Iterable<Table>) {
    for (const table of tables) this.add(table);
    for (const [token, list] of this.postings) this.documentFrequency.set(token, new Set(list.map((p) => p.doc)).size);
    this.sortedTokens = [...this.postings.keys()].sort();
  }

  get size(): number {
    return this.docs.length;
  }

  private add(table: Table): void {
    const doc = this.docs.length;
    const columns = table.storage.columns;
    const keys = new Set([...columns, ...table.partitionKeys].map((c) => c.name.toLowerCase()).filter((n) => KEY_COLUMN.test(n)));
    const isDimension = /^(dim|dimension|d)_/i.test(table.name) || /_dim$/i.test(table.name);
    const isFact = /^(fact|fct|f)_/i.test(table.name) || /_fact$/i.test(table.name);
    this.docs.push({ table, key: `${table.database}.${table.name}`, boost: zoneBoost(table.database), keys, isFact, isDimension });
    const post = (text: string | undefined, field: Field, source = text): void => {
      if (!text) return;
      const seen = new Set<string>();
      for (const token of tokenize(text)) {
        if (seen.has(token)) continue;
        seen.add(token);
        let list = this.postings.get(token);
        if (!list) this.postings.set(token, (list = []));
        list.push({ doc, field, source: source ?? text });
      }
    };
    post(table.name, 'name');
    post(table.database, 'database');
    post(table.description, 'comment', 'description');
    for (const c of columns) this.postColumn(c, 'column', post);
    for (const c of table.partitionKeys) this.postColumn(c, 'partition', post);
    const format = dataFormat(table);
    if (format !== 'unknown') post(format === 'view' ? 'view' : format.replace(/^csv-.*/, 'csv'), 'format', `format ${format}`);
    if (isDimension) for (const k of keys) this.dimensionsByKey.set(k, [...(this.dimensionsByKey.get(k) ?? []), doc]);
  }

  private postColumn(c: Column, field: Field, post: (text: string | undefined, field: Field, source?: string) => void): void {
    post(c.name, field);
    post(c.comment, 'comment', `${c.name}'s comment`);
  }

  /** Inverse document frequency: a word found in every table tells little. */
  private idf(token: string): number {
    const n = this.documentFrequency.get(token) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  /** The tables a question is about, best first. */
  search(question: string, limit = 10): SearchHit[] {
    // The question's stems, and the word each stands for (to say what matched).
    const asWritten = new Map<string, string>();
    for (const w of words(question)) if (!asWritten.has(stem(w))) asWritten.set(stem(w), w);
    const stems = [...new Set(tokenize(question))];
    const n = this.docs.length;
    if (!stems.length || !n) return [];
    // Each question word and its vocabulary (at a lower weight); prefixes match too (cost →
    // costs_eur). Per word, the best match per table and place counts once.
    const expanded = stems.map((word) => {
      const variants: [string, number][] = [[word, 1], ...(SYNONYMS.get(word) ?? []).map((x): [string, number] => [x, 0.6])];
      return variants.flatMap(([variant, weight]) => this.matching(variant).map((token) => ({ token, weight: weight * (token === variant ? 1 : 0.7) * this.idf(token) })));
    });
    const total = new Float64Array(n);
    const best = new Float64Array(n * FIELD_LIST.length);
    const touched: number[] = [];
    const seen = new Uint8Array(n);
    for (const tokens of expanded) {
      const wordDocs: number[] = [];
      for (const { token, weight } of tokens) {
        for (const p of this.postings.get(token) ?? []) {
          const i = p.doc * FIELD_LIST.length + FIELD_INDEX[p.field];
          const w = weight * FIELDS[p.field];
          if (best[i]! >= w) continue;
          if (seen[p.doc] !== 2) {
            seen[p.doc] = 2;
            wordDocs.push(p.doc);
          }
          best[i] = w;
        }
      }
      for (const doc of wordDocs) {
        let sum = 0;
        for (let f = 0; f < FIELD_LIST.length; f++) {
          const i = doc * FIELD_LIST.length + f;
          sum += best[i]!;
          best[i] = 0;
        }
        if (total[doc] === 0) touched.push(doc);
        total[doc] = total[doc]! + sum;
        seen[doc] = 1;
      }
    }
    // Only the best few matter: keep the top candidates (a min-heap), not a sort of every match.
    const keep = Math.max(limit, 5) * 4;
    const scoreOf = (doc: number): number => total[doc]! * (this.docs[doc]?.boost ?? 1);
    const ranked: { doc: number; score: number; dimensionOf?: string }[] = topByScore(touched, scoreOf, keep).map((doc) => ({ doc, score: scoreOf(doc) }));
    // A fact brings its dimensions: each dimension sharing a key column with a fact in the top
    // hits scores a part of the fact's score (once, the best fact's).
    const byDoc = new Map(ranked.map((r) => [r.doc, r]));
    for (const hit of ranked.slice(0, Math.max(limit, 5))) {
      const fact = this.docs[hit.doc];
      if (!fact?.isFact) continue;
      for (const key of fact.keys) {
        for (const dim of this.dimensionsByKey.get(key) ?? []) {
          const d = this.docs[dim];
          if (!d || d.table.database !== fact.table.database) continue;
          const reason = `dimension of ${fact.table.name} through ${key}`;
          let existing = byDoc.get(dim);
          if (!existing) {
            existing = { doc: dim, score: scoreOf(dim) };
            byDoc.set(dim, existing);
            ranked.push(existing);
          }
          if (!existing.dimensionOf) {
            existing.score += hit.score * 0.45;
            existing.dimensionOf = reason;
          }
        }
      }
    }
    ranked.sort((a, b) => b.score - a.score || (this.docs[a.doc]?.key ?? '').localeCompare(this.docs[b.doc]?.key ?? ''));
    const top = ranked.slice(0, limit);
    const reasons = this.reasons(stems.map((x) => asWritten.get(x) ?? x), expanded, new Set(top.map((r) => r.doc)));
    return top.map((r) => ({
      table: this.docs[r.doc]?.key ?? '',
      score: Math.round(r.score * 1000) / 1000,
      why: [describe(reasons.get(r.doc)), r.dimensionOf].filter(Boolean).join('; '),
    }));
  }

  /** For the tables shown: which question words matched, and where. */
  private reasons(words: readonly string[], expanded: readonly { token: string }[][], docs: ReadonlySet<number>): Map<number, Map<string, Set<string>>> {
    const out = new Map<number, Map<string, Set<string>>>();
    expanded.forEach((tokens, w) => {
      for (const { token } of tokens) {
        for (const p of this.postings.get(token) ?? []) {
          if (!docs.has(p.doc)) continue;
          let why = out.get(p.doc);
          if (!why) out.set(p.doc, (why = new Map<string, Set<string>>()));
          const label = FIELD_LABEL[p.field];
          let set = why.get(label);
          if (!set) why.set(label, (set = new Set<string>()));
          // A table's own name: the question's word (and the name's word it matched, when another).
          const word = words[w] ?? token;
          set.add(p.field === 'name' || p.field === 'database' || p.field === 'format' ? (stem(word) === token ? word : `${word} ~ ${token}`) : p.source);
        }
      }
    });
    return out;
  }

  /** Index tokens a question word matches: itself, and longer tokens it starts (4+ letters). */
  private matching(word: string): string[] {
    const out = this.postings.has(word) ? [word] : [];
    if (word.length >= 4) {
      for (const token of this.prefixes(word)) if (token !== word) out.push(token);
    }
    return out;
  }

  private prefixes(prefix: string): string[] {
    const tokens = this.sortedTokens;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tokens[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < tokens.length && (tokens[i] ?? '').startsWith(prefix); i++) out.push(tokens[i] ?? '');
    return out;
  }
}

function describe(why: Map<string, Set<string>> | undefined): string {
  if (!why) return '';
  return [...why].map(([where, what]) => `${where}: ${[...what].slice(0, 4).join(', ')}`).join('; ');
}

/** The `k` items with the highest scores, best first (a min-heap of size k over all of them). */
function topByScore(items: readonly number[], score: (item: number) => number, k: number): number[] {
  const heap: { item: number; score: number }[] = [];
  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l]!.score < heap[m]!.score) m = l;
      if (r < heap.length && heap[r]!.score < heap[m]!.score) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const item of items) {
    const s = score(item);
    if (heap.length < k) {
      heap.push({ item, score: s });
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (heap[parent]!.score <= heap[i]!.score) break;
        swap(i, parent);
        i = parent;
      }
    } else if (s > heap[0]!.score) {
      heap[0] = { item, score: s };
      down(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score).map((h) => h.item);
}
