import { Random } from './random';

/**
 * The public-sector cloud BI sample lakehouse: agencies run digital services on cloud providers;
 * the data tracks availability and latency (reliability, SLA attainment, migrations) and spending
 * (FinOps: budgets, monthly cost, idle spend). Deterministic for a seed.
 */
export const SAMPLE_SEED = 20240101;
export const BUCKET = 'ps-cloud-lakehouse';
/** The file the sample writes in its bucket once its data is there: a workspace holding it is the sample lakehouse. */
export const SAMPLE_MARKER = '.lakehouse-sample';
export const YEARS = [2022, 2023, 2024] as const;

export interface SampleFile {
  /** Key under the bucket, e.g. `raw/agencies/agencies.csv`. */
  readonly key: string;
  readonly body: string;
  readonly rows: number;
}

const PROVIDERS = [
  { id: 'aws', name: 'Amazon Web Services', kind: 'hyperscaler', sovereign: false },
  { id: 'azure', name: 'Microsoft Azure', kind: 'hyperscaler', sovereign: false },
  { id: 'gcp', name: 'Google Cloud', kind: 'hyperscaler', sovereign: false },
  { id: 'outscale', name: 'Outscale', kind: 'sovereign', sovereign: true },
  { id: 'ovh', name: 'OVHcloud', kind: 'sovereign', sovereign: true },
  { id: 'onprem', name: 'Agency data centre', kind: 'on_premises', sovereign: true },
] as const;

const MINISTRIES = ['Economy, Finance', 'Interior', 'Health, Prevention', 'Education', 'Labour, Employment', 'Ecology', 'Justice', 'Culture'];
const REGIONS = ['Ile-de-France', 'Auvergne-Rhone-Alpes', 'Occitanie', 'Hauts-de-France', 'Grand Est', 'Bretagne', 'Normandie', 'Nouvelle-Aquitaine'];
const AGENCY_WORDS = ['Agency', 'Directorate', 'Office', 'Institute', 'Service', 'Authority'];
const TOPICS = ['Taxes', 'Benefits', 'Identity', 'Health Records', 'Schools', 'Employment', 'Environment', 'Courts', 'Heritage', 'Statistics', 'Housing', 'Transport', 'Procurement', 'Open Data', 'Pensions', 'Family Allowances', 'Customs', 'Land Registry', 'Vehicles', 'Elections'];
const SERVICE_KINDS = ['portal', 'api', 'back-office', 'mobile app', 'data platform', 'payments', 'search', 'notifications'];
const RESOURCES = [
  { type: 'compute', unit: 'vcpu_hours', price: 0.045 },
  { type: 'storage', unit: 'gb_months', price: 0.021 },
  { type: 'network', unit: 'gb_egress', price: 0.08 },
  { type: 'database', unit: 'instance_hours', price: 0.19 },
  { type: 'containers', unit: 'vcpu_hours', price: 0.05 },
  { type: 'serverless', unit: 'million_requests', price: 0.2 },
] as const;
const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
const CAUSES = ['network', 'dns', 'database', 'deployment', 'capacity', 'certificate', 'dependency', 'storage', 'configuration'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const money = (x: number): string => x.toFixed(2);
/** RFC 4180 field: quoted when it holds a comma, quote or newline. */
const csvField = (v: string | number): string => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: readonly string[], rows: readonly (readonly (string | number)[])[], quoteAll = false): string =>
  [header, ...rows].map((r) => r.map((v) => (quoteAll ? `"${String(v).replace(/"/g, '""')}"` : csvField(v))).join(',')).join('\n') + '\n';

interface Agency {
  id: string;
  name: string;
  ministry: string;
  region: string;
  headcount: number;
}

interface Service {
  id: string;
  agencyId: string;
  name: string;
  kind: string;
  criticality: 'high' | 'medium' | 'low';
  provider: string;
  /** Month index (0 = 2022-01) of a migration from on-premises to the cloud, if any. */
  migratedAt?: number;
  originalProvider: string;
  goLive: Date;
  scale: number;
}

