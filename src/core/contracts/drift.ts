import { dataFormat, type Table } from '../catalog/model';
import { sameType } from './checks';
import { objectLocation } from './ddl';
import { columnType, partitionProperties, type Contract, type ContractServer } from './model';

/** A difference between a contract and the catalog's table for one of its objects. */
export interface Drift {
  readonly object: string;
  readonly kind: 'missing-table' | 'missing-column' | 'extra-column' | 'type' | 'partition-keys' | 'location' | 'format';
  readonly column?: string;
  readonly message: string;
}

const FORMATS: Record<string, string[]> = { csv: ['csv-opencsv', 'csv-lazysimple'], json: ['json'], parquet: ['parquet'], orc: ['orc'], avro: ['avro'], iceberg: ['iceberg'] };
const folder = (s: string): string => (s.endsWith('/') ? s : `${s}/`);

/**
 * How the catalog's tables differ from the contract: tables missing; columns missing, extra or of
 * another type; partition keys; and, against the server whose files the tables read, location
 * and format.
 */
export function contractDrift(contract: Contract, tables: ReadonlyMap<string, Table | undefined>, server?: ContractServer): Drift[] {
  const out: Drift[] = [];
  for (const o of contract.objects) {
    const t = tables.get(o.name);
    if (!t) {
      out.push({ object: o.name, kind: 'missing-table', message: `${o.name} is not in the catalog` });
      continue;
    }
    const columns = new Map([...t.storage.columns, ...t.partitionKeys].map((c) => [c.name.toLowerCase(), c.type]));
    const named = new Set(o.properties.map((p) => p.name));
    for (const p of o.properties) {
      const type = columns.get(p.name);
      if (type === undefined) out.push({ object: o.name, kind: 'missing-column', column: p.name, message: `${o.name}.${p.name} is in the contract, not in the table` });
      else if ((p.physicalType || p.logicalType) && !sameType(columnType(p), type)) out.push({ object: o.name, kind: 'type', column: p.name, message: `${o.name}.${p.name} is ${type} in the table, ${columnType(p)} in the contract` });
    }
    for (const name of columns.keys()) if (!named.has(name)) out.push({ object: o.name, kind: 'extra-column', column: name, message: `${o.name}.${name} is in the table, not in the contract` });
    const keys = partitionProperties(o).map((p) => p.name);
    const tableKeys = t.partitionKeys.map((k) => k.name.toLowerCase());
    if (tableKeys.length && keys.join(',') !== tableKeys.join(',')) out.push({ object: o.name, kind: 'partition-keys', message: `${o.name} is partitioned by ${tableKeys.join(', ')} in the table, by ${keys.join(', ') || 'nothing'} in the contract` });
    if (server?.location && t.storage.location && folder(t.storage.location) !== objectLocation(server, o.name)) out.push({ object: o.name, kind: 'location', message: `${o.name} reads ${t.storage.location}; the contract's server ${server.name} puts it at ${objectLocation(server, o.name)}` });
    const format = dataFormat(t);
    if (server?.format && FORMATS[server.format] && !FORMATS[server.format]?.includes(format)) out.push({ object: o.name, kind: 'format', message: `${o.name} is ${format} in the catalog, ${server.format} in the contract's server ${server.name}` });
  }
  return out;
}
