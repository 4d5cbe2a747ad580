import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error';
import { lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'terrain-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes our pid and removes the file on release', () => {
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'terrain.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'terrain.lock'))).toBe(false);
  });

  it('refuses a folder locked by another running process', () => {
    // pid 1 always runs.
    writeFileSync(join(dir, 'terrain.lock'), '1');
    expect(() => lockDataDir(dir)).toThrow(ConfigError);
    expect(() => lockDataDir(dir)).toThrow(/already used by another Terrain process \(pid 1\)/);
  });

  it('takes over a lock left by a process that no longer runs', () => {
    writeFileSync(join(dir, 'terrain.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'terrain.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
