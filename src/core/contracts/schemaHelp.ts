import odcsSchema from './odcs-v3.1.0.schema.json';
import type { PathSegment } from './yamlDocument';

type Schema = Readonly<Record<string, unknown>>;

const ROOT = odcsSchema as Schema;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the standard says of a key: for completion and hover. */
export interface KeyHelp {
  readonly name: string;
  readonly description?: string;
  readonly type?: string;
  readonly values?: readonly string[];
  readonly required: boolean;
}

/** Follows `$ref: '#/$defs/…'` (references within the standard's schema only). */
function deref(s: unknown): Schema | undefined {
  let node: unknown = s;
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 20; hops++) {
    const parts = node.$ref.replace(/^#\//, '').split('/');
    let target: unknown = ROOT;
    for (const p of parts) target = isObject(target) ? target[p] : undefined;
    node = target;
  }
  return isObject(node) ? node : undefined;
}

/** Whether an `if` of the schema holds for the value (the const/required and anyOf forms the standard uses). */
function holds(cond: unknown, instance: unknown): boolean {
  if (!isObject(cond)) return false;
  if (Array.isArray(cond.anyOf)) return cond.anyOf.some((c) => holds(c, instance));
  if (!isObject(instance)) return false;
  const required = Array.isArray(cond.required) ? cond.required.map(String) : [];
  if (required.some((k) => !(k in instance))) return false;
  const props = isObject(cond.properties) ? cond.properties : {};
  return Object.entries(props).every(([k, p]) => !isObject(p) || !('const' in p) || instance[k] === p.const || !(k in instance));
}

/** The schema and the parts that apply to this value: allOf members, and `then` where the `if` holds. */
function parts(s: Schema | undefined, instance: unknown, depth = 0): Schema[] {
  if (!s || depth > 12) return [];
  const out: Schema[] = [s];
  const add = (x: unknown): void => {
    out.push(...parts(deref(x), instance, depth + 1));
  };
  if (Array.isArray(s.allOf)) s.allOf.forEach(add);
  if ('if' in s && holds(s.if, instance)) add(s.then);
  return out;
}

function properties(s: Schema | undefined, instance: unknown): Map<string, { schema: Schema; required: boolean }> {
  const all = parts(s, instance);
  const required = new Set(all.flatMap((p) => (Array.isArray(p.required) ? p.required.map(String) : [])));
  const out = new Map<string, { schema: Schema; required: boolean }>();
  for (const p of all) {
    if (!isObject(p.properties)) continue;
    for (const [k, v] of Object.entries(p.properties)) {
      const schema = deref(v);
      if (schema && !out.has(k)) out.set(k, { schema, required: required.has(k) });
    }
  }
  return out;
}

/** The schema of the value at `path`, and that value. */
function walk(value: unknown, path: readonly PathSegment[]): { schema: Schema; instance: unknown } | undefined {
  let schema: Schema | undefined = ROOT;
  let instance: unknown = value;
  for (const step of path) {
    if (!schema) return undefined;
    if (typeof step === 'number') {
      const items = parts(schema, instance).map((p) => p.items).find((i) => i !== undefined);
      schema = deref(items);
      instance = Array.isArray(instance) ? instance[step] : undefined;
    } else {
      schema = properties(schema, instance).get(step)?.schema;
      instance = isObject(instance) ? instance[step] : undefined;
    }
  }
  return schema ? { schema, instance } : undefined;
}

function help(name: string, schema: Schema, required: boolean): KeyHelp {
  const all = parts(schema, undefined);
  const description = all.map((p) => p.description).find((d): d is string => typeof d === 'string');
  const type = all.map((p) => p.type).find((t): t is string => typeof t === 'string');
  const values = all.map((p) => p.enum).find((e): e is unknown[] => Array.isArray(e));
  return { name, required, ...(description ? { description } : {}), ...(type ? { type } : {}), ...(values ? { values: values.map(String) } : {}) };
}

/** The keys the mapping at `path` may have, per the standard (those of its type's server, for a server). */
export function keysAt(value: unknown, path: readonly PathSegment[]): KeyHelp[] {
  const at = walk(value, path);
  if (!at) return [];
  return [...properties(at.schema, at.instance)].map(([k, v]) => help(k, v.schema, v.required));
}

/** What the standard says of the key at `path`. */
export function keyHelp(value: unknown, path: readonly PathSegment[]): KeyHelp | undefined {
  const name = path[path.length - 1];
  if (typeof name !== 'string') return undefined;
  return keysAt(value, path.slice(0, -1)).find((k) => k.name === name);
}
