/**
 * A data contract as this product uses it: what an ODCS v3.1.0 document says of its servers,
 * objects (tables), properties (columns) and quality rules, read from the document's value once it
 * has passed validation. Physical names win over logical ones: they are what Athena sees.
 */
export interface ContractServer {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  /** s3:// (s3, glue) or a path (local). */
  readonly location?: string;
  /** The Glue database (glue `database`, athena `schema`). */
  readonly database?: string;
  readonly delimiter?: string;
}

export interface ContractRule {
  readonly id?: string;
  readonly name?: string;
  readonly type: string;
  readonly metric?: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly severity?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface ContractProperty {
  readonly name: string;
  readonly logicalType?: string;
  readonly physicalType?: string;
  readonly description?: string;
  readonly required: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly partitioned: boolean;
  readonly partitionKeyPosition?: number;
  readonly quality: readonly ContractRule[];
}

export interface ContractObject {
  readonly name: string;
  readonly description?: string;
  readonly properties: readonly ContractProperty[];
  readonly quality: readonly ContractRule[];
}

export interface Contract {
  readonly id: string;
  readonly version: string;
  readonly servers: readonly ContractServer[];
  readonly objects: readonly ContractObject[];
  /** The contract's SLAs as written (freshness is tested). */
  readonly slaProperties: readonly Readonly<Record<string, unknown>>[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : []);
const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));

function rules(v: unknown): ContractRule[] {
  return list(v).map((r) => ({
    type: text(r.type) ?? (r.metric !== undefined ? 'library' : 'library'),
    ...opt('id', text(r.id)),
    ...opt('name', text(r.name)),
    ...opt('metric', text(r.metric)),
    ...opt('arguments', isObject(r.arguments) ? r.arguments : undefined),
    ...opt('severity', text(r.severity)),
    raw: r,
  }));
}

export function readContract(value: unknown): Contract {
  const c = isObject(value) ? value : {};
  return {
    id: text(c.id) ?? 'contract',
    version: text(c.version) ?? '',
    servers: list(c.servers).map((s) => ({
      name: text(s.server) ?? text(s.type) ?? 'server',
      type: text(s.type) ?? '',
      ...opt('format', text(s.format)?.toLowerCase()),
      ...opt('location', text(s.location) ?? text(s.path)),
      ...opt('database', text(s.database) ?? text(s.schema)),
      ...opt('delimiter', text(s.delimiter)),
    })),
    objects: list(c.schema).map((o) => ({
      name: (text(o.physicalName) ?? text(o.name) ?? '').toLowerCase(),
      ...opt('description', text(o.description)),
      properties: list(o.properties).map((p) => ({
        name: (text(p.physicalName) ?? text(p.name) ?? '').toLowerCase(),
        ...opt('logicalType', text(p.logicalType)),
        ...opt('physicalType', text(p.physicalType)?.toLowerCase()),
        ...opt('description', text(p.description)),
        required: p.required === true,
        unique: p.unique === true,
        primaryKey: p.primaryKey === true,
        partitioned: p.partitioned === true,
        ...opt('partitionKeyPosition', typeof p.partitionKeyPosition === 'number' && p.partitionKeyPosition >= 1 ? p.partitionKeyPosition : undefined),
        quality: rules(p.quality),
      })),
      quality: rules(o.quality),
    })),
    slaProperties: list(c.slaProperties),
  };
}

/** The Athena (DDL) type of a property: its physicalType, else one for its logicalType. */
export function columnType(p: ContractProperty): string {
  if (p.physicalType) return p.physicalType;
  switch (p.logicalType) {
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    default:
      return 'string';
  }
}

/** The partition properties, in partitionKeyPosition order (then the order written). */
export function partitionProperties(o: ContractObject): ContractProperty[] {
  return o.properties
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.partitioned)
    .sort((a, b) => (a.p.partitionKeyPosition ?? 1e9) - (b.p.partitionKeyPosition ?? 1e9) || a.i - b.i)
    .map(({ p }) => p);
}
