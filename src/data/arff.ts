import { endSparseRow, type FusedArff, fusedKinds, fusedSparse } from './arff-fused.js';
import { type ArffAttribute, type ArffHeader, headerLine } from './arff-header.js';
import { type AttrPlan, BIN, LABEL, NUM, ONEHOT, planArff, SKIP } from './arff-plan.js';
import type { ColumnOptions } from './columns.js';
import type { Dataset } from './dataset.js';
import { dataError } from './fail.js';
import { fusedDense } from './fused-row.js';
import { fillMissing, presentMeans } from './moments.js';
import { RowsBuilder } from './rows-builder.js';
import { COMMA, CR, LBRACE, LF, PERCENT, QUESTION, RBRACE, SP, SQ, TAB } from './text/bytes.js';
import {
  BAD,
  badRecord,
  ESCAPED,
  Fields,
  fieldText,
  MORE,
  PLAIN,
  quoteEnd,
  scanRecord,
  skipLineEnd,
} from './text/fields.js';
import { type ChunkParser, parseBytes, parseFile } from './text/input.js';
import { Cursor, parseNumber } from './text/number.js';
import { fused } from './text/plain-field.js';
import { show, showBytes } from './text/show.js';
import { featureError, featureValue, labelError, labelValue, missingError } from './text/values.js';

/**
 * ARFF (Weka) reader for multi-label data, dense and sparse rows, streaming.
 *
 * Which attributes are labels, first rule that applies:
 *   1. `labels`: `first:N`, `last:N` or `name,name,…` (the user's `--labels`);
 *   2. `xmlLabels`: names from a MULAN XML file, matched by name, never by position;
 *   3. MEKA: `-C n` in the relation name (n > 0: first n attributes, n < 0: last |n|);
 *   otherwise there are no label columns, which is an error.
 * `ignore` drops attributes first (IDs, strings, dates), whatever their type; positions in
 * `first:N`/`last:N`/MEKA count the attributes left.
 * Labels keep the file's column order whatever order they are named in.
 *
 * Features: numeric attributes as they are; a nominal attribute declared exactly {0,1} (either
 * order) becomes ONE numeric 0/1 column; any other nominal attribute is one-hot encoded, one
 * column per declared value, named `attr=value` (and a note when it has as many distinct values
 * as there are rows: an identifier, better ignored). In sparse rows an omitted attribute takes
 * value 0 if numeric and its first declared value if nominal, as in Weka; an index given twice is
 * an error. `?` (missing) is an error naming the line unless impute is 'mean' (the column mean
 * over this file's present values; for one-hot columns, the value frequencies) or 'keep' (NaN:
 * the trainer fills it with the training rows' means). Labels may never be missing and must be 0
 * or 1. Weka instance weights (`…, {0.5}`) are refused unless 1: rows are not weighted here.
 */
export interface ArffOptions extends ColumnOptions {
  impute?: 'none' | 'mean' | 'keep';
  /** Label names from a MULAN XML file, and that file's path (for errors). */
  xmlLabels?: readonly string[];
  xmlFile?: string;
}

export function parseArff(text: string | Uint8Array, file: string, opts: ArffOptions = {}): Dataset {
  const p = new ArffParser(file, opts);
  parseBytes(typeof text === 'string' ? Buffer.from(text) : text, file, p);
  return p.result();
}

export async function readArff(path: string, opts: ArffOptions = {}): Promise<Dataset> {
  const p = new ArffParser(path, opts);
  await parseFile(path, p);
  return p.result();
}

class ArffParser implements ChunkParser {
  line = 1;
  private readonly f = new Fields();
  private readonly header: ArffHeader = { relation: '', attributes: [] };
  private inData = false;
  private plans: AttrPlan[] = [];
  private rows: RowsBuilder | null = null;
  private featureNames: string[] = [];
  private labelNames: string[] = [];
  /** The fused path's state (arff-fused.ts), whose sparse-row stamps the general path shares. */
  private fast: FusedArff | null = null;
  private fastDense = false;
  /** Rows left to the general path after the fused path gave one up (see feed). */
  private cooldown = 0;
  private sawMissing = false;
  private impute = false;
  /** Per one-hot attribute: which values occurred (for the identifier note). */
  private seen = new Map<number, Uint8Array>();

  constructor(
    readonly file: string,
    private readonly opts: ArffOptions,
  ) {
    this.impute = opts.impute === 'mean' || opts.impute === 'keep';
  }

  private expectBytes = 0;

  expect(bytes: number): void {
    this.expectBytes = bytes;
  }

