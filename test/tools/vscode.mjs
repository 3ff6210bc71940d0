// Starts the VS Code server (from the npm code-server package) and opens the workbench in headless
// Chromium driven by playwright-core: the real extension host, webviews included.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, root, vscodeBuild } from './paths.mjs';
import { freePort, stopProcess, waitFor } from './proc.mjs';

/**
 * @param {{ dir: string, build?: ReturnType<typeof vscodeBuild>, env?: Record<string,string>, port?: number, host?: string, trust?: boolean, onLog?: (line: string) => void }} o
 */
export async function startServer({ dir, build = vscodeBuild(), env = {}, port, host = '127.0.0.1', trust = false, onLog }) {
  const listenPort = port ?? (await freePort());
  const dirs = { ud: join(dir, 'user-data'), sd: join(dir, 'server-data'), ext: join(dir, 'extensions') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const args = [
    build.serverMain,
    '--host', host,
    '--port', String(listenPort),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--user-data-dir', dirs.ud,
    '--server-data-dir', dirs.sd,
    '--extensions-dir', dirs.ext,
  ];
  if (!trust) args.push('--disable-workspace-trust');
  args.push(...build.serverArgs);
  const child = spawn(build.nodeBin, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines = [];
  const onData = (d) => {
    for (const line of String(d).split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      onLog?.(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://${host}:${listenPort}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`VS Code server exited early (code ${child.exitCode}):\n${lines.join('\n')}`);
      try {
        const res = await fetch(`${url}/version`);
        return res.status < 500;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, what: 'the VS Code server to listen' },
  );
  return { url, port: listenPort, host, lines, child, build, stop: () => stopProcess(child) };
}

/** The workbench URL that opens `folder` with the extension under development (and optionally tests). */
export function workbenchUrl(server, { folder, extensionPath, testsPath }) {
  const authority = `vscode-remote://${server.host}:${server.port}`;
  const payload = [['extensionDevelopmentPath', authority + extensionPath]];
  if (testsPath) payload.push(['extensionTestsPath', authority + testsPath]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless Chromium with the flags that work on machines without outside network. */
export async function launchBrowser(dir) {
  const { chromium } = await import('playwright-core');
  const userDataDir = join(dir, 'chromium');
  mkdirSync(userDataDir, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return context;
}

/**
 * Finds the frame of a webview whose document matches `selector` (webviews are nested iframes,
 * and a page may hold several).
 */
export async function findWebviewFrame(page, selector, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        try {
          if (await frame.$(selector)) return frame;
        } catch {
          /* frame detached while looking */
        }
      }
      return undefined;
    },
    { timeoutMs, what: `a webview showing ${selector}` },
  );
}

/**
 * The main job's server: workspace trust on (as a user has it), the extension under development
 * loaded, and the URL to open. Shared by `npm start` and the quick-start UI test.
 */
export async function startSampleServer({ dir, folder, port, build }) {
  const server = await startServer({ dir, ...(port ? { port } : {}), ...(build ? { build } : {}), trust: true });
  return { server, url: workbenchUrl(server, { folder, extensionPath: root }) };
}
