import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as Aws from './aws/index';

export type AwsModule = typeof Aws;

let loaded: AwsModule | undefined;

/**
 * The AWS backend, loaded on first use. In the extension and the CLI it is the `aws.js` bundle
 * beside the caller's bundle (the SDK lives only there); in transpiled tests, the module itself.
 * The path is computed so bundlers leave it alone.
 */
export function loadAws(): AwsModule {
  if (!loaded) {
    const bundled = join(__dirname, 'aws.js');
    const path = existsSync(bundled) ? bundled : join(__dirname, 'aws', 'index.js');
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path) as AwsModule;
  }
  return loaded;
}
