import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsSettings } from '../../core/aws/settings';
import { AwsProblem } from './errors';
import { readProfiles } from './profileFiles';

export type { AwsSettings } from '../../core/aws/settings';
export { DEFAULT_AWS_SETTINGS } from '../../core/aws/settings';

export interface AwsClients {
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  readonly s3: S3Client;
  readonly settings: AwsSettings;
  destroy(): void;
}

/** True when calls go to an endpoint other than AWS's own (an emulator or a private gateway). */
export function endpointOverridden(settings: AwsSettings, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(settings.endpointUrl || env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_S3);
}

export function credentialProvider(settings: AwsSettings): ReturnType<typeof fromNodeProviderChain> {
  // A chosen profile means that profile (SSO, role chains and credential_process included),
  // not whatever AWS_ACCESS_KEY_ID happens to be in the environment.
  const profile = settings.profile;
  if (!profile) return fromNodeProviderChain();
  const provider = fromIni({ profile });
  return async (options) => {
    try {
      return await provider(options);
    } catch (e) {
      // The SDK says the same for a profile that is missing and one without credentials.
      const known = await readProfiles().then((ps) => ps.some((p) => p.name === profile), () => true);
      if (!known) throw new AwsProblem('missing-profile', `AWS profile "${profile}" is not defined in ~/.aws/config or ~/.aws/credentials.`, undefined, { cause: e });
      throw e;
    }
  };
}

export function createClients(settings: AwsSettings): AwsClients {
  const credentials = credentialProvider(settings);
  const common = {
    credentials,
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts,
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
  };
  const athena = new AthenaClient(common);
  const glue = new GlueClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: endpointOverridden(settings) });
  return {
    athena,
    glue,
    s3,
    settings,
    destroy() {
      athena.destroy();
      glue.destroy();
      s3.destroy();
    },
  };
}