const MONTHS = YEARS.flatMap((y) => Array.from({ length: 12 }, (_, m) => ({ year: y, month: m + 1, index: (y - YEARS[0]) * 12 + m })));
const monthLabel = (m: { year: number; month: number }): string => `${m.year}-${pad(m.month)}`;
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function generatePublicSectorLakehouse(seed = SAMPLE_SEED): SampleFile[] {
  const rnd = new Random(seed);
  const files: SampleFile[] = [];
  const add = (key: string, body: string, rows: number): void => {
    files.push({ key, body, rows });
  };

  // Agencies: names with commas, so the file has quoted fields (OpenCSVSerde).
  const agencies: Agency[] = Array.from({ length: 20 }, (_, i) => {
    const topic = TOPICS[i] as string;
    const ministry = MINISTRIES[i % MINISTRIES.length] as string;
    return {
      id: `AG${pad(i + 1, 3)}`,
      name: i % 3 === 0 ? `${topic} ${rnd.pick(AGENCY_WORDS)}, ${ministry.split(',')[0] ?? ''}` : `National ${topic} ${rnd.pick(AGENCY_WORDS)}`,
      ministry,
      region: rnd.pick(REGIONS),
      headcount: rnd.int(80, 4200),
    };
  });
  add('raw/agencies/agencies.csv', csv(['agency_id', 'agency_name', 'ministry', 'region', 'headcount'], agencies.map((a) => [a.id, a.name, a.ministry, a.region, a.headcount]), true), agencies.length);

  add('raw/providers/providers.csv', csv(['provider_id', 'provider_name', 'provider_kind', 'sovereign'], PROVIDERS.map((p) => [p.id, p.name, p.kind, String(p.sovereign)])), PROVIDERS.length);

  // Services: hosting and migrations; go-live dates in US format (MM/DD/YYYY) as exported by the
  // inventory tool, so the staging layer has to parse them.
  const services: Service[] = Array.from({ length: 150 }, (_, i) => {
    const agency = agencies[i % agencies.length] as Agency;
    const criticality = rnd.chance(0.25) ? 'high' : rnd.chance(0.55) ? 'medium' : 'low';
    const originalProvider = rnd.chance(0.45) ? 'onprem' : rnd.pick(['aws', 'azure', 'gcp', 'outscale', 'ovh']);
    const migrates = originalProvider === 'onprem' && rnd.chance(0.6);
    const migratedAt = migrates ? rnd.int(3, 32) : undefined;
    const provider = migrates ? rnd.pick(['aws', 'azure', 'gcp', 'outscale', 'ovh']) : originalProvider;
    const kind = rnd.pick(SERVICE_KINDS);
    return {
      id: `SVC${pad(i + 1, 4)}`,
      agencyId: agency.id,
      name: `${TOPICS[i % TOPICS.length] ?? ''} ${kind}`,
      kind,
      criticality,
      provider,
      originalProvider,
      ...(migratedAt === undefined ? {} : { migratedAt }),
      goLive: new Date(Date.UTC(rnd.int(2012, 2021), rnd.int(0, 11), rnd.int(1, 28))),
      scale: Math.exp(rnd.normal(0, 0.9)),
    };
  });
  const us = (d: Date): string => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
  add(
    'raw/services/services.csv',
    csv(['service_id', 'agency_id', 'service_name', 'service_kind', 'criticality', 'current_provider', 'go_live_date'], services.map((s) => [s.id, s.agencyId, s.name, s.kind, s.criticality, s.provider, us(s.goLive)])),
    services.length,
  );

  // SLA targets per service and year (pipe-delimited export).
  const slaRows = services.flatMap((s) =>
    YEARS.map((y) => {
      const base = s.criticality === 'high' ? 99.95 : s.criticality === 'medium' ? 99.9 : 99.5;
      return [s.id, y, base.toFixed(2), s.criticality === 'high' ? 300 : s.criticality === 'medium' ? 600 : 1200];
    }),
  );
  add('raw/sla_targets/sla_targets.psv', [['service_id', 'year', 'availability_target_pct', 'p95_latency_target_ms'], ...slaRows].map((r) => r.join('|')).join('\n') + '\n', slaRows.length);

  const providerAt = (s: Service, monthIndex: number): string => (s.migratedAt !== undefined && monthIndex < s.migratedAt ? s.originalProvider : s.provider);

  // Daily availability, partitioned by year and month (Hive-style folders, MSCK REPAIR).
  const byMonth = new Map<string, (string | number)[][]>();
  for (const m of MONTHS) {
    const rows: (string | number)[][] = [];
    for (let d = 1; d <= daysIn(m.year, m.month); d++) {
      for (const s of services) {
        const onPrem = providerAt(s, m.index) === 'onprem';
        const outage = rnd.chance(onPrem ? 0.035 : 0.015);
        const downtime = outage ? Math.min(1440, Math.round(Math.exp(rnd.normal(3, 1.2)))) : 0;
        const requests = Math.round(s.scale * 40000 * (0.7 + rnd.next() * 0.6) * (d % 7 === 0 || d % 7 === 6 ? 0.55 : 1));
        const errorRate = (onPrem ? 0.004 : 0.002) * (outage ? 8 : 1) * rnd.next();
        const latency = Math.round((onPrem ? 420 : 260) * (0.8 + rnd.next() * 0.5) * (outage ? 2.2 : 1));
        rows.push([`${m.year}-${pad(m.month)}-${pad(d)}`, s.id, 1440 - downtime, downtime, requests, Math.round(requests * errorRate), latency]);
      }
    }
    byMonth.set(monthLabel(m), rows);
  }
  for (const m of MONTHS) {
    const rows = byMonth.get(monthLabel(m)) ?? [];
    add(
      `raw/availability_daily/year=${m.year}/month=${pad(m.month)}/availability-${monthLabel(m)}.csv`,
      csv(['day', 'service_id', 'uptime_minutes', 'downtime_minutes', 'requests', 'errors', 'p95_latency_ms'], rows),
      rows.length,
    );
  }

  // Monthly usage by resource type, one file per year.
  for (const y of YEARS) {
    const rows: (string | number)[][] = [];
    for (const m of MONTHS.filter((x) => x.year === y)) {
      for (const s of services) {
        for (const r of RESOURCES) {
          const growth = 1 + 0.012 * m.index;
          const qty = Math.max(0, s.scale * growth * (r.type === 'storage' ? 5200 : r.type === 'network' ? 900 : r.type === 'serverless' ? 12 : 1500) * (0.85 + rnd.next() * 0.3));
          rows.push([monthLabel(m), s.id, providerAt(s, m.index), r.type, qty.toFixed(3), r.unit]);
        }
      }
    }
    add(`raw/usage_monthly/usage-${y}.csv`, csv(['month', 'service_id', 'provider_id', 'resource_type', 'usage_quantity', 'unit'], rows), rows.length);
  }

  // Monthly cost by provider and category, with idle (unused reserved/oversized) spend; the
  // billing export quotes every field.
  const costRows: (string | number)[][] = [];
  const actualByAgencyYearProvider = new Map<string, number>();
  for (const m of MONTHS) {
    for (const s of services) {
      const provider = providerAt(s, m.index);
      for (const r of RESOURCES) {
        const list = s.scale * (1 + 0.012 * m.index) * (r.type === 'storage' ? 5200 : r.type === 'network' ? 900 : r.type === 'serverless' ? 12 : 1500) * r.price;
        const discount = provider === 'onprem' ? 0.7 : 1;
        const cost = list * discount * (0.9 + rnd.next() * 0.2);
        const idleShare = r.type === 'compute' || r.type === 'database' ? Math.max(0, rnd.normal(provider === 'onprem' ? 0.32 : 0.18, 0.08)) : 0.02 * rnd.next();
        costRows.push([monthLabel(m), s.agencyId, s.id, provider, r.type, money(cost), money(cost * Math.min(0.9, idleShare)), 'EUR']);
        const key = `${s.agencyId}|${m.year}|${provider}`;
        actualByAgencyYearProvider.set(key, (actualByAgencyYearProvider.get(key) ?? 0) + cost);
      }
    }
  }
  add('raw/cost_monthly/cost_monthly.csv', csv(['billing_month', 'agency_id', 'service_id', 'provider_id', 'cost_category', 'cost_eur', 'idle_cost_eur', 'currency'], costRows, true), costRows.length);

  // Budgets per agency, year and provider: set before the year, so some overrun and some don't.
  const budgetRows: (string | number)[][] = [];
  for (const a of agencies) {
    for (const y of YEARS) {
      for (const p of PROVIDERS) {
        const actual = actualByAgencyYearProvider.get(`${a.id}|${y}|${p.id}`);
        if (actual === undefined) continue;
        budgetRows.push([a.id, y, p.id, money(Math.round((actual * rnd.normal(1.0, 0.12)) / 100) * 100)]);
      }
    }
  }
  add('raw/budgets/budgets.csv', csv(['agency_id', 'fiscal_year', 'provider_id', 'budget_eur'], budgetRows), budgetRows.length);

  // Migrations (planned/completed dates; not every one is finished).
  const migrationRows = services
    .filter((s) => s.originalProvider === 'onprem' && s.migratedAt !== undefined)
    .map((s) => {
      const at = MONTHS[s.migratedAt ?? 0] as { year: number; month: number };
      const planned = `${at.year}-${pad(at.month)}-01`;
      const done = rnd.chance(0.9);
      return [s.id, 'onprem', s.provider, planned, done ? `${at.year}-${pad(at.month)}-${pad(rnd.int(2, 27))}` : '', done ? 'completed' : 'in_progress'];
    });
  add('raw/migrations/migrations.csv', csv(['service_id', 'from_provider', 'to_provider', 'planned_date', 'completed_date', 'status'], migrationRows), migrationRows.length);

  // Incidents from the ticketing API, as JSON lines with nested fields.
  const incidentLines: string[] = [];
  let n = 0;
  for (const m of MONTHS) {
    for (const s of services) {
      const onPrem = providerAt(s, m.index) === 'onprem';
      const count = rnd.chance(onPrem ? 0.9 : 0.55) ? rnd.int(1, onPrem ? 3 : 2) : 0;
      for (let k = 0; k < count; k++) {
        n++;
        const opened = new Date(Date.UTC(m.year, m.month - 1, rnd.int(1, daysIn(m.year, m.month)), rnd.int(0, 23), rnd.int(0, 59), rnd.int(0, 59)));
        const minutes = Math.max(5, Math.round(Math.exp(rnd.normal(onPrem ? 4.6 : 4.0, 0.9))));
        const severity = rnd.pick(SEVERITIES);
        const resolved = new Date(opened.getTime() + minutes * 60_000);
        const open = m.index === MONTHS.length - 1 && rnd.chance(0.3);
        incidentLines.push(
          JSON.stringify({
            incident_id: `INC${pad(n, 6)}`,
            service_id: s.id,
            severity,
            opened_at: opened.toISOString().replace('.000', ''),
            resolved_at: open ? null : resolved.toISOString().replace('.000', ''),
            cause: rnd.pick(CAUSES),
            tags: [rnd.pick(CAUSES), providerAt(s, m.index)].filter((t, i, all) => all.indexOf(t) === i),
            impact: { users_affected: Math.round(s.scale * rnd.int(10, 5000)), regions: [rnd.pick(REGIONS)] },
          }),
        );
      }
    }
  }
  add('raw/incidents/incidents.json', incidentLines.join('\n') + '\n', incidentLines.length);
  return files;
}
