import { runMochaSuites } from './runMocha';

/** Extension-host entry point (`extensionTestsPath`). */
export function run(): Promise<void> {
  return runMochaSuites(__dirname);
}
