import { quoteIdent } from '../sql/identifiers';
import { columnType, type Contract, type ContractObject, type ContractProperty, type ContractRule } from './model';

/**
 * A contract's tests as SQL: per object, one aggregate query (one scan) computes every library
 * metric of the object and its properties, the schema's `required` and `unique`, and freshness;
 * duplicates over several properties and `type: sql` rules run apart; the columns come from
 * DESCRIBE. `evaluate` turns the rows into results.
 */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error';

export interface CheckResult {
  readonly id: string;
  readonly object: string;
  readonly property?: string;
  readonly name: string;
  readonly status: CheckStatus;
  readonly measured?: number | string;
  readonly threshold?: string;
  readonly message?: string;
  readonly sql?: string;
}

export interface PlannedQuery {
  readonly key: string;
  readonly sql: string;
}

/** One check: what it measures (a column of a query's first row), and how that is judged. */
interface Check {
  readonly id: string;
  readonly object: string;
  readonly property?: string;
  readonly name: string;
  readonly query: string;
  readonly column: number;
  readonly percentOf?: number;
  readonly judge: (measured: number) => { ok: boolean; threshold: string } | { error: string };
  readonly blocking: boolean;
}

export interface TestPlan {
  readonly queries: readonly PlannedQuery[];
  readonly checks: readonly Check[];
  /** Checks that cannot run (a `text` rule, an unknown metric): reported as they are. */
  readonly notRun: readonly CheckResult[];
  /** The objects whose columns DESCRIBE gives, for the schema checks. */
  readonly described: readonly { readonly object: ContractObject; readonly key: string }[];
}

const textOf = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const COMPARATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', 'mustBeBetween', 'mustNotBeBetween'] as const;

/** The rule's comparator as a judge of a measured number. */
function judge(rule: Readonly<Record<string, unknown>>): Check['judge'] {
  const given = COMPARATORS.filter((c) => rule[c] !== undefined);
  if (given.length !== 1) return () => ({ error: given.length ? `the rule has ${given.length} comparators (${given.join(', ')}); it takes one` : 'the rule has no comparator (mustBe, mustBeLessThan, …)' });
  const c = given[0] as (typeof COMPARATORS)[number];
  const v = rule[c];
  const pair = Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number') ? (v as [number, number]) : undefined;
  const n = typeof v === 'number' ? v : undefined;
  return (m) => {
    switch (c) {
      case 'mustBe':
        return { ok: m === Number(v), threshold: `= ${String(v)}` };
      case 'mustNotBe':
        return { ok: m !== Number(v), threshold: `≠ ${String(v)}` };
      case 'mustBeBetween':
      case 'mustNotBeBetween': {
        if (!pair) return { error: `${c} takes two numbers` };
        const inside = m >= pair[0] && m <= pair[1];
        return { ok: c === 'mustBeBetween' ? inside : !inside, threshold: `${c === 'mustBeBetween' ? 'between' : 'not between'} ${pair[0]} and ${pair[1]}` };
      }
      default: {
        if (n === undefined) return { error: `${c} takes a number` };
        const [ok, sign] = { mustBeGreaterThan: [m > n, '>'], mustBeGreaterOrEqualTo: [m >= n, '≥'], mustBeLessThan: [m < n, '<'], mustBeLessOrEqualTo: [m <= n, '≤'] }[c] as [boolean, string];
        return { ok, threshold: `${sign} ${n}` };
      }
    }
  };
}

const isText = (p: ContractProperty): boolean => /^(string|varchar|char)/.test(columnType(p));

/** The SQL expression that counts what a library metric counts, for one property. */
function metricExpr(metric: string, p: ContractProperty, args: Readonly<Record<string, unknown>> | undefined): string | { error: string } {
  const col = quoteIdent(p.name);
  const asText = isText(p) ? col : `CAST(${col} AS varchar)`;
  switch (metric) {
    case 'nullValues':
      return `count_if(${col} IS NULL)`;
    case 'missingValues': {
      const listed = Array.isArray(args?.missingValues) ? args.missingValues.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String) : undefined;
      const tokens = listed ?? [''];
      const blank = listed ? '' : ` OR trim(${asText}) = ''`;
      return `count_if(${col} IS NULL${blank}${tokens.length ? ` OR ${asText} IN (${tokens.map(str).join(', ')})` : ''})`;
    }
    case 'invalidValues': {
      if (Array.isArray(args?.validValues)) return `count_if(${col} IS NOT NULL AND ${asText} NOT IN (${args.validValues.map((v) => str(String(v))).join(', ')}))`;
      if (typeof args?.pattern === 'string') return `count_if(${col} IS NOT NULL AND NOT regexp_like(${asText}, ${str(args.pattern)}))`;
      return { error: 'invalidValues needs arguments.validValues or arguments.pattern' };
    }
    case 'duplicateValues':
      return `count(${col}) - count(DISTINCT ${col})`;
    default:
      return { error: `unknown metric ${metric}` };
  }
}

