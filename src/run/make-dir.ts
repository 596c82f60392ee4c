import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { asFsUserError, UserError } from '../errors.js';

/**
 * `mkdir -p` that fails with the real reason as a one-line UserError naming the folder.
 * Node's recursive mkdir reports ENOENT on a read-only file system (and on a path through a
 * file), which sends the user looking for a missing folder: the folders are made one by one
 * from the nearest existing ancestor instead, so the error is the one of the folder that failed.
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const kind = kindOf(at);
    if (kind === 'dir') break;
    if (kind === 'other')
      throw new UserError(`${dir}: cannot create folder: ${at} is a file, not a folder (ENOTDIR)`);
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as { code?: string }).code === 'EEXIST' && kindOf(d) === 'dir') continue;
      throw asFsUserError(e, d, 'create folder');
    }
  }
}

function kindOf(path: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none';
  }
}
