import { DataError } from './dataset.js';

/**
 * The one shape of a data error: `file:line: what is wrong`. `line` is 1-based; leave it out
 * when the problem belongs to the whole file (empty file, no label columns).
 */
export function dataError(file: string, line: number | undefined, what: string): DataError {
  return new DataError(line === undefined ? `${file}: ${what}` : `${file}:${line}: ${what}`);
}

/** Shortens a list for an error message: `a, b, c, … (40 in all)`. */
export function listSome(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((n) => `'${n}'`);
  return names.length > max ? `${shown.join(', ')}, … (${names.length} in all)` : shown.join(', ');
}