  /** Bytes of the file read before the current buffer (for RowsBuilder.progress). */
  private consumed = 0;

  feed(b: Uint8Array, end: number, final: boolean): number {
    const used = this.feedRows(b, end, final);
    this.consumed += used;
    this.rows?.progress(this.consumed);
    return used;
  }

  private feedRows(b: Uint8Array, end: number, final: boolean): number {
    const cr = b.indexOf(CR);
    const hasCR = cr >= 0 && cr < end;
    let pos = 0;
    while (pos < end) {
      let i = pos;
      while (i < end && (b[i] === SP || b[i] === TAB)) i++;
      // plain rows take the fused path; anything else the general one (which decides and words
      // every error), and after a miss the next few rows too, so rows it cannot read cost little
      if (this.fast !== null && fused.on && i < end) {
        if (this.cooldown > 0) this.cooldown--;
        else {
          const next =
            b[i] === LBRACE
              ? fusedSparse(this.fast, b, i, end, final)
              : this.fastDense
                ? fusedDense(this.fast, b, i, end, final)
                : -1;
          if (next >= 0) {
            this.line++;
            pos = next;
            continue;
          }
          this.cooldown = 8;
        }
      }
      const dense =
        this.inData && i < end && b[i] !== LBRACE && b[i] !== LF && b[i] !== CR && b[i] !== PERCENT;
      let stop: number;
      if (dense) {
        stop = scanRecord(b, i, end, 'arff', this.f, final);
        if (stop === MORE) return pos;
        if (stop === BAD) throw badRecord(this, this.f, b);
      } else {
        stop = lineEnd(b, i, end, hasCR);
        if (stop < 0 && !final) return pos;
        if (stop < 0) stop = end;
      }
      // a lone CR at the buffer's end may be the first half of CR LF: decide with the next chunk
      const next = skipLineEnd(b, stop, end, final);
      if (next === MORE) return pos;
      if (dense) this.denseRow(b);
      else if (i < stop && b[i] === LBRACE && this.inData) this.sparseRow(b, i, stop);
      else if (i < stop && b[i] !== PERCENT) {
        let e = stop;
        while (e > i && (b[e - 1] === SP || b[e - 1] === TAB)) e--;
        if (this.inData)
          throw dataError(this.file, this.line, `unexpected ${showBytes(b, i, e)} in the data section`);
        if (headerLine(b, i, e, this.line, this.file, this.header)) this.startData();
      }
      this.line++;
      pos = next;
    }
    return pos;
  }

  private startData(): void {
    this.inData = true;
    const plan = planArff(this.header, this.file, this.opts);
    this.plans = plan.plans;
    this.featureNames = plan.featureNames;
    this.labelNames = plan.labelNames;
    this.rows = new RowsBuilder(this.featureNames.length, this.labelNames.length);
    this.rows.reserve(this.expectBytes);
    const { kind, col, dense } = fusedKinds(this.plans);
    this.fastDense = dense;
    this.fast = {
      kind,
      col,
      rows: this.rows,
      quote: SQ,
      impute: this.impute,
      missing: false,
      stamp: new Int32Array(this.plans.length),
      gen: 0,
      defaults: plan.defaults,
      at: new Cursor(),
    };
  }

  private denseRow(b: Uint8Array): void {
    const f = this.f;
    const nAttr = this.plans.length;
    let n = f.n;
    if (n === nAttr + 1 && f.kind[n - 1] === PLAIN && b[f.start[n - 1]] === LBRACE) {
      this.weight(b, f.start[n - 1], f.end[n - 1]);
      n--;
    }
    if (n !== nAttr) {
      throw dataError(this.file, this.line, `${f.n} values, expected ${nAttr} (one per @attribute)`);
    }
    for (let a = 0; a < nAttr; a++) this.value(a, b, f.start[a], f.end[a], f.kind[a]);
    this.rows!.endRow();
  }

