import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnTerrain, type TerrainProcess } from '../test/support/terrain-process';
import { databaseUrl, withServer } from '../test/support/test-database';

interface Figure {
  database: string;
  start: 'cold' | 'warm';
  seconds: number;
  rssMb: number;
}

/** Polls until the sign-in page answers 200; returns seconds since the process was spawned. */
async function timeToFirstPage(terrain: TerrainProcess, spawnedAt: bigint): Promise<number> {
  for (;;) {
    if (terrain.child.exitCode !== null) throw new Error(`Terrain exited:\n${terrain.output()}`);
    try {
      const res = await fetch(`${terrain.url}/login`);
      if (res.status === 200) return Number(process.hrtime.bigint() - spawnedAt) / 1e9;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

async function measure(database: string, start: Figure['start'], env: Record<string, string>): Promise<Figure> {
  const port = await freePort();
  const spawnedAt = process.hrtime.bigint();
  const terrain = spawnTerrain({ LOG_LEVEL: 'warn', ...env }, port);
  try {
    const seconds = await timeToFirstPage(terrain, spawnedAt);
    // Let start-up garbage settle before reading the resident size.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { database, start, seconds, rssMb: rssMb(terrain.child.pid!) };
  } finally {
    await terrain.stop();
  }
}

/**
 * Seconds from process start to the first 200, and resident memory once started:
 * cold (new data folder / empty database) and warm (second start), on the embedded
 * database and on the Postgres server of TEST_DATABASE_URL.
 */
export async function run(): Promise<void> {
  const figures: Figure[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'terrain-bench-'));
  try {
    figures.push(await measure('PGlite', 'cold', { DATA_DIR: dataDir }));
    figures.push(await measure('PGlite', 'warm', { DATA_DIR: dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const name = `terrain_bench_${Date.now()}`;
  const serverDataDir = mkdtempSync(join(tmpdir(), 'terrain-bench-'));
  await withServer((client) => client.query(`CREATE DATABASE "${name}"`));
  try {
    const env = { DATABASE_URL: databaseUrl(name), DATA_DIR: serverDataDir };
    figures.push(await measure('Postgres server', 'cold', env));
    figures.push(await measure('Postgres server', 'warm', env));
  } finally {
    await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    rmSync(serverDataDir, { recursive: true, force: true });
  }

  process.stdout.write('\nstartup: process start → first 200 on /login, RSS after start\n');
  process.stdout.write('database          start   seconds   RSS (MB)\n');
  for (const figure of figures) {
    process.stdout.write(
      `${figure.database.padEnd(17)} ${figure.start.padEnd(6)} ${figure.seconds.toFixed(2).padStart(8)} ${String(figure.rssMb).padStart(10)}\n`,
    );
  }
}
