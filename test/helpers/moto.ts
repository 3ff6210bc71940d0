/** Helpers for tests that talk to the moto server the harness started (AWS_ENDPOINT_URL). */
import type { AwsSettings } from '../../src/engines/aws/clients';

// The backend layer hands moto over in AWS_ENDPOINT_URL; the extension host gets LAKEHOUSE_TEST_MOTO so
// that the extension's own endpoint setting is what takes the calls there.
export const motoEndpoint = process.env.AWS_ENDPOINT_URL ?? process.env.LAKEHOUSE_TEST_MOTO;
export const skipWithoutMoto = motoEndpoint ? false : 'no moto endpoint (run through npm test)';

export function motoUrl(): string {
  if (!motoEndpoint) throw new Error('AWS_ENDPOINT_URL is not set: run through npm test');
  return motoEndpoint;
}

export function testSettings(over: Partial<AwsSettings> = {}): AwsSettings {
  return { workgroup: 'primary', region: 'us-east-1', endpointUrl: motoUrl(), resultReuseMinutes: 0, maxAttempts: 3, ...over };
}

export interface SeedColumn {
  readonly name: string;
  readonly type: string;
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * Queues results for the next Athena executions in a region (moto records queries but does not
 * run them). Rows are given without the header; it is added as Athena does for DML (not for DDL:
 * `header: false`).
 */
export async function seedAthenaResults(region: string, results: readonly { columns: readonly SeedColumn[]; rows: readonly (readonly (string | null)[])[]; header?: boolean }[]): Promise<void> {
  const body = {
    region,
    results: results.map((r) => ({
      rows: [...(r.header === false ? [] : [r.columns.map((c) => c.name)]), ...r.rows].map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      column_info: r.columns.map((c) => ({
        CatalogName: 'hive',
        SchemaName: '',
        TableName: '',
        Name: c.name,
        Label: c.name,
        Type: c.type,
        Precision: c.precision ?? 0,
        Scale: c.scale ?? 0,
        Nullable: 'UNKNOWN',
        CaseSensitive: c.type === 'varchar',
      })),
    })),
  };
  const r = await fetch(`${motoUrl()}/moto-api/static/athena/query-results`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (r.status !== 201) throw new Error(`moto refused the seeded results: ${r.status} ${await r.text()}`);
}

/**
 * Makes Athena executions advance one state (QUEUED → RUNNING → SUCCEEDED) every `times`
 * GetQueryExecution calls, so polling and cancelling meet a running query.
 */
export async function setExecutionProgress(times: number | 'immediate'): Promise<void> {
  const path = times === 'immediate' ? 'unset-transition' : 'set-transition';
  const body = times === 'immediate' ? { model_name: 'athena::execution' } : { model_name: 'athena::execution', transition: { progression: 'manual', times } };
  const r = await fetch(`${motoUrl()}/moto-api/state-manager/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (r.status !== 201) throw new Error(`moto refused the state transition: ${r.status}`);
}