const UNITS: Record<string, string> = { d: 'day', day: 'day', days: 'day', h: 'hour', hour: 'hour', hours: 'hour', m: 'minute', min: 'minute', minutes: 'minute' };

/**
 * The plan of a contract's tests against `database` (each object a table there): the queries to
 * run and the checks read from their first rows.
 */
export function planContractTests(contract: Contract, database: string, slaProperties: readonly Readonly<Record<string, unknown>>[] = []): TestPlan {
  const queries: PlannedQuery[] = [];
  const checks: Check[] = [];
  const notRun: CheckResult[] = [];
  const described: { object: ContractObject; key: string }[] = [];
  for (const o of contract.objects) {
    const table = `${quoteIdent(database)}.${quoteIdent(o.name)}`;
    const key = `agg:${o.name}`;
    const exprs: string[] = ['count(*)'];
    const add = (expr: string): number => exprs.push(expr) - 1;
    const blocking = (r?: ContractRule): boolean => !r?.severity || !/^(info|warning|warn)$/i.test(r.severity);
    const ruleCheck = (r: ContractRule, i: number, p: ContractProperty | undefined): void => {
      const where = p ? `${o.name}.${p.name}` : o.name;
      const id = r.id ?? `${where}.${r.metric ?? r.type}.${i + 1}`;
      const name = r.name ?? `${r.metric ?? r.type} of ${where}`;
      const base = { id, object: o.name, ...(p ? { property: p.name } : {}), name };
      if (r.type === 'text') return void notRun.push({ ...base, status: 'warning', message: 'A text rule describes quality in words: it is not executable.' });
      if (r.type === 'custom') return void notRun.push({ ...base, status: 'warning', message: 'A custom rule belongs to another tool: it is not run here.' });
      if (r.type === 'sql') {
        const q = typeof r.raw.query === 'string' ? r.raw.query : undefined;
        if (!q) return void notRun.push({ ...base, status: 'error', message: 'A sql rule needs its query.' });
        const sql = q.replace(/\$\{object\}|\$\{table\}/g, table).replace(/\$\{property\}|\$\{column\}/g, p ? quoteIdent(p.name) : '${property}');
        const k = `sql:${id}`;
        queries.push({ key: k, sql });
        return void checks.push({ ...base, query: k, column: 0, judge: judge(r.raw), blocking: blocking(r) });
      }
      const metric = r.metric ?? '';
      if (metric === 'rowCount') return void checks.push({ ...base, query: key, column: 0, judge: judge(r.raw), blocking: blocking(r) });
      if (metric === 'duplicateValues' && !p) {
        const props = Array.isArray(r.arguments?.properties) ? r.arguments.properties.map(String) : [];
        if (!props.length) return void notRun.push({ ...base, status: 'error', message: 'duplicateValues on an object needs arguments.properties.' });
        const cols = props.map((x) => quoteIdent(x.toLowerCase())).join(', ');
        const k = `dup:${id}`;
        queries.push({ key: k, sql: `SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ${table} GROUP BY ${cols})` });
        return void checks.push({ ...base, query: k, column: 0, judge: judge(r.raw), blocking: blocking(r), ...(r.raw.unit === 'percent' ? { percentOf: 0 } : {}) });
      }
      if (!p) return void notRun.push({ ...base, status: 'error', message: `${metric || 'A metric'} applies to a property; on an object only rowCount and duplicateValues do.` });
      const expr = metricExpr(metric, p, r.arguments);
      if (typeof expr !== 'string') return void notRun.push({ ...base, status: 'error', message: expr.error });
      checks.push({ ...base, query: key, column: add(expr), judge: judge(r.raw), blocking: blocking(r), ...(r.raw.unit === 'percent' ? { percentOf: 0 } : {}) });
    };
    o.quality.forEach((r, i) => ruleCheck(r, i, undefined));
    for (const p of o.properties) {
      const base = { object: o.name, property: p.name };
      if (p.required) checks.push({ ...base, id: `${o.name}.${p.name}.required`, name: `${p.name} is required (no NULLs)`, query: key, column: add(`count_if(${quoteIdent(p.name)} IS NULL)`), judge: (m) => ({ ok: m === 0, threshold: '= 0 NULLs' }), blocking: true });
      if (p.unique || p.primaryKey) checks.push({ ...base, id: `${o.name}.${p.name}.unique`, name: `${p.name} is ${p.primaryKey ? 'a primary key' : 'unique'} (no duplicates)`, query: key, column: add(metricExpr('duplicateValues', p, undefined) as string), judge: (m) => ({ ok: m === 0, threshold: '= 0 duplicates' }), blocking: true });
      p.quality.forEach((r, i) => ruleCheck(r, i, p));
    }
    // Freshness: an SLA on one of this object's date or timestamp columns.
    for (const [i, sla] of slaProperties.entries()) {
      const prop = textOf(sla.property).toLowerCase();
      const element = textOf(sla.element).toLowerCase();
      if (!['freshness', 'latency'].includes(prop) || !element.startsWith(`${o.name}.`)) continue;
      const column = element.slice(o.name.length + 1);
      const unit = UNITS[(textOf(sla.unit) || 'd').toLowerCase()];
      const id = typeof sla.id === 'string' ? sla.id : `${o.name}.${column}.freshness.${i + 1}`;
      const limit = Number(sla.value);
      if (!unit || !Number.isFinite(limit)) {
        notRun.push({ id, object: o.name, property: column, name: `freshness of ${column}`, status: 'error', message: 'A freshness SLA needs a number value and a unit (d, h or m).' });
        continue;
      }
      checks.push({
        id,
        object: o.name,
        property: column,
        name: `${column} is at most ${limit} ${unit}${limit === 1 ? '' : 's'} old`,
        query: key,
        column: add(`date_diff('${unit}', CAST(max(${quoteIdent(column)}) AS timestamp), CAST(current_timestamp AS timestamp))`),
        judge: (m) => ({ ok: m <= limit, threshold: `≤ ${limit} ${unit}${limit === 1 ? '' : 's'}` }),
        blocking: textOf(sla.driver) !== 'analytics',
      });
    }
    queries.unshift({ key, sql: `SELECT\n  ${exprs.join(',\n  ')}\nFROM ${table}` });
    const describeKey = `describe:${o.name}`;
    queries.push({ key: describeKey, sql: `DESCRIBE ${table}` });
    described.push({ object: o, key: describeKey });
  }
  // Percentages are of the object's row count, the first column of its aggregate query.
  return { queries, checks, notRun, described };
}

