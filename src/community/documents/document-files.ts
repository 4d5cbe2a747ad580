import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** What an upload may send at most before it is cut off (see the documents controller). */
export const UPLOAD_READ_LIMIT_BYTES = 16 * 1024 * 1024;

// What may be published, decided from the file's content, never from its name or the
// browser's claim. Scripts, HTML and SVG are never served.
const ALLOWED_TYPES = new Map<string, string>([
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['application/vnd.oasis.opendocument.presentation', 'odp'],
]);

const TEXT_EXTENSIONS: Record<string, string> = { txt: 'text/plain', csv: 'text/csv', md: 'text/markdown' };

/** Shown inline in the browser; everything else downloads. */
export const INLINE_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
]);

/** The file's real type, or null when it is not one Terrain accepts. */
export async function detectDocumentType(content: Buffer, fileName: string): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type/core');
  const detected = await fileTypeFromBuffer(content);
  if (detected) return ALLOWED_TYPES.has(detected.mime) ? detected.mime : null;
  // Plain text has no signature: accept it when it really is text.
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const textType = TEXT_EXTENSIONS[extension];
  if (!textType || content.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return textType;
  } catch {
    return null;
  }
}

/** Stores the bytes under `<uploadDir>/<space id>/<random name>` and returns that name. */
export async function storeDocument(uploadDir: string, spaceId: string, content: Buffer): Promise<string> {
  const storageKey = randomBytes(16).toString('hex');
  await mkdir(join(uploadDir, spaceId), { recursive: true });
  await writeFile(join(uploadDir, spaceId, storageKey), content, { mode: 0o600 });
  return storageKey;
}

/** The folder of a space's files. */
export function documentFolder(uploadDir: string, spaceId: string): string {
  return join(uploadDir, spaceId);
}

export async function deleteDocumentFile(uploadDir: string, spaceId: string, storageKey: string) {
  await rm(join(documentFolder(uploadDir, spaceId), storageKey), { force: true });
}
