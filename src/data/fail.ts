import { DataError } from './dataset.js';
import { show } from './text/show.js';

/**
 * The one shape of a data error: `file:line: what is wrong`. `line` is 1-based; leave it out
 * when the problem belongs to the whole file (empty file, no label columns). A path with control
 * characters in it is escaped, so the message stays one line.
 */
export function dataError(file: string, line: number | undefined, what: string): DataError {
  const f = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(file) ? show(file, 200) : file;
  return new DataError(line === undefined ? `${f}: ${what}` : `${f}:${line}: ${what}`);
}

/** Shortens a list for an error message: `'a', 'b', 'c', … (40 in all)`, each name escaped. */
export function listSome(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((n) => show(n));
  return names.length > max ? `${shown.join(', ')}, … (${names.length} in all)` : shown.join(', ');
}