  /** `{3 1.5, 7 'a b'}` optionally followed by `, {weight}`; bytes [s, e) of one line. */
  private sparseRow(b: Uint8Array, s: number, e: number): void {
    const fast = this.fast!;
    const row = ++fast.gen;
    const stamp = fast.stamp;
    const nAttr = this.plans.length;
    let i = s + 1;
    for (;;) {
      i = skipBlanks(b, i, e);
      if (i < e && b[i] === RBRACE) break;
      const start = i;
      let a = 0;
      while (i < e && b[i] >= 48 && b[i] <= 57) a = a * 10 + (b[i++] - 48);
      if (i === start) {
        const why =
          i >= e
            ? "no closing '}'"
            : `expected an attribute index at ${showBytes(b, start, Math.min(e, start + 20))}`;
        throw dataError(this.file, this.line, `sparse row: ${why}`);
      }
      if (a >= nAttr) {
        const shown = i - start <= 9 ? String(a) : showBytes(b, start, i);
        throw dataError(
          this.file,
          this.line,
          `sparse row: attribute index ${shown} out of range (0..${nAttr - 1})`,
        );
      }
      if (stamp[a] === row) {
        throw dataError(
          this.file,
          this.line,
          `sparse row: attribute index ${a} (${show(this.plans[a].attr.name)}) appears twice`,
        );
      }
      stamp[a] = row;
      if (i < e && b[i] !== SP && b[i] !== TAB) {
        throw dataError(this.file, this.line, `sparse row: expected a blank after attribute index ${a}`);
      }
      i = skipBlanks(b, i, e);
      let vs = i;
      let ve: number;
      let kind = PLAIN;
      if (i < e && (b[i] === 39 || b[i] === 34)) {
        const close = quoteEnd(b, i, e);
        if (close < 0)
          throw dataError(this.file, this.line, `unterminated quoted value at ${showBytes(b, i, e)}`);
        kind = ESCAPED;
        ve = close;
        vs = i + 1;
        i = close + 1;
      } else {
        while (i < e && b[i] !== COMMA && b[i] !== RBRACE && b[i] !== SP && b[i] !== TAB) i++;
        ve = i;
        if (ve === vs)
          throw dataError(this.file, this.line, `sparse row: no value after attribute index ${a}`);
      }
      this.value(a, b, vs, ve, kind);
      i = skipBlanks(b, i, e);
      if (i < e && b[i] === COMMA) i++;
      else if (!(i < e && b[i] === RBRACE)) {
        throw dataError(
          this.file,
          this.line,
          `sparse row: expected ',' or '}' after the value of index ${a}`,
        );
      }
    }
    i = skipBlanks(b, i + 1, e);
    if (i < e && b[i] === COMMA) {
      i = skipBlanks(b, i + 1, e);
      let we = e;
      while (we > i && (b[we - 1] === SP || b[we - 1] === TAB)) we--;
      this.weight(b, i, we);
      i = e;
    }
    if (i < e) throw dataError(this.file, this.line, `sparse row: text after '}': ${showBytes(b, i, e)}`);
    endSparseRow(this.rows!, fast.defaults, stamp, row);
  }

  /** A Weka instance weight `{w}`: accepted only when it changes nothing. */
  private weight(b: Uint8Array, s: number, e: number): void {
    const ok = e - s >= 2 && b[s] === LBRACE && b[e - 1] === RBRACE;
    let is = s + 1;
    let ie = e - 1;
    while (is < ie && (b[is] === SP || b[is] === TAB)) is++;
    while (ie > is && (b[ie - 1] === SP || b[ie - 1] === TAB)) ie--;
    const w = ok ? parseNumber(b, is, ie) : Number.NaN;
    if (w === 1) return;
    throw dataError(
      this.file,
      this.line,
      ok && !Number.isNaN(w)
        ? `instance weight ${showBytes(b, s, e)}: trainscope does not weight rows, and dropping the weight would change what the data says (remove the weights, or repeat rows to weight them)`
        : `malformed instance weight ${showBytes(b, s, e)} (Weka writes {w} after the values)`,
    );
  }

  /** Attribute a's value, bytes [s, e) (unquoted span; kind says if quotes/escapes apply). */
  private value(a: number, b: Uint8Array, s: number, e: number, kind: number): void {
    const p = this.plans[a];
    const rows = this.rows!;
    if (p.kind === SKIP) return;
    if (e - s === 1 && b[s] === QUESTION) {
      if (p.kind === LABEL) throw labelError(this, `label ${show(p.attr.name)}`, b, s, e);
      if (!this.impute) throw missingError(this, `attribute ${show(p.attr.name)}`);
      this.sawMissing = true;
      if (p.kind === ONEHOT) for (const c of p.cols) rows.add(c, Number.NaN);
      else rows.add(p.col, Number.NaN);
      return;
    }
    if (p.kind === NUM) {
      if (kind === PLAIN && e - s === 1 && b[s] === 48) return;
      const v = featureValue(b, s, e);
      if (Number.isNaN(v)) throw featureError(this, `attribute ${show(p.attr.name)}`, b, s, e);
      rows.add(p.col, v);
      return;
    }
    if (p.kind === LABEL && p.attr.type === 'numeric') {
      const v = labelValue(b, s, e);
      if (v < 0) throw labelError(this, `label ${show(p.attr.name)}`, b, s, e);
      rows.label(p.col, v as 0 | 1);
      return;
    }
    const k = this.nominal(p, b, s, e, kind, p.kind !== LABEL);
    if (p.kind === LABEL) {
      const v = k < 0 ? -1 : p.attr.values[k] === '1' ? 1 : p.attr.values[k] === '0' ? 0 : -1;
      if (v < 0) throw labelError(this, `label ${show(p.attr.name)}`, b, s, e);
      rows.label(p.col, v as 0 | 1);
    } else if (p.kind === BIN) rows.add(p.col, p.attr.values[k] === '1' ? 1 : 0);
    else {
      rows.add(p.cols[k], 1);
      let seen = this.seen.get(a);
      if (!seen) {
        seen = new Uint8Array(p.attr.values.length);
        this.seen.set(a, seen);
      }
      seen[k] = 1;
    }
  }

