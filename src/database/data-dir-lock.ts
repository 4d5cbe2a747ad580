import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error';

const LOCK_FILE = 'terrain.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two processes writing the same embedded database would corrupt it, so the data folder
 * holds a lock file with the owner's pid. A lock left by a process that no longer runs
 * (a crash, a power cut) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new ConfigError([
          `DATA_DIR ${dataDir} is already used by another Terrain process (pid ${owner}). ` +
            'Stop it first, or give this one another DATA_DIR.',
        ]);
      }
      unlinkSync(file);
    }
  }
  throw new ConfigError([`Could not lock DATA_DIR ${dataDir}: remove ${file} and try again.`]);
}
