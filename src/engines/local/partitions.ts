import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Partition, Table } from '../../core/catalog/model';
import { dataFiles } from './files';
import { asFolder, type S3Map } from './s3Map';
import { CatalogError } from './localCatalog';

/** `year=2024/month=01/`, Hive-style, with Hive's escaping of special characters. */
export function partitionPath(table: Table, values: readonly string[]): string {
  return table.partitionKeys.map((k, i) => `${k.name}=${escapePathValue(values[i] ?? '')}`).join('/') + '/';
}

function escapePathValue(v: string): string {
  // eslint-disable-next-line no-control-regex -- Hive escapes control characters in partition paths
  return v.replace(/[\u0000-\u001f"#%'*/:=?\\\u007f{[\]^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function unescapePathValue(v: string): string {
  return v.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Values of a partition spec in key order; every key must be given. */
export function specValues(table: Table, spec: Readonly<Record<string, string>>): string[] {
  const given = Object.keys(spec);
  for (const g of given) {
    if (!table.partitionKeys.some((k) => k.name === g)) throw new CatalogError(`${g} is not a partition key of ${table.database}.${table.name} (keys: ${table.partitionKeys.map((k) => k.name).join(', ')}).`);
  }
  return table.partitionKeys.map((k) => {
    const v = spec[k.name];
    if (v === undefined) throw new CatalogError(`The partition spec must give a value for every partition key; ${k.name} is missing.`);
    return v;
  });
}

/**
 * What MSCK REPAIR TABLE finds: Hive-style `k=v/` folders, keys in the table's order, that hold
 * data files.
 */
export async function discoverPartitions(table: Table, map: S3Map): Promise<Partition[]> {
  const location = table.storage.location;
  if (!location || !table.partitionKeys.length) return [];
  const root = map.toLocal(location);
  const found: Partition[] = [];
  const walk = async (dir: string, depth: number, values: string[], rel: string): Promise<void> => {
    if (depth === table.partitionKeys.length) {
      if ((await dataFiles(dir)).length) found.push({ values, location: asFolder(location) + rel });
      return;
    }
    const key = (table.partitionKeys[depth]?.name ?? '').toLowerCase();
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isDirectory()) continue;
      const eq = e.name.indexOf('=');
      if (eq < 0 || e.name.slice(0, eq).toLowerCase() !== key) continue;
      await walk(join(dir, e.name), depth + 1, [...values, unescapePathValue(e.name.slice(eq + 1))], `${rel}${e.name}/`);
    }
  };
  await walk(root, 0, [], '');
  return found;
}
