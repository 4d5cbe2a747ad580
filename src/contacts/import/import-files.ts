import { mkdirSync } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';
import type { AppConfig } from '../../config/app-config';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/**
 * What an upload may send before it is cut off: a little above the rule, so that a file
 * just over 50 MB gets the form back with its message, and far larger ones stop early.
 */
export const IMPORT_READ_LIMIT_BYTES = 51 * 1024 * 1024;

/** Uploaded files wait here, on disk (never in memory), until their import is done. */
export function importsFolder(config: AppConfig): string {
  return join(config.dataDir, 'imports');
}

export function importFilePath(config: AppConfig, storedName: string): string {
  return join(importsFolder(config), storedName);
}

export async function importFileExists(config: AppConfig, storedName: string): Promise<boolean> {
  try {
    await access(importFilePath(config, storedName));
    return true;
  } catch {
    return false;
  }
}

export async function removeImportFile(config: AppConfig, storedName: string): Promise<void> {
  await rm(importFilePath(config, storedName), { force: true });
}

/** Multer's options for the upload: straight to disk, under a random name multer picks. */
export function importUploadOptions(config: AppConfig): MulterOptions {
  const folder = importsFolder(config);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return {
    dest: folder,
    limits: { fileSize: IMPORT_READ_LIMIT_BYTES, files: 1 },
    defParamCharset: 'utf8',
  };
}
