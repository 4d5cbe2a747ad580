import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';

export interface TerrainProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `npm start`'s script as a newcomer would, in its own process, with the given
 * environment on top of a clean one (no DATABASE_URL unless given).
 */
export function spawnTerrain(env: Record<string, string>, port: number): TerrainProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [join(ROOT_DIR, 'scripts/start.js')], {
    cwd: ROOT_DIR,
    env: { ...inherited, PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Waits until the process answers /healthz with 200, or fails with its output. */
export async function waitUntilReady(terrain: TerrainProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (terrain.child.exitCode !== null) throw new Error(`Terrain exited early:\n${terrain.output()}`);
    try {
      const res = await fetch(`${terrain.url}/healthz`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Terrain did not answer within ${timeoutMs} ms:\n${terrain.output()}`);
}
