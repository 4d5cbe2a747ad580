import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT_DIR } from '../../paths';

let list: Set<string> | null = null;

/**
 * Passwords of 12 characters or more found in leaked-password lists (the "top 1M" list
 * of the OWASP SecLists project, MIT licence, lower-cased) plus common French ones.
 * Loaded on first use (about 44,000 entries).
 */
export function isCommonPassword(password: string): boolean {
  list ??= new Set(
    gunzipSync(readFileSync(join(ROOT_DIR, 'src/community/accounts/common-passwords.txt.gz')))
      .toString('utf8')
      .split('\n')
      .filter(Boolean),
  );
  return list.has(password.toLowerCase());
}
