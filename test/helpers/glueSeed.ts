/**
 * Seeds a large Glue catalog on moto over its JSON API (plain HTTP: no SDK is loaded, so the
 * extension host's activation test still sees none): a database of many tables and one table of
 * many partitions, as in the Catalog view's acceptance and bench/catalog.
 */

async function glue(endpoint: string, region: string, action: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSGlue.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/glue/aws4_request, SignedHeaders=host, Signature=seed`,
    },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`Glue ${action} refused by moto: ${r.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export const tableName = (i: number): string => `t_${String(i).padStart(5, '0')}`;

export interface BigCatalog {
  readonly database: string;
  readonly tables: number;
  /** The table with partitions (`events`, partitioned by dt). */
  readonly partitionedTable: string;
  readonly partitions: number;
}

/** Creates the database (once: an existing one with the same table count is reused). */
export async function seedBigCatalog(endpoint: string, region: string, c: BigCatalog, concurrency = 8): Promise<{ ms: number; reused: boolean }> {
  const started = performance.now();
  const existing = await glue(endpoint, region, 'GetTables', { DatabaseName: c.database, Expression: `${c.partitionedTable}` }).catch(() => undefined);
  if (existing && Array.isArray(existing.TableList) && existing.TableList.length) return { ms: performance.now() - started, reused: true };
  await glue(endpoint, region, 'CreateDatabase', { DatabaseInput: { Name: c.database, Description: `${c.tables.toLocaleString('en')} tables` } });
  const storage = (location: string) => ({
    Columns: [
      { Name: 'id', Type: 'bigint' },
      { Name: 'amount', Type: 'decimal(12,2)' },
      { Name: 'label', Type: 'string' },
    ],
    Location: location,
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: {} },
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < c.tables) {
        const i = next++;
        await glue(endpoint, region, 'CreateTable', { DatabaseName: c.database, TableInput: { Name: tableName(i), TableType: 'EXTERNAL_TABLE', StorageDescriptor: storage(`s3://lh-big/${tableName(i)}/`) } });
      }
    }),
  );
  await glue(endpoint, region, 'CreateTable', {
    DatabaseName: c.database,
    TableInput: { Name: c.partitionedTable, TableType: 'EXTERNAL_TABLE', StorageDescriptor: storage(`s3://lh-big/${c.partitionedTable}/`), PartitionKeys: [{ Name: 'dt', Type: 'string' }] },
  });
  const day = (i: number): string => new Date(Date.UTC(2012, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const batches: Promise<unknown>[] = [];
  for (let from = 0; from < c.partitions; from += 100) {
    const inputs = Array.from({ length: Math.min(100, c.partitions - from) }, (_, k) => ({ Values: [day(from + k)], StorageDescriptor: storage(`s3://lh-big/${c.partitionedTable}/dt=${day(from + k)}/`) }));
    batches.push(glue(endpoint, region, 'BatchCreatePartition', { DatabaseName: c.database, TableName: c.partitionedTable, PartitionInputList: inputs }));
  }
  await Promise.all(batches);
  return { ms: performance.now() - started, reused: false };
}
