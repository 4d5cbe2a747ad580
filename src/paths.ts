import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The same code runs from `src/` (tests) and from `dist/src/` (npm start): find the
// project folder by looking for package.json upwards.
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT_DIR = findRoot(__dirname);
export const VIEWS_DIR = join(ROOT_DIR, 'views');
export const PUBLIC_DIR = join(ROOT_DIR, 'public');
