/**
 * The readers' fused path: the common field (plain, unquoted, a number or a 0/1 byte) read
 * straight from the bytes, with no spans and no strings. Each function answers only for the
 * plain case and says "not plain" (NaN, -1 or false) for anything else: a quote, an empty field,
 * `?`, a word, a record cut by the buffer's end. The reader then drops what it kept of the record
 * and hands it to the general path (fields.ts and the reader's own checks), which decides and
 * words every error, so the fused path changes no result and no message — only the speed.
 */
import { COMMA, CR, DQ, LF, SP, TAB } from './bytes.js';
import { type Cursor, scanNumber } from './number.js';

/** Off only in tests, which read every input both ways and compare. */
export const fused = { on: true };

/**
 * A number field at b[i]: blanks, the number (perhaps in quotes: `"`, or `quote` too), blanks,
 * then a comma or a line end. Its value, with at.pos on that delimiter; NaN for anything else.
 */
export function numberField(b: Uint8Array, i: number, end: number, quote: number, at: Cursor): number {
  let k = i;
  while (k < end && (b[k] === SP || b[k] === TAB)) k++;
  const q = k < end && (b[k] === DQ || b[k] === quote) ? b[k++] : -1;
  const v = scanNumber(b, k, end, at);
  k = at.pos;
  if (q >= 0) {
    if (k >= end || b[k] !== q) return Number.NaN;
    k++;
  }
  while (k < end && (b[k] === SP || b[k] === TAB)) k++;
  if (k >= end) return Number.NaN;
  const c = b[k];
  if (c !== COMMA && c !== LF && c !== CR) return Number.NaN;
  at.pos = k;
  return v;
}

/**
 * A field that is exactly the byte 0 or 1 (the commonest field of sparse and label data): 0 or
 * 1 with at.pos on the comma or line end after it, else -1 (the caller tries numberField).
 */
export function bitField(b: Uint8Array, i: number, end: number, at: Cursor): number {
  if (i + 1 >= end) return -1;
  const d = b[i] - 48;
  const c = b[i + 1];
  if ((d !== 0 && d !== 1) || (c !== COMMA && c !== LF && c !== CR)) return -1;
  at.pos = i + 1;
  return d;
}

/** A plain field's end (its comma or line end) in at.pos; false if it is quoted or runs out. */
export function skipField(b: Uint8Array, i: number, end: number, quote: number, at: Cursor): boolean {
  let k = i;
  while (k < end && (b[k] === SP || b[k] === TAB)) k++;
  if (k < end && (b[k] === DQ || b[k] === quote)) return false;
  while (k < end && b[k] !== COMMA && b[k] !== LF && b[k] !== CR) k++;
  at.pos = k;
  return k < end;
}

/**
 * After a field that ends at `i`: where the next field starts (after the comma) if `more` are
 * expected, the line end if none is, else (a field too many or too few) -1.
 */
export function nextField(b: Uint8Array, i: number, more: boolean): number {
  if (b[i] === COMMA) return more ? i + 1 : -1;
  return more ? -1 : i;
}