  /** Index of a nominal value among the declared ones. */
  private nominal(p: AttrPlan, b: Uint8Array, s: number, e: number, kind: number, strict: boolean): number {
    const k =
      kind === ESCAPED
        ? (p.index.get(fieldTextOf(b, s, e)) ?? -1)
        : p.bytes.length <= 16
          ? matchBytes(p.bytes, b, s, e)
          : (p.index.get(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8')) ?? -1);
    if (k >= 0 || !strict) return k;
    const vals = p.attr.values
      .slice(0, 12)
      .map((v) => show(v, 20))
      .join(',');
    throw dataError(
      this.file,
      this.line,
      `attribute ${show(p.attr.name)}: unknown nominal value ${showBytes(b, s, e)} (declared {${vals}${p.attr.values.length > 12 ? ',…' : ''}})`,
    );
  }

  result(): Dataset {
    if (!this.inData) {
      if (this.header.attributes.length === 0) {
        throw dataError(this.file, undefined, 'empty file: no ARFF header (@relation, @attribute, @data)');
      }
      throw dataError(this.file, undefined, 'no @data section after the attributes');
    }
    const built = this.rows!.finish();
    if (built.nRows === 0) throw dataError(this.file, undefined, 'no data rows after @data');
    const ds: Dataset = {
      store: built.store,
      rows: null,
      transform: null,
      y: built.y,
      nRows: built.nRows,
      nFeatures: this.featureNames.length,
      nLabels: this.labelNames.length,
      featureNames: this.featureNames,
      labelNames: this.labelNames,
      source: this.file,
      notes: this.identifierNotes(built.nRows),
    };
    if ((this.sawMissing || this.fast?.missing) && this.opts.impute === 'mean')
      fillMissing(ds, presentMeans(ds));
    return ds;
  }

  /** One-hot attributes with a distinct value per row look like identifiers. */
  private identifierNotes(nRows: number): string[] {
    const notes: string[] = [];
    for (const [a, seen] of this.seen) {
      const attr: ArffAttribute = this.plans[a].attr;
      let distinct = 0;
      for (const s of seen) distinct += s;
      if (nRows >= 20 && distinct >= nRows) {
        notes.push(
          `${this.file}: nominal attribute ${show(attr.name)} has as many distinct values as rows (${distinct}): an identifier? It became ${attr.values.length} one-hot columns; drop it with --ignore ${attr.name}`,
        );
      }
    }
    return notes;
  }
}

function fieldTextOf(b: Uint8Array, s: number, e: number): string {
  const f = new Fields();
  f.push(s, e, ESCAPED);
  return fieldText(b, f, 0, 'arff');
}

/** Index of the declared value equal to bytes [s, e), or -1. */
function matchBytes(values: Uint8Array[], b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v.length !== n) continue;
    let i = 0;
    while (i < n && v[i] === b[s + i]) i++;
    if (i === n) return k;
  }
  return -1;
}

function skipBlanks(b: Uint8Array, i: number, e: number): number {
  let k = i;
  while (k < e && (b[k] === SP || b[k] === TAB)) k++;
  return k;
}

/** Index of the first LF or CR at or after i (before end), or -1. */
function lineEnd(b: Uint8Array, i: number, end: number, hasCR: boolean): number {
  if (!hasCR) {
    const k = b.indexOf(LF, i);
    return k >= 0 && k < end ? k : -1;
  }
  for (let k = i; k < end; k++) if (b[k] === LF || b[k] === CR) return k;
  return -1;
}
