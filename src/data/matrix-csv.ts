import { dataError } from './fail.js';
import { DQ, SP, TAB } from './text/bytes.js';
import { eachCsvRecord, Fields, skipLineEnd } from './text/fields.js';
import { headerNames, isHeaderRow } from './text/header.js';
import { type ChunkParser, parseBytes, parseFile } from './text/input.js';
import { Cursor, notANumber, parseNumber } from './text/number.js';
import { bitField, fused, nextField, numberField } from './text/plain-field.js';
import { show, showBytes } from './text/show.js';

/**
 * A numeric matrix read from CSV with the data readers' tokeniser and number grammar: one row per
 * line, blank lines ignored, an optional header row of names decided by the one header rule
 * (text/header.ts: a first row with no number in it). Streaming, no string per value.
 * Every error is one line: `file:line: what is wrong`.
 */
export interface NumericMatrix<V extends Float64Array | Uint8Array = Float64Array> {
  /** Row-major nRows × nCols. */
  values: V;
  nRows: number;
  nCols: number;
  header: string[] | null;
  /** 1-based line number of the first non-blank line (the header, if any). */
  firstLine: number;
  /** 1-based line number of each data row, for later error messages. */
  lines: Uint32Array;
}

export interface MatrixCsvOptions {
  header?: 'auto' | boolean;
  /** A problem with one value (e.g. "is not 0 or 1"), or null if it is fine. */
  check?: (value: number) => string | null;
  /** Every value is 0 or 1, held as one byte (a truth matrix: an eighth of the memory). */
  binary?: boolean;
}

type Binary = MatrixCsvOptions & { binary: true };

export function parseMatrixCsv(
  text: string | Uint8Array,
  file: string,
  opts: Binary,
): NumericMatrix<Uint8Array>;
export function parseMatrixCsv(
  text: string | Uint8Array,
  file: string,
  opts?: MatrixCsvOptions,
): NumericMatrix;
export function parseMatrixCsv(
  text: string | Uint8Array,
  file: string,
  opts: MatrixCsvOptions = {},
): NumericMatrix<Float64Array | Uint8Array> {
  const p = new MatrixParser(file, opts);
  parseBytes(typeof text === 'string' ? Buffer.from(text) : text, file, p);
  return p.result();
}

export function readMatrixCsv(path: string, opts: Binary): Promise<NumericMatrix<Uint8Array>>;
export function readMatrixCsv(path: string, opts?: MatrixCsvOptions): Promise<NumericMatrix>;
export async function readMatrixCsv(
  path: string,
  opts: MatrixCsvOptions = {},
): Promise<NumericMatrix<Float64Array | Uint8Array>> {
  const p = new MatrixParser(path, opts);
  await parseFile(path, p);
  return p.result();
}

class MatrixParser implements ChunkParser {
  private readonly f = new Fields();
  line = 1;
  private nCols = -1;
  private firstLine = 0;
  private header: string[] | null = null;
  private values: Float64Array | Uint8Array;
  private n = 0;
  private lines = new Uint32Array(1024);
  private nRows = 0;
  private readonly at = new Cursor();
  /** The check passes 0 and 1 (the fused path then need not ask it for 0/1 fields). */
  private readonly bitsPass: boolean;

  constructor(
    readonly file: string,
    private readonly opts: MatrixCsvOptions,
  ) {
    this.values = opts.binary ? new Uint8Array(1 << 16) : new Float64Array(1 << 16);
    this.bitsPass = !opts.check?.(0) && !opts.check?.(1);
  }

