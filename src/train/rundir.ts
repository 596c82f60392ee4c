import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asFsUserError, UserError } from '../errors.js';
import { makeDir } from '../run/make-dir.js';

/** A readable default run name: the data's name and the start time, e.g. `scene-train-20261129-201500`. */
export function defaultRunName(data: string, now = new Date()): string {
  const base =
    basename(data)
      .replace(/\.(arff|csv)$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 40) || 'run';
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${base}-${stamp}`;
}

/** A run name names a folder inside the logdir, never outside it. */
export function checkRunName(name: string): string {
  if (name === '' || name.split(/[\\/]/).some((part) => part === '..'))
    throw new UserError(`name: '${name}' is not a valid run name`);
  return name;
}

/**
 * Create the run directory. An explicit name that exists is an error (runs never overwrite each
 * other); a default name that exists gets a numeric suffix. The run's own folder is made with an
 * exclusive mkdir, so two processes starting at once never get the same one.
 */
export function createRunDir(logdir: string, name: string | undefined, data: string): string {
  if (name !== undefined) {
    const dir = join(logdir, checkRunName(name));
    if (!makeRunFolder(dir)) {
      throw new UserError(
        `run directory ${dir} already exists; choose another --name, or --resume to continue it`,
      );
    }
    return dir;
  }
  const base = defaultRunName(data);
  for (let i = 1; ; i++) {
    const dir = join(logdir, i === 1 ? base : `${base}-${i}`);
    if (makeRunFolder(dir)) return dir;
  }
}

/** Make `dir` (its parents as needed); false if it exists already. */
function makeRunFolder(dir: string): boolean {
  makeDir(dirname(dir));
  try {
    mkdirSync(dir);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw asFsUserError(e, dir, 'create folder');
  }
}
