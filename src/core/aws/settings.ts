/**
 * One AWS connection as settings describe it, shared by the extension (VS Code settings) and the
 * CLI (flags, environment, the workspace's settings.json), so both read the same keys the same way.
 */
export interface AwsSettings {
  /** A profile from ~/.aws; undefined uses the SDK's default chain (env, SSO, ini, IMDS…). */
  readonly profile?: string;
  /** undefined: the profile's region, else AWS_REGION / AWS_DEFAULT_REGION. */
  readonly region?: string;
  readonly workgroup: string;
  /** s3://bucket/prefix/ for query results; left out when the workgroup enforces its own. */
  readonly outputLocation?: string;
  /** The Glue catalog's account id, for a cross-account catalog. */
  readonly catalogId?: string;
  /** One endpoint for Athena, Glue and S3 (an emulator); AWS_ENDPOINT_URL* are honoured as well. */
  readonly endpointUrl?: string;
  /** Athena result reuse: reuse results up to this many minutes old; 0 turns it off. */
  readonly resultReuseMinutes: number;
  /** Attempts per call, with adaptive retry for throttling. */
  readonly maxAttempts: number;
}

export const DEFAULT_AWS_SETTINGS: AwsSettings = { workgroup: 'primary', resultReuseMinutes: 0, maxAttempts: 5 };

/** The keys under `lakehouse.aws.` that make up AwsSettings. */
export const AWS_SETTING_KEYS = ['profile', 'region', 'workgroup', 'outputLocation', 'catalogId', 'endpointUrl', 'resultReuseMinutes'] as const;
export type AwsSettingKey = (typeof AWS_SETTING_KEYS)[number];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** AwsSettings from a lookup of `lakehouse.aws.<key>` values; blanks mean "not set". */
export function awsSettingsFrom(lookup: (key: AwsSettingKey) => unknown): AwsSettings {
  const minutes = Number(lookup('resultReuseMinutes') ?? 0);
  const profile = text(lookup('profile'));
  const region = text(lookup('region'));
  let outputLocation = text(lookup('outputLocation'));
  if (outputLocation && !outputLocation.endsWith('/')) outputLocation += '/';
  const catalogId = text(lookup('catalogId'));
  const endpointUrl = text(lookup('endpointUrl'));
  return {
    ...DEFAULT_AWS_SETTINGS,
    workgroup: text(lookup('workgroup')) ?? DEFAULT_AWS_SETTINGS.workgroup,
    resultReuseMinutes: Number.isFinite(minutes) ? Math.max(0, Math.min(10_080, Math.round(minutes))) : 0,
    ...(profile ? { profile } : {}),
    ...(region ? { region } : {}),
    ...(outputLocation ? { outputLocation } : {}),
    ...(catalogId ? { catalogId } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
  };
}

/** How a connection is named in the status bar: profile · region · workgroup. */
export function awsConnectionLabel(s: AwsSettings): string {
  return [s.profile ?? 'default credentials', s.region, s.workgroup].filter(Boolean).join(' · ');
}
