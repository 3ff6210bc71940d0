import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { listProfiles, type AwsProfile } from '../../core/aws/profiles';

/** Where the SDK and CLI read profiles from (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE honoured). */
export function profileFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** The profiles defined on this machine; missing files mean no profiles, not an error. */
export async function readProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfile[]> {
  const files = profileFiles(env);
  const read = (p: string): Promise<string> => readFile(p, 'utf8').catch(() => '');
  const [config, credentials] = await Promise.all([read(files.config), read(files.credentials)]);
  return listProfiles(config, credentials);
}
