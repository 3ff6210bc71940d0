// Starts moto (S3, Glue, Athena emulator) from the project's .venv on a free loopback port.
import { spawn } from 'node:child_process';
import { motoServer } from './setup.mjs';
import { freePort, stopProcess, waitFor } from './proc.mjs';

export async function startMoto() {
  const port = await freePort();
  const child = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`moto exited early (code ${child.exitCode}): ${log}`);
      try {
        return (await fetch(`${endpoint}/moto-api/`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 30_000, what: 'moto to listen' },
  );
  return { endpoint, log: () => log, stop: () => stopProcess(child) };
}
