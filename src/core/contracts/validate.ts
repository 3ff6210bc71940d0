import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import odcsSchema from './odcs-v3.1.0.schema.json';
import { athenaNameProblem, athenaTypeProblem } from './athenaType';
import { YamlFile, type PathSegment, type TextRange } from './yamlDocument';

/** The ODCS version whose JSON schema contracts are checked against. */
export const ODCS_VERSION = 'v3.1.0';
/** The server types this product reads and writes (others are left to their own tools). */
export const LAKEHOUSE_SERVER_TYPES = ['athena', 'glue', 's3', 'local'] as const;
/** Formats a raw table can be declared over. */
export const CONTRACT_FORMATS = ['csv', 'json', 'parquet', 'orc', 'avro', 'iceberg'] as const;

export interface ContractProblem {
  readonly message: string;
  readonly range: TextRange;
  readonly severity: 'error' | 'warning';
  /** Who says so: the YAML reader, the standard's JSON schema, or this product's own rules. */
  readonly source: 'yaml' | 'odcs' | 'lakehouse';
  readonly path: readonly PathSegment[];
}

let compiled: ValidateFunction | undefined;
/** The standard's schema, compiled once (it is large: this happens on the first contract only). */
function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv2019({ allErrors: true, strict: false, validateFormats: false, verbose: true }).compile(odcsSchema as object);
  return compiled;
}

/** The JSON schema of the standard (for completion and hover). */
export const contractSchema: unknown = odcsSchema;

const pointer = (p: string): PathSegment[] =>
  p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const label = (path: readonly PathSegment[]): string => {
  const last = path[path.length - 1];
  return last === undefined ? 'the contract' : typeof last === 'number' ? `item ${last + 1} of ${String(path[path.length - 2] ?? '')}` : `'${last}'`;
};