  feed(b: Uint8Array, end: number, final: boolean): number {
    let pos = 0;
    while (pos < end) {
      // the fused path takes the plain numeric rows; anything else (the header, quotes, blank
      // lines, bad values, a row cut by the buffer's end) goes to the tokeniser, which decides
      if (this.nRows > 0 && fused.on) {
        const next = this.fastRecord(b, pos, end, final);
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      const used = eachCsvRecord(b, end, final, this.f, this, () => this.record(b), pos, true);
      if (used === pos) return pos;
      pos = used;
    }
    return pos;
  }

  /**
   * One record of plain numbers (text/plain-field.ts) straight from the bytes into the values (no
   * spans, no strings); the position after its line end, or -1 (nothing kept) when the record is
   * anything else and record() must read it.
   */
  private fastRecord(b: Uint8Array, pos: number, end: number, final: boolean): number {
    const last = this.nCols - 1;
    if (this.n + last + 1 > this.values.length) this.values = grow(this.values, this.n + last + 1);
    if (this.nRows === this.lines.length) this.lines = grow(this.lines, this.nRows + 1);
    const { values, at } = this;
    const check = this.opts.check;
    const binary = this.opts.binary === true;
    let n = this.n;
    let i = pos;
    for (let c = 0; c <= last; c++) {
      while (i < end && (b[i] === SP || b[i] === TAB)) i++;
      let v = bitField(b, i, end, at);
      if (v < 0) {
        v = numberField(b, i, end, DQ, at);
        if (!Number.isFinite(v) || (binary && v !== 0 && v !== 1) || check?.(v)) return -1;
      } else if (!this.bitsPass) return -1;
      values[n++] = v;
      i = nextField(b, at.pos, c < last);
      if (i < 0) return -1;
    }
    const next = skipLineEnd(b, i, end, final);
    if (next < 0) return -1;
    this.n = n;
    this.lines[this.nRows++] = this.line;
    this.line++;
    return next;
  }

  private record(b: Uint8Array): void {
    const f = this.f;
    if (this.nCols < 0) {
      this.nCols = f.n;
      this.firstLine = this.line;
      if (isHeaderRow(b, f, this.file, this.line, this.opts.header ?? 'auto')) {
        this.header = headerNames(b, f, this.file, this.line);
        return;
      }
    } else if (f.n !== this.nCols) {
      throw dataError(
        this.file,
        this.line,
        `${f.n} values, expected ${this.nCols} like line ${this.firstLine}${f.n > this.nCols ? '' : ' (a missing value?)'}`,
      );
    }
    if (this.nRows === 0 && this.expectBytes > 0) this.reserve(f);
    if (this.n + f.n > this.values.length) this.values = grow(this.values, this.n + f.n);
    const check = this.opts.check;
    for (let c = 0; c < f.n; c++) {
      const s = f.start[c];
      const e = f.end[c];
      const v = parseNumber(b, s, e);
      if (!Number.isFinite(v)) {
        const why = notANumber(b, s, e);
        throw dataError(
          this.file,
          this.line,
          `${this.column(c)}: ${why === 'empty value' ? why : `${showBytes(b, s, e)} is ${why}`}`,
        );
      }
      const problem = check?.(v) || (this.opts.binary && v !== 0 && v !== 1 ? 'is not 0 or 1' : null);
      if (problem)
        throw dataError(this.file, this.line, `${this.column(c)}: ${showBytes(b, s, e)} ${problem}`);
      this.values[this.n++] = v;
    }
    if (this.nRows === this.lines.length) this.lines = grow(this.lines, this.nRows + 1);
    this.lines[this.nRows++] = this.line;
  }

  private expectBytes = 0;

  expect(bytes: number): void {
    this.expectBytes = bytes;
  }

  /**
   * Room for the whole file from its size and the first data row's length (with a margin), so the
   * values are written once instead of copied at every doubling.
   */
  private reserve(f: Fields): void {
    const rowBytes = Math.max(1, f.end[f.n - 1] - f.start[0] + 1);
    const rows = Math.ceil((this.expectBytes / rowBytes) * 1.1) + 16;
    if (rows * f.n > this.values.length)
      this.values = new (this.values.constructor as typeof Uint8Array)(rows * f.n);
    if (rows > this.lines.length) this.lines = new Uint32Array(rows);
  }

  private column(c: number): string {
    return `column ${c + 1}${this.header ? ` (${show(this.header[c])})` : ''}`;
  }

  result(): NumericMatrix<Float64Array | Uint8Array> {
    if (this.nCols < 0) throw dataError(this.file, undefined, 'empty file: only blank lines');
    if (this.nRows === 0) throw dataError(this.file, undefined, 'no data rows after the header');
    return {
      values: fit(this.values, this.n),
      nRows: this.nRows,
      nCols: this.nCols,
      header: this.header,
      firstLine: this.firstLine,
      lines: fit(this.lines, this.nRows),
    };
  }
}

/** The first n values: a view when little room is left over, a copy otherwise. */
function fit<T extends Float64Array | Uint8Array | Uint32Array>(a: T, n: number): T {
  return a.length - n > a.length / 8 ? (a.slice(0, n) as T) : (a.subarray(0, n) as T);
}

function grow<T extends Float64Array | Uint8Array | Uint32Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
