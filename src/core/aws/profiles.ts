/**
 * The profiles a person has in `~/.aws/config` and `~/.aws/credentials`, read the way the AWS
 * CLI and SDKs read them: `[profile name]` and `[default]` in config, `[name]` in credentials,
 * `[sso-session name]` blocks that profiles point at, and role chains through `source_profile`.
 */
export type IniSections = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** INI text → sections. Indented lines are sub-properties (e.g. `s3 =` blocks) and are skipped. */
export function parseIni(text: string): IniSections {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) continue;
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(raw);
    if (header) {
      const name = header[1] ?? '';
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    if (!current || /^\s/.test(raw)) continue;
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    const key = raw.slice(0, eq).trim().toLowerCase();
    const value = raw.slice(eq + 1).replace(/\s+[#;].*$/, '').trim();
    if (key) current[key] = value;
  }
  return sections;
}

export type ProfileKind = 'static' | 'sso' | 'role' | 'process' | 'web-identity' | 'unknown';

export interface AwsProfile {
  readonly name: string;
  readonly kind: ProfileKind;
  readonly region?: string;
  /** For SSO profiles: the `sso-session` block, when the profile uses one. */
  readonly ssoSession?: string;
  readonly ssoStartUrl?: string;
  readonly roleArn?: string;
  readonly sourceProfile?: string;
  /** Where the profile is defined. */
  readonly sources: readonly ('config' | 'credentials')[];
  /** Why the profile cannot work as written (a broken role chain, a missing sso-session). */
  readonly problem?: string;
}

interface RawProfile {
  config?: Readonly<Record<string, string>>;
  credentials?: Readonly<Record<string, string>>;
}

/** Every profile in the two files, sorted with `default` first. */
export function listProfiles(configText: string, credentialsText: string): AwsProfile[] {
  const config = parseIni(configText);
  const credentials = parseIni(credentialsText);
  const raw = new Map<string, RawProfile>();
  for (const [section, values] of config) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) raw.set(name, { ...raw.get(name), config: values });
  }
  for (const [name, values] of credentials) raw.set(name, { ...raw.get(name), credentials: values });
  const ssoSessions = new Map<string, Readonly<Record<string, string>>>();
  for (const [section, values] of config) {
    const m = /^sso-session\s+(.+)$/.exec(section);
    if (m?.[1]) ssoSessions.set(m[1].trim(), values);
  }

  const profiles = [...raw.entries()].map(([name, p]) => describe(name, p, raw, ssoSessions));
  return profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

function describe(name: string, p: RawProfile, all: ReadonlyMap<string, RawProfile>, ssoSessions: ReadonlyMap<string, Readonly<Record<string, string>>>): AwsProfile {
  const v: Record<string, string> = { ...p.config, ...p.credentials };
  const sources: ('config' | 'credentials')[] = [];
  if (p.config) sources.push('config');
  if (p.credentials) sources.push('credentials');
  const region = v.region ?? sourceRegion(v, all);
  const base = { name, sources, ...(region ? { region } : {}) };
  if (v.role_arn) {
    const problem = roleChainProblem(name, all);
    return {
      ...base,
      kind: 'role',
      roleArn: v.role_arn,
      ...(v.source_profile ? { sourceProfile: v.source_profile } : {}),
      ...(problem ? { problem } : {}),
      ...(v.web_identity_token_file ? { kind: 'web-identity' as const } : {}),
    };
  }
  if (v.sso_session || v.sso_start_url) {
    const session = v.sso_session ? ssoSessions.get(v.sso_session) : undefined;
    const startUrl = v.sso_start_url ?? session?.sso_start_url;
    const problem = v.sso_session && !session ? `sso_session "${v.sso_session}" has no [sso-session ${v.sso_session}] section` : undefined;
    return {
      ...base,
      kind: 'sso',
      ...(v.sso_session ? { ssoSession: v.sso_session } : {}),
      ...(startUrl ? { ssoStartUrl: startUrl } : {}),
      ...(problem ? { problem } : {}),
    };
  }
  if (v.aws_access_key_id) return { ...base, kind: 'static' };
  if (v.credential_process) return { ...base, kind: 'process' };
  return { ...base, kind: 'unknown' };
}

const sourceRegion = (v: Readonly<Record<string, string>>, all: ReadonlyMap<string, RawProfile>): string | undefined =>
  v.source_profile ? all.get(v.source_profile)?.config?.region : undefined;

/** Follows `source_profile` links: a missing link or a loop is a problem the picker should show. */
function roleChainProblem(start: string, all: ReadonlyMap<string, RawProfile>): string | undefined {
  const seen = new Set<string>();
  let name = start;
  for (;;) {
    seen.add(name);
    const p = all.get(name);
    const v = { ...p?.config, ...p?.credentials };
    const next = v.source_profile;
    if (!next) return v.role_arn && !v.credential_source && !v.web_identity_token_file ? `profile "${name}" has role_arn but no source_profile or credential_source` : undefined;
    if (next === name && v.aws_access_key_id) return undefined; // a profile may source its own keys
    if (!all.has(next)) return `source_profile "${next}" (from "${name}") is not defined`;
    if (seen.has(next)) return `source_profile chain loops back to "${next}"`;
    name = next;
  }
}

/** The command that renews an SSO login for a profile. */
export function ssoLoginCommand(profile: string | undefined): string {
  if (!profile || profile === 'default') return 'aws sso login';
  return `aws sso login --profile ${/^[\w.@+-]+$/.test(profile) ? profile : `'${profile.replace(/'/g, `'\\''`)}'`}`;
}
