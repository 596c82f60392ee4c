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
 * The value is exactly what `Number(text)` gives (correctly rounded): up to 15 significant
 * digits and a power of ten within ±22 it is one exact multiplication or division of two
 * exactly representable doubles (Clinger's fast path); longer tokens go through Number().
 */

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The value of bytes [s, e), or NaN if they are not a number of the grammar. */
export function parseNumber(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (b[i] === 43 || b[i] === 45)) {
    neg = b[i] === 45;
    i++;
  }
  let m = 0; // significant digits so far, exact (< 1e15)
  let nd = 0; // how many digits m holds
  let zeros = 0; // trailing zeros not yet multiplied into m
  let exp = 0; // power of ten to apply to m
  let digits = 0; // mantissa digits seen (for "." and "e5" alone)
  let exact = true;
  for (; i < e; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) break;
    digits++;
    if (d === 0) {
      if (nd > 0) zeros++;
      continue;
    }
    if (nd + zeros + 1 > 15) {
      exact = false;
      nd += zeros + 1;
      zeros = 0;
      continue;
    }
    m = m * POW10[zeros + 1] + d;
    nd += zeros + 1;
    zeros = 0;
  }
  if (i < e && b[i] === 46) {
    i++;
    for (; i < e; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      digits++;
      exp--;
      if (d === 0) {
        if (nd > 0) zeros++;
        continue;
      }
      if (nd + zeros + 1 > 15) {
        exact = false;
        nd += zeros + 1;
        zeros = 0;
        continue;
      }
      m = m * POW10[zeros + 1] + d;
      nd += zeros + 1;
      zeros = 0;
    }
  }
  // zeros after the last non-zero digit were never multiplied in: 1500 = 15e2, 1.50 = 15e-1
  exp += zeros;
  if (digits === 0) return Number.NaN;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 43 || b[i] === 45)) {
      eneg = b[i] === 45;
      i++;
    }
    const start = i;
    let x = 0;
    for (; i < e; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      if (x < 1e6) x = x * 10 + d;
    }
    if (i === start) return Number.NaN;
    exp += eneg ? -x : x;
  }
  if (i !== e) return Number.NaN;
  if (!exact) return slowNumber(b, s, e);
  let v: number;
  if (m === 0) v = 0;
  else if (exp === 0) v = m;
  else if (exp > 0 && exp <= 22) v = m * POW10[exp];
  else if (exp < 0 && exp >= -22) v = m / POW10[-exp];
  else return slowNumber(b, s, e);
  return neg ? -v : v;
}

// A Buffer over the last input seen, so long tokens decode with one native latin1 call instead of
// a string built byte by byte (the bytes are ASCII here: the grammar has been checked).
let lastBytes: Uint8Array | null = null;
let lastView: Buffer = Buffer.alloc(0);

function slowNumber(b: Uint8Array, s: number, e: number): number {
  if (b !== lastBytes) {
    lastBytes = b;
    lastView = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return Number(lastView.toString('latin1', s, e));
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
