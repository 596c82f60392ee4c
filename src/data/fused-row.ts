import type { RowsBuilder } from './rows-builder.js';
import { COMMA, CR, LF, QUESTION, SP, TAB } from './text/bytes.js';
import { skipLineEnd } from './text/fields.js';
import type { Cursor } from './text/number.js';
import { bitField, nextField, numberField, skipField } from './text/plain-field.js';

/**
 * Dense rows of CSV and ARFF on the fused path (text/plain-field.ts): plain fields straight from
 * the bytes into the rows builder. Returns the position after the row's line end, or -1 having
 * dropped what it kept of the row, for the reader's general path to read it and decide (quotes
 * with more in them, `?` it may not keep, weights, odd nominal values, anything malformed). What is kept is
 * what the general path keeps, value for value.
 */

/** What a column is to the fused path. */
export const F_NUM = 0; // a numeric feature
export const F_NUM_LABEL = 1; // a numeric label: a number that is 0 or 1
export const F_BIT_LABEL = 2; // a nominal label declaring 0 and 1: the byte 0 or 1
export const F_BIT = 3; // a {0,1} feature: the byte 0 or 1
export const F_SKIP = 4; // an ignored column: any plain field
export const F_OTHER = 5; // the general path's

export interface FusedRows {
  /** Per column: F_*, and the feature column or label index it goes to. */
  kind: Uint8Array;
  col: Int32Array;
  rows: RowsBuilder;
  /** The quote besides `"` (ARFF's `'`; CSV: `"` again). */
  quote: number;
  at: Cursor;
  /** Missing features (`?`) are kept as NaN (impute 'mean' or 'keep'), else refused. */
  impute: boolean;
  /** A `?` was kept. */
  missing: boolean;
}

/** Keeps value v of an attribute of kind k; false when the general path must decide. */
export function keep(s: FusedRows, k: number, col: number, v: number): boolean {
  if (k === F_NUM) {
    if (v === 0 && 1 / v > 0) return true; // +0 is what the row holds already
    const f = Math.fround(v);
    if (f - f !== 0) return false; // NaN, or not finite in float32
    s.rows.add(col, v);
  } else if (v === 1) {
    if (k === F_BIT) s.rows.add(col, 1);
    else s.rows.label(col, 1);
  } else if (v !== 0) return false;
  return true;
}

export function drop(s: FusedRows): number {
  s.rows.dropRow();
  return -1;
}

/** A plain `?` at b[i] for a feature, kept as NaN when imputing; false otherwise. */
function missingField(s: FusedRows, k: number, col: number, b: Uint8Array, i: number, end: number): boolean {
  if (!s.impute || (k !== F_NUM && k !== F_BIT)) return false;
  let j = i + 1;
  while (j < end && (b[j] === SP || b[j] === TAB)) j++;
  if (j >= end || (b[j] !== COMMA && b[j] !== LF && b[j] !== CR)) return false;
  s.rows.add(col, Number.NaN);
  s.missing = true;
  s.at.pos = j;
  return true;
}

/** A dense row starting at b[pos] (after any blanks). */
export function fusedDense(s: FusedRows, b: Uint8Array, pos: number, end: number, final: boolean): number {
  const { kind, col, quote, at } = s;
  const last = kind.length - 1;
  let i = pos;
  for (let a = 0; a <= last; a++) {
    const k = kind[a];
    while (i < end && (b[i] === SP || b[i] === TAB)) i++;
    if (k === F_SKIP) {
      if (!skipField(b, i, end, quote, at)) return drop(s);
    } else if (b[i] === QUESTION) {
      if (!missingField(s, k, col[a], b, i, end)) return drop(s);
    } else {
      let v = bitField(b, i, end, at);
      if (v < 0) {
        if (k !== F_NUM && k !== F_NUM_LABEL) return drop(s);
        v = numberField(b, i, end, quote, at);
      }
      if (!keep(s, k, col[a], v)) return drop(s);
    }
    i = nextField(b, at.pos, a < last);
    if (i < 0) return drop(s);
  }
  const next = skipLineEnd(b, i, end, final);
  if (next < 0) return drop(s);
  s.rows.endRow();
  return next;
}
