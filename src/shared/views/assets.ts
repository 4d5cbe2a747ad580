import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Third-party browser code, served by the app from node_modules (never from a CDN). */
export const VENDOR_DIRS: Record<string, string> = {
  htmx: join(dirname(require.resolve('htmx.org/package.json')), 'dist'),
};

/**
 * Asset URLs carry a hash of their content (`/css/app.css?v=1a2b3c4d`) so browsers can
 * keep them for a year and still fetch a new version the moment it changes.
 */
export class AssetVersions {
  private readonly versions = new Map<string, string>();

  constructor(
    private readonly publicDir: string,
    private readonly vendorDirs: Record<string, string> = VENDOR_DIRS,
  ) {}

  url(path: string): string {
    let version = this.versions.get(path);
    if (!version) {
      version = createHash('sha256').update(readFileSync(this.fileOf(path))).digest('hex').slice(0, 10);
      this.versions.set(path, version);
    }
    return `${path}?v=${version}`;
  }

  private fileOf(path: string): string {
    const vendor = /^\/vendor\/([^/]+)\/(.+)$/.exec(path);
    if (vendor && this.vendorDirs[vendor[1]]) return join(this.vendorDirs[vendor[1]], vendor[2]);
    return join(this.publicDir, path);
  }
}
