import { type AttrPlan, BIN, LABEL, NUM, SKIP, type SparseDefault } from './arff-plan.js';
import {
  drop,
  F_BIT,
  F_BIT_LABEL,
  F_NUM,
  F_NUM_LABEL,
  F_OTHER,
  F_SKIP,
  type FusedRows,
  keep,
} from './fused-row.js';
import type { RowsBuilder } from './rows-builder.js';
import { COMMA, CR, DQ, LF, RBRACE, SP, SQ, TAB } from './text/bytes.js';
import { skipLineEnd } from './text/fields.js';
import { scanNumber } from './text/number.js';

/**
 * ARFF on the fused path: what each attribute is to it (fused-row.ts reads the dense rows), and
 * sparse rows `{i v,…}` of plain values straight from the bytes into the rows builder: the
 * position after the row's line end, or -1 having dropped what it kept of the row, for arff.ts's
 * general path to read it and decide (one-hot and odd nominal attributes, quotes, `?`, weights,
 * anything malformed). What is kept is what the general path keeps.
 */

export interface FusedArff extends FusedRows {
  /** stamp[a] === gen: attribute a was set in the current sparse row (shared with arff.ts). */
  stamp: Int32Array;
  gen: number;
  defaults: SparseDefault[];
}

export function fusedKinds(plans: AttrPlan[]): { kind: Uint8Array; col: Int32Array; dense: boolean } {
  const kind = Uint8Array.from(plans, (p) => {
    const values = p.attr.values;
    if (p.kind === NUM) return F_NUM;
    if (p.kind === SKIP) return F_SKIP;
    if (p.kind === BIN) return F_BIT;
    if (p.kind === LABEL && p.attr.type === 'numeric') return F_NUM_LABEL;
    if (p.kind === LABEL && values.includes('0') && values.includes('1')) return F_BIT_LABEL;
    return F_OTHER;
  });
  return { kind, col: Int32Array.from(plans, (p) => p.col), dense: !kind.includes(F_OTHER) };
}

/** A sparse row whose `{` is b[pos]. */
export function fusedSparse(s: FusedArff, b: Uint8Array, pos: number, end: number, final: boolean): number {
  const { kind, col, stamp, at } = s;
  const gen = ++s.gen;
  const nAttr = kind.length;
  let i = pos + 1;
  for (;;) {
    while (i < end && (b[i] === SP || b[i] === TAB)) i++;
    if (i < end && b[i] === RBRACE) break;
    const start = i;
    let a = 0;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      a = a * 10 + d;
    }
    if (i === start || a >= nAttr || stamp[a] === gen || i >= end || (b[i] !== SP && b[i] !== TAB)) {
      return drop(s);
    }
    stamp[a] = gen;
    while (i < end && (b[i] === SP || b[i] === TAB)) i++;
    const k = kind[a];
    let v: number;
    if (k === F_SKIP) {
      if (i >= end || !isValueByte(b[i]) || b[i] === SQ || b[i] === DQ) return drop(s);
      while (i < end && isValueByte(b[i])) i++;
      v = 0;
    } else if (k === F_NUM || k === F_NUM_LABEL) {
      // a one-digit value (counts, 0/1) needs no scan
      v = b[i] - 48;
      if (v >= 0 && v <= 9 && i + 1 < end && !isValueByte(b[i + 1])) i++;
      else {
        v = scanNumber(b, i, end, at);
        i = at.pos;
      }
    } else if (k === F_OTHER || i + 1 >= end || (b[i] !== 48 && b[i] !== 49)) return drop(s);
    else v = b[i++] - 48;
    if (i >= end || isValueByte(b[i])) return drop(s); // the value goes on (or is missing)
    if (k !== F_SKIP && !keep(s, k, col[a], v)) return drop(s);
    while (i < end && (b[i] === SP || b[i] === TAB)) i++;
    if (i < end && b[i] === COMMA) i++;
    else if (!(i < end && b[i] === RBRACE)) return drop(s);
  }
  i++;
  while (i < end && (b[i] === SP || b[i] === TAB)) i++;
  if (i >= end || (b[i] !== LF && b[i] !== CR)) return drop(s);
  const next = skipLineEnd(b, i, end, final);
  if (next < 0) return drop(s);
  endSparseRow(s.rows, s.defaults, stamp, gen);
  return next;
}

/** The bytes a sparse value's token runs over (arff.ts: up to a comma, `}` or a blank). */
function isValueByte(c: number): boolean {
  return c !== COMMA && c !== RBRACE && c !== SP && c !== TAB && c !== LF && c !== CR;
}

/** Ends a sparse row: the values its omitted attributes imply (arff-plan.ts), then the row. */
export function endSparseRow(rows: RowsBuilder, defaults: SparseDefault[], stamp: Int32Array, gen: number) {
  for (const d of defaults) {
    if (stamp[d.attr] === gen) continue;
    if (d.label) rows.label(d.col, 1);
    else rows.add(d.col, d.v);
  }
  rows.endRow();
}
