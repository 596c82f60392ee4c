/**
 * Path containment, in one place: every file the board opens (static assets, run files) goes
 * through here. A request path is refused when it has `..` segments (raw or percent-encoded),
 * NUL bytes, backslashes or drive letters; a resolved file is refused when its real path (after
 * symlinks) leaves the root.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { BadRequestError, ForbiddenError, NotFoundError } from './errors.js';

/** Decode a URL path and check each segment; returns the segments (no empty ones). */
export function safeSegments(urlPath: string): string[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new BadRequestError(`malformed percent-encoding in path '${urlPath}'`);
  }
  if (decoded.includes('\0')) throw new BadRequestError('NUL byte in path');
  if (decoded.includes('\\') || /^\/?[a-zA-Z]:/.test(decoded)) throw new ForbiddenError('path refused');
  const segs = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.some((s) => s === '..')) throw new ForbiddenError('path traversal refused');
  return segs;
}

/** True when `child` is `root` or inside it (both absolute, normalised). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Resolve segments under root and follow symlinks; refuse anything whose real path leaves root. */
export async function resolveInside(root: string, segments: string[]): Promise<string> {
  const realRoot = await realpath(root);
  const target = path.join(realRoot, ...segments);
  if (!isInside(realRoot, target)) throw new ForbiddenError('path traversal refused');
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new NotFoundError(`not found: /${segments.join('/')}`);
  }
  if (!isInside(realRoot, real)) throw new ForbiddenError('path leaves the served directory');
  return real;
}

/** A run name from a query parameter: relative, no traversal, no absolute path. */
export function checkRunName(run: string | null): string {
  if (!run) throw new BadRequestError("missing query parameter 'run'");
  if (run === '.') return run;
  if (path.isAbsolute(run) || run.startsWith('/')) throw new ForbiddenError('absolute run paths are refused');
  safeSegments(run.replace(/%/g, '%25'));
  return run;
}
