/**
 * The one number grammar of every reader (ARFF, CSV, matrix CSV), over bytes:
 *
 *     [+-]? ( digits [. digits?] | . digits ) ( [eE] [+-]? digits )?
 *
 * Nothing else is a number: no hex (`0x10`), binary (`0b101`), octal, `_` separators, `1,5`,
 * `Infinity` or blanks inside. `nan`, `inf` and `infinity` (any case, optional sign) are
 * recognised only to say what they are: every reader refuses them today (features must be
 * finite; labels are 0 or 1; scores are probabilities or finite logits).
 *
 * The value is exactly what `Number(text)` gives (correctly rounded): up to 15 digits and a power
 * of ten within ±22 it is one exact multiplication or division of two exactly representable
 * doubles (Clinger's fast path); longer tokens go to number-long.ts (exact too).
 */
import { longNumber } from './number-long.js';

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const PLUS = 43;
const MINUS = 45;
const DOT_DIGIT = 46 - 48;

/** Where scanNumber stopped: the byte after the number (or where it found none). */
export class Cursor {
  pos = 0;
}

/**
 * The number of the grammar that starts at b[i], and in `at.pos` the position after it; NaN
 * when none starts there. What may follow is the caller's business (parseNumber: nothing).
 */
export function scanNumber(b: Uint8Array, start: number, end: number, at: Cursor): number {
  let i = start;
  let neg = false;
  if (i < end && (b[i] === PLUS || b[i] === MINUS)) neg = b[i++] === MINUS;
  const ds = i;
  let m = 0; // the digits as one integer, exact while there are at most 15
  let dot = -1;
  for (; i < end; i++) {
    const d = b[i] - 48;
    if (d >= 0 && d <= 9) m = m * 10 + d;
    else if (d === DOT_DIGIT && dot < 0) dot = i;
    else break;
  }
  const de = i;
  const digits = dot < 0 ? de - ds : de - ds - 1;
  at.pos = i;
  if (digits === 0) return Number.NaN;
  let exp = dot < 0 ? 0 : dot + 1 - de;
  if (i < end && (b[i] | 32) === 101) {
    i++;
    let eneg = false;
    if (i < end && (b[i] === PLUS || b[i] === MINUS)) eneg = b[i++] === MINUS;
    const xs = i;
    let x = 0;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      if (x < 1e6) x = x * 10 + d;
    }
    at.pos = i;
    if (i === xs) return Number.NaN;
    exp += eneg ? -x : x;
  }
  let v: number;
  if (digits > 15) v = longNumber(b, ds, de, exp, i);
  else if (exp === 0) v = m;
  else if (m === 0) v = 0;
  else if (exp > 0 && exp <= 22) v = m * POW10[exp];
  else if (exp < 0 && exp >= -22) v = m / POW10[-exp];
  else v = longNumber(b, ds, de, exp, i);
  return neg ? -v : v;
}

const cursor = new Cursor();

/** The value of bytes [s, e), or NaN if they are not a number of the grammar. */
export function parseNumber(b: Uint8Array, s: number, e: number): number {
  const v = scanNumber(b, s, e, cursor);
  return cursor.pos === e ? v : Number.NaN;
}

/** Why bytes [s, e) are not a finite number, for an error message ('' if they are one). */
export function notANumber(b: Uint8Array, s: number, e: number): string {
  if (s === e) return 'empty value';
  const v = parseNumber(b, s, e);
  if (Number.isFinite(v)) return '';
  let t = '';
  for (let i = s; i < e && i < s + 12; i++)
    t += String.fromCharCode(b[i] >= 65 && b[i] <= 90 ? b[i] + 32 : b[i]);
  const word = t.replace(/^[+-]/, '');
  if (word === 'nan') return 'not a number (nan)';
  if (word === 'inf' || word === 'infinity') return 'not finite';
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) return 'out of range (too large)';
  if (/^0[xbo]/.test(word)) return 'not a decimal number (hex, binary and octal are not numbers here)';
  return 'not a number';
}

/** True when the bytes are exactly a number of the grammar (used to tell a header row from data). */
export function isNumber(b: Uint8Array, s: number, e: number): boolean {
  return !Number.isNaN(parseNumber(b, s, e));
}
