import { dataError } from '../fail.js';
import { type Fields, fieldText, PLAIN } from './fields.js';
import { isNumber } from './number.js';
import { show } from './show.js';

/**
 * Is the first row of a CSV its header? One rule for every CSV trainscope reads:
 *   - no field is a number (of the one grammar)   → a header (column names);
 *   - every field is a number, `?` or empty        → data: the file has no header and columns
 *     are named by position (col1, col2, …), so use --labels first:N / last:N;
 *   - exactly 0, 1, …, n−1 or 1, 2, …, n, n ≥ 3   → a header of numbered columns (what pandas
 *     writes for unnamed columns), not a data row (no 0/1 label row looks like that);
 *   - names and numbers mixed                      → refused: a header must name every column
 *     and a data row must hold only numbers, so one of them is wrong.
 * `header` true/false forces the answer.
 */
export function isHeaderRow(
  b: Uint8Array,
  f: Fields,
  file: string,
  line: number,
  header: boolean | 'auto',
): boolean {
  if (header !== 'auto') return header;
  let numbers = 0;
  let blanks = 0;
  let sequence0 = true;
  let sequence1 = true;
  for (let k = 0; k < f.n; k++) {
    const s = f.start[k];
    const e = f.end[k];
    const missing = e === s || (f.kind[k] === PLAIN && e - s === 1 && b[s] === 63);
    if (missing) blanks++;
    else if (isNumber(b, s, e)) {
      numbers++;
      const text = fieldText(b, f, k, 'csv');
      if (text !== String(k)) sequence0 = false;
      if (text !== String(k + 1)) sequence1 = false;
      continue;
    }
    sequence0 = false;
    sequence1 = false;
  }
  if (numbers === f.n && f.n >= 3 && (sequence0 || sequence1)) return true;
  if (numbers + blanks === f.n) return false;
  if (numbers === 0) return true;
  const num = Array.from({ length: f.n }, (_, k) => k).find((k) => isNumber(b, f.start[k], f.end[k]));
  const name = Array.from({ length: f.n }, (_, k) => k).find(
    (k) => !isNumber(b, f.start[k], f.end[k]) && f.end[k] > f.start[k],
  );
  throw dataError(
    file,
    line,
    `the first row mixes names and numbers (column ${(name ?? 0) + 1} is ${show(fieldText(b, f, name ?? 0, 'csv'))}, column ${(num ?? 0) + 1} is ${show(fieldText(b, f, num ?? 0, 'csv'))}): a header row must name every column, a data row must hold only numbers`,
  );
}

/** Column names of a header row: non-empty and distinct. */
export function headerNames(b: Uint8Array, f: Fields, file: string, line: number): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < f.n; k++) {
    const name = fieldText(b, f, k, 'csv').trim();
    if (name === '') throw dataError(file, line, `header column ${k + 1} has no name`);
    if (seen.has(name)) throw dataError(file, line, `column ${show(name)} appears twice in the header`);
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** Names for the columns of a file without a header. */
export function positionalNames(n: number): string[] {
  return Array.from({ length: n }, (_, k) => `col${k + 1}`);
}