/** One clear problem per schema error; the wrappers of conditional schemas say nothing of their own. */
function schemaProblems(file: YamlFile, errors: readonly ErrorObject[]): ContractProblem[] {
  const out: ContractProblem[] = [];
  const firstLine = (): TextRange => ({ start: 0, end: Math.max(1, file.text.indexOf('\n') < 0 ? file.text.length : file.text.indexOf('\n')) });
  for (const e of errors) {
    const path = pointer(e.instancePath);
    const at = (p: readonly PathSegment[], key: boolean): TextRange => (key ? file.keyRange(p) : file.valueRange(p)) ?? (p.length ? (file.keyRange(p.slice(0, -1)) ?? firstLine()) : firstLine());
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'if':
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
      case 'not':
        continue;
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const key = String(params.additionalProperty ?? params.unevaluatedProperty);
        out.push({ message: `Unknown key '${key}': ODCS ${ODCS_VERSION} has no such key ${path.length ? `in ${label(path)}` : 'at the top level'}.`, range: at([...path, key], true), severity: 'error', source: 'odcs', path: [...path, key] });
        break;
      }
      case 'required':
        out.push({ message: `${path.length ? `${label(path)} needs` : 'The contract needs'} the key '${String(params.missingProperty)}'.`, range: path.length ? at(path, true) : firstLine(), severity: 'error', source: 'odcs', path });
        break;
      case 'type':
        out.push({ message: `${label(path)} must be ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)}.`, range: at(path, false), severity: 'error', source: 'odcs', path });
        break;
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map(String);
        const given = typeof e.data === 'string' ? e.data : '';
        const near = allowed.find((a) => editDistance(a.toLowerCase(), given.toLowerCase()) <= 2);
        const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')} …` : `${allowed.join(', ')}.`;
        out.push({ message: `${label(path)} must be one of: ${list}${near ? ` Did you mean '${near}'?` : ''}`, range: at(path, false), severity: 'error', source: 'odcs', path });
        break;
      }
      default:
        out.push({ message: `${label(path)} ${e.message ?? 'is not valid'}.`, range: at(path, false), severity: 'error', source: 'odcs', path });
    }
  }
  // The same problem reached through two branches of the schema is said once.
  const seen = new Set<string>();
  return out.filter((p) => {
    const k = `${p.range.start}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] ?? 0;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** This product's own rules: Athena types and names, and the servers it uses complete. */
function lakehouseProblems(file: YamlFile, contract: Record<string, unknown>): ContractProblem[] {
  const out: ContractProblem[] = [];
  const add = (path: PathSegment[], message: string, key = false, severity: 'error' | 'warning' = 'error'): void => {
    const range = (key ? file.keyRange(path) : file.valueRange(path)) ?? file.keyRange(path.slice(0, -1));
    if (range) out.push({ message, range, severity, source: 'lakehouse', path });
  };
  const objects = Array.isArray(contract.schema) ? contract.schema : [];
  objects.forEach((o: unknown, i) => {
    if (!isObject(o)) return;
    const physical = text(o.physicalName);
    const name = physical ?? text(o.name);
    if (name !== undefined) {
      const problem = athenaNameProblem(name, 'The table name');
      if (problem) add(['schema', i, physical !== undefined ? 'physicalName' : 'name'], `${problem}.`);
    }
    const properties = Array.isArray(o.properties) ? o.properties : [];
    const positions = new Map<number, string>();
    properties.forEach((p: unknown, j) => {
      if (!isObject(p)) return;
      const at: PathSegment[] = ['schema', i, 'properties', j];
      const column = text(p.physicalName) ?? text(p.name);
      if (column !== undefined) {
        const problem = athenaNameProblem(column, 'The column name');
        if (problem) add([...at, text(p.physicalName) !== undefined ? 'physicalName' : 'name'], `${problem}.`);
      }
      const type = text(p.physicalType);
      if (type !== undefined) {
        const problem = athenaTypeProblem(type);
        if (problem) add([...at, 'physicalType'], `physicalType '${type}' is not an Athena type: ${problem.message}.`);
      }
      if (p.partitioned === true && typeof p.partitionKeyPosition === 'number' && p.partitionKeyPosition >= 1) {
        const other = positions.get(p.partitionKeyPosition);
        if (other !== undefined) add([...at, 'partitionKeyPosition'], `partitionKeyPosition ${p.partitionKeyPosition} is also ${other}'s.`);
        else positions.set(p.partitionKeyPosition, column ?? `property ${j + 1}`);
      }
    });
  });
  const servers = Array.isArray(contract.servers) ? contract.servers : [];
  servers.forEach((s: unknown, i) => {
    if (!isObject(s)) return;
    const type = text(s.type);
    if (!type || !(LAKEHOUSE_SERVER_TYPES as readonly string[]).includes(type)) return;
    const at: PathSegment[] = ['servers', i];
    // What the standard does not require but DDL needs (it requires an athena server's schema and stagingDir itself).
    const needs: Record<string, readonly string[]> = { glue: ['location', 'format'], s3: ['format'], local: [] };
    const missing = (needs[type] ?? []).filter((k) => text(s[k]) === undefined || text(s[k]) === '');
    if (missing.length) add([...at, 'type'], `A${/^[aeiou]/.test(type) ? 'n' : ''} ${type} server needs ${missing.map((k) => `'${k}'`).join(' and ')} for Lakehouse Tools to write its DDL and test it.`);
    const location = text(s.location);
    if ((type === 's3' || type === 'glue') && location !== undefined && !/^s3:\/\/[^/]+/.test(location)) add([...at, 'location'], `The location of a ${type} server is an s3:// URL.`);
    const format = text(s.format);
    if (format !== undefined && !(CONTRACT_FORMATS as readonly string[]).includes(format.toLowerCase())) add([...at, 'format'], `Athena reads ${CONTRACT_FORMATS.join(', ')}; not '${format}'.`);
  });
  return out;
}

/** Every problem of a contract's text: YAML syntax, the standard's schema, then our own rules. */
export function validateContract(text: string): ContractProblem[] {
  const file = new YamlFile(text);
  if (file.syntaxErrors.length) return file.syntaxErrors.map((e) => ({ message: e.message, range: e.range, severity: 'error', source: 'yaml', path: [] }));
  if (!isObject(file.value)) return [{ message: 'A data contract is a YAML mapping (apiVersion, kind, id, schema, …).', range: { start: 0, end: Math.max(1, Math.min(text.length, 80)) }, severity: 'error', source: 'odcs', path: [] }];
  const validate = schemaValidator();
  const problems = validate(file.value) ? [] : schemaProblems(file, validate.errors ?? []);
  return [...problems, ...lakehouseProblems(file, file.value)].sort((a, b) => a.range.start - b.range.start);
}
