import * as vscode from 'vscode';
import type { AwsProfile } from '../../core/aws/profiles';
import { readProfiles } from '../../engines/aws/profileFiles';
import type { Settings } from '../common/settings';

/** A connection chosen without the picker (from another command or a test). */
export type ConnectionChoice =
  | { readonly kind: 'local' }
  | { readonly kind: 'aws'; readonly profile?: string; readonly region?: string; readonly workgroup?: string };

export function isConnectionChoice(v: unknown): v is ConnectionChoice {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const optionalText = (k: string): boolean => c[k] === undefined || typeof c[k] === 'string';
  return c.kind === 'local' || (c.kind === 'aws' && optionalText('profile') && optionalText('region') && optionalText('workgroup'));
}

type PickItem = vscode.QuickPickItem & { readonly choice?: { kind: 'local' } | { kind: 'aws'; profile?: AwsProfile } };

const KIND_TEXT: Record<AwsProfile['kind'], string> = {
  static: 'access keys',
  sso: 'IAM Identity Center (SSO)',
  role: 'assumes a role',
  process: 'credential process',
  'web-identity': 'web identity',
  unknown: 'no credentials in the profile',
};

/** Writes the choice to the settings (workspace when a folder is open); the connection follows them. */
export async function applyConnection(choice: ConnectionChoice): Promise<void> {
  const config = vscode.workspace.getConfiguration('lakehouse');
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  if (choice.kind === 'aws') {
    await config.update('aws.profile', choice.profile ?? '', target);
    if (choice.region !== undefined) await config.update('aws.region', choice.region, target);
    if (choice.workgroup !== undefined) await config.update('aws.workgroup', choice.workgroup, target);
  }
  await config.update('connection', choice.kind, target);
}

/**
 * "Lakehouse: Select Connection": the local lakehouse, the default AWS credential chain, or a
 * profile from ~/.aws (SSO, role chains and broken profiles shown as such), then region and
 * workgroup. With an argument it applies that choice without asking.
 */
export async function selectConnection(settings: Settings, arg?: unknown): Promise<void> {
  if (arg !== undefined) {
    if (!isConnectionChoice(arg)) throw new Error('lakehouse.selectConnection takes { kind: "local" } or { kind: "aws", profile?, region?, workgroup? }');
    return applyConnection(arg);
  }
  const s = settings.value;
  const profiles = await readProfiles();
  const items: PickItem[] = [
    { label: '$(database) Local lakehouse', description: 'DuckDB in this window, no AWS account', choice: { kind: 'local' }, picked: s.connection === 'local' },
    { label: 'AWS', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(key) Default credential chain', description: 'environment, SSO, instance or container role', choice: { kind: 'aws' } },
    ...profiles.map<PickItem>((p) => ({
      label: `$(cloud) ${p.name}`,
      description: [KIND_TEXT[p.kind], p.region].filter(Boolean).join(' · '),
      ...(p.problem ? { detail: `$(warning) ${p.problem}` } : p.roleArn ? { detail: p.roleArn } : p.ssoStartUrl ? { detail: p.ssoStartUrl } : {}),
      choice: { kind: 'aws', profile: p },
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Lakehouse: connect to', placeHolder: 'The local lakehouse, or an AWS profile from ~/.aws', matchOnDescription: true });
  if (!picked?.choice) return;
  if (picked.choice.kind === 'local') return applyConnection({ kind: 'local' });
  const profile = picked.choice.profile;
  const region = await vscode.window.showInputBox({
    title: 'AWS region',
    value: s.aws.region ?? profile?.region ?? '',
    prompt: profile?.region ? `Leave as is to use the profile's region (${profile.region}).` : 'e.g. eu-west-1',
    validateInput: (v) => (v === '' || /^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? undefined : 'A region looks like eu-west-1'),
  });
  if (region === undefined) return;
  const workgroup = await vscode.window.showInputBox({ title: 'Athena workgroup', value: s.aws.workgroup, validateInput: (v) => (/^[\w.-]{1,128}$/.test(v) ? undefined : 'Letters, digits, . _ and -') });
  if (workgroup === undefined) return;
  await applyConnection({ kind: 'aws', ...(profile ? { profile: profile.name } : {}), region, workgroup });
}