/** Athena type names as DESCRIBE gives them, made comparable with a contract's. */
export function sameType(contract: string, table: string): boolean {
  const norm = (t: string): string =>
    t
      .toLowerCase()
      .replace(/\s+/g, '')
      .replace(/\binteger\b/g, 'int')
      .replace(/\bvarchar(\(\d+\))?/g, 'string')
      .replace(/\bchar\(\d+\)/g, 'string')
      .replace(/^decimal$/, 'decimal(10,0)')
      .replace(/\breal\b/g, 'float');
  return norm(contract) === norm(table);
}

export type QueryOutcome = { readonly ok: true; readonly rows: readonly (readonly unknown[])[] } | { readonly ok: false; readonly message: string };

/** The results of a plan, from the outcome of each of its queries (by key). */
export function evaluateContractTests(plan: TestPlan, outcomes: ReadonlyMap<string, QueryOutcome>, sqlOf: (key: string) => string): CheckResult[] {
  const results: CheckResult[] = [];
  // Schema first: the object exists, and each property with a compatible type.
  for (const { object, key } of plan.described) {
    const out = outcomes.get(key);
    if (!out?.ok) {
      results.push({ id: `${object.name}.exists`, object: object.name, name: `${object.name} exists`, status: 'failed', message: out?.message ?? 'not run', sql: sqlOf(key) });
      continue;
    }
    results.push({ id: `${object.name}.exists`, object: object.name, name: `${object.name} exists`, status: 'passed', sql: sqlOf(key) });
    const columns = new Map(out.rows.map((r) => [String(r[0]).toLowerCase(), String(r[1])]));
    for (const p of object.properties) {
      const found = columns.get(p.name);
      const expected = columnType(p);
      const base = { id: `${object.name}.${p.name}.type`, object: object.name, property: p.name, name: `${p.name} is ${expected}`, threshold: expected, sql: sqlOf(key) };
      if (found === undefined) results.push({ ...base, status: 'failed', message: `${object.name} has no column ${p.name}` });
      else if (!p.physicalType && !p.logicalType) results.push({ ...base, status: 'passed', measured: found });
      else if (sameType(expected, found)) results.push({ ...base, status: 'passed', measured: found });
      // A raw table over text keeps what its SerDe cannot parse as a string, for staging to cast.
      else if (/^(string|varchar)/i.test(found) && !/^(string|varchar|char|array|map|struct|row)/i.test(expected)) results.push({ ...base, status: 'warning', measured: found, message: "text in the table: a raw layer's string, cast in staging" });
      else results.push({ ...base, status: 'failed', measured: found });
    }
  }
  for (const c of plan.checks) {
    const out = outcomes.get(c.query);
    const base = { id: c.id, object: c.object, ...(c.property ? { property: c.property } : {}), name: c.name, sql: sqlOf(c.query) };
    if (!out) {
      results.push({ ...base, status: 'error', message: 'not run' });
      continue;
    }
    if (!out.ok) {
      results.push({ ...base, status: 'error', message: out.message });
      continue;
    }
    const row = out.rows[0] ?? [];
    const raw = row[c.column];
    let measured = raw === null || raw === undefined ? Number.NaN : Number(raw);
    if (c.percentOf !== undefined) {
      const total = Number(row[c.percentOf]);
      measured = total > 0 ? Math.round((10_000 * measured) / total) / 100 : 0;
    }
    if (!Number.isFinite(measured)) {
      results.push({ ...base, status: 'error', message: `the query gave ${raw === null || raw === undefined ? 'NULL' : textOf(raw)}, not a number` });
      continue;
    }
    const verdict = c.judge(measured);
    if ('error' in verdict) results.push({ ...base, status: 'error', measured, message: verdict.error });
    else results.push({ ...base, status: verdict.ok ? 'passed' : c.blocking ? 'failed' : 'warning', measured: c.percentOf !== undefined ? `${measured}%` : measured, threshold: `${verdict.threshold}${c.percentOf !== undefined ? '%' : ''}` });
  }
  return [...results, ...plan.notRun];
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A JUnit XML report of the results, a test case per check, grouped by object. */
export function junitReport(contractId: string, results: readonly CheckResult[]): string {
  const objects = [...new Set(results.map((r) => r.object))];
  const suites = objects.map((o) => {
    const mine = results.filter((r) => r.object === o);
    const cases = mine.map((r) => {
      const detail = [r.measured !== undefined ? `measured: ${String(r.measured)}` : '', r.threshold ? `threshold: ${r.threshold}` : '', r.message ?? '', r.sql ? `sql: ${r.sql}` : ''].filter(Boolean).join('\n');
      const body = r.status === 'failed' ? `<failure message="${xml(r.message ?? `measured ${String(r.measured)}, expected ${r.threshold ?? ''}`)}">${xml(detail)}</failure>` : r.status === 'error' ? `<error message="${xml(r.message ?? 'error')}">${xml(detail)}</error>` : r.status === 'warning' ? `<system-out>${xml(`warning: ${detail}`)}</system-out>` : '';
      return `    <testcase classname="${xml(`${contractId}.${o}`)}" name="${xml(`${r.id}: ${r.name}`)}">${body}</testcase>`;
    });
    const count = (s: CheckStatus): number => mine.filter((r) => r.status === s).length;
    return `  <testsuite name="${xml(`${contractId}.${o}`)}" tests="${mine.length}" failures="${count('failed')}" errors="${count('error')}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const count = (s: CheckStatus): number => results.filter((r) => r.status === s).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(contractId)}" tests="${results.length}" failures="${count('failed')}" errors="${count('error')}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Every check a contract's tests make, in the order of their results (for a test tree). */
export function plannedChecks(contract: Contract, database: string): { readonly id: string; readonly object: string; readonly property?: string; readonly name: string }[] {
  const plan = planContractTests(contract, database, contract.slaProperties);
  const schema = plan.described.flatMap(({ object: o }) => [
    { id: `${o.name}.exists`, object: o.name, name: `${o.name} exists` },
    ...o.properties.map((p) => ({ id: `${o.name}.${p.name}.type`, object: o.name, property: p.name, name: `${p.name} is ${columnType(p)}` })),
  ]);
  const strip = ({ id, object, property, name }: { id: string; object: string; property?: string; name: string }): { id: string; object: string; property?: string; name: string } => ({ id, object, ...(property ? { property } : {}), name });
  return [...schema, ...plan.checks.map(strip), ...plan.notRun.map(strip)];
}
