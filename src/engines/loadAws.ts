import { lazyModule } from '../lazy';
import type * as Aws from './aws/index';

export type AwsModule = typeof Aws;

const load = lazyModule<AwsModule>(__dirname, 'aws.js', 'aws/index.js');

/** The AWS backend (the SDK lives only in its bundle), loaded on first use. */
export function loadAws(): AwsModule {
  // The SDK warns about Node versions it will drop in later releases; this bundle is pinned.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return load();
}
