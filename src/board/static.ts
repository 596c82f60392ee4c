/** Serves the prebuilt front end (web/dist) read-only, through the containment checks of paths.ts. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from './errors.js';
import { resolveInside, safeSegments } from './paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** web/dist next to the package root (this file is dist/src/board/static.js once built). */
export function defaultStaticDir(): string {
  return fileURLToPath(new URL('../../../web/dist/', import.meta.url));
}

export interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile> {
  let segs = safeSegments(urlPath);
  if (segs.length === 0) segs = ['index.html'];
  const file = await resolveInside(root, segs);
  const st = await stat(file);
  if (!st.isFile()) throw new NotFoundError(`not found: ${urlPath}`);
  const ext = path.extname(file);
  return {
    body: await readFile(file),
    type: TYPES[ext] ?? 'application/octet-stream',
    // Vite puts a content hash in every asset name under assets/
    immutable: segs[0] === 'assets',
  };
}
