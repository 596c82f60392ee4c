import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { asFsUserError } from '../errors.js';

/**
 * Write a file whole or not at all: the data goes to a temporary name beside it, which is then
 * renamed over the target (atomic on POSIX file systems). A kill, a full disk or a read-only
 * folder leaves the previous file as it was and no half-written one under the real name.
 * File-system errors become one-line UserErrors naming `path`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw asFsUserError(e, path, 'write');
  }
}
