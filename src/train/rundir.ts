import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';

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

/**
 * Create the run directory. An explicit name that exists is an error (runs never overwrite each
 * other); a default name that exists gets a numeric suffix.
 */
export function createRunDir(logdir: string, name: string | undefined, data: string): string {
  if (name !== undefined) {
    if (name === '' || name.split(/[\\/]/).some((part) => part === '..')) {
      throw new UserError(`name: '${name}' is not a valid run name`);
    }
    const dir = join(logdir, name);
    if (existsSync(dir)) {
      throw new UserError(
        `run directory ${dir} already exists; choose another --name, or --resume to continue it`,
      );
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  const base = defaultRunName(data);
  for (let i = 1; ; i++) {
    const dir = join(logdir, i === 1 ? base : `${base}-${i}`);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      return dir;
    }
  }
}
