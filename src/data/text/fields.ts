/**
 * The one tokeniser of delimited text, over bytes, shared by the CSV, matrix-CSV and ARFF readers.
 * A record is fields separated by commas up to a line end (\n, \r\n or a lone \r); blanks (space,
 * tab) around a field are not part of it. Quoting, by dialect:
 *   - 'csv' (RFC 4180): "…" with "" for a quote; line ends may sit inside quotes;
 *   - 'arff' (Weka): '…' or "…" with backslash escapes (\n \t \r, \x = x); one line only.
 * A quote opens a field only as its first non-blank character; elsewhere it is text.
 * Spans are byte offsets into the buffer; nothing is decoded unless asked (fieldText).
 */
import { dataError } from '../fail.js';
import { BS, COMMA, CR, DQ, LF, SP, SQ, TAB } from './bytes.js';
import { showBytes } from './show.js';

export type Dialect = 'csv' | 'arff';

/** Field kinds: plain text, quoted (span is inside the quotes), quoted with escapes to undo. */
export const PLAIN = 0;
export const QUOTED = 1;
export const ESCAPED = 2;

export class Fields {
  n = 0;
  start = new Int32Array(16);
  end = new Int32Array(16);
  kind = new Uint8Array(16);
  /** Line ends inside quoted fields of the record (CSV), for line numbers. */
  innerLines = 0;
  /** Whether the quoted field just closed held escapes. */
  escaped = false;
  /** Set when scanRecord returns BAD. */
  error = '';
  /** Where the problem is, for showBytes: [errorAt, errorEnd). */
  errorAt = 0;
  errorEnd = 0;

  push(s: number, e: number, kind: number): void {
    if (this.n === this.start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start, (n) => new Int32Array(n));
      this.end = grow(this.end, (n) => new Int32Array(n));
      this.kind = grow(this.kind, (n) => new Uint8Array(n));
    }
    this.start[this.n] = s;
    this.end[this.n] = e;
    this.kind[this.n] = kind;
    this.n++;
  }
}

/** scanRecord results other than a position. */
export const MORE = -1; // the record runs past the buffer: feed more bytes
export const BAD = -2; // malformed: fields.error says why

/**
 * Splits the record starting at `pos` into `f`. Returns the position of its line end (LF or CR,
 * not consumed; `end` when the buffer ends and `final`), MORE when the buffer ends first and
 * more bytes may come, or BAD.
 */
export function scanRecord(
  b: Uint8Array,
  pos: number,
  end: number,
  dialect: Dialect,
  f: Fields,
  final: boolean,
): number {
  f.n = 0;
  f.innerLines = 0;
  let i = pos;
  for (;;) {
    while (i < end && (b[i] === SP || b[i] === TAB)) i++;
    const c = i < end ? b[i] : -1;
    if (c === DQ || (c === SQ && dialect === 'arff')) {
      const close = dialect === 'csv' ? closeCsvQuote(b, i, end, f, final) : closeArffQuote(b, i, end, f);
      if (close < 0) {
        if (close === MORE && !final) return MORE;
        f.error = `unterminated quoted field (no closing ${String.fromCharCode(c)})`;
        f.errorAt = i;
        f.errorEnd = Math.min(end, i + 40);
        return BAD;
      }
      f.push(i + 1, close, f.escaped ? ESCAPED : QUOTED);
      i = close + 1;
      while (i < end && (b[i] === SP || b[i] === TAB)) i++;
      if (i < end && b[i] !== COMMA && b[i] !== LF && b[i] !== CR) {
        f.error = 'text after a closing quote';
        f.errorAt = i;
        f.errorEnd = Math.min(end, i + 20);
        return BAD;
      }
    } else {
      const s = i;
      while (i < end) {
        const d = b[i];
        if (d === COMMA || d === LF || d === CR) break;
        i++;
      }
      let e = i;
      while (e > s && (b[e - 1] === SP || b[e - 1] === TAB)) e--;
      f.push(s, e, PLAIN);
    }
    if (i >= end) return final ? end : MORE;
    if (b[i] !== COMMA) return i;
    i++;
  }
}

/** Index of the closing " of a CSV field opening at q; "" inside is an escaped quote. */
function closeCsvQuote(b: Uint8Array, q: number, end: number, f: Fields, final: boolean): number {
  f.escaped = false;
  for (let i = q + 1; i < end; i++) {
    const c = b[i];
    if (c === DQ) {
      // at the buffer's end a quote may be the first of "": wait for the next byte
      if (i + 1 >= end && !final) return MORE;
      if (i + 1 >= end || b[i + 1] !== DQ) return i;
      f.escaped = true;
      i++;
    } else if (c === LF || (c === CR && (i + 1 >= end || b[i + 1] !== LF))) f.innerLines++;
  }
  return MORE;
}

/** Index of the closing quote of an ARFF token opening at q; backslash escapes; one line. */
function closeArffQuote(b: Uint8Array, q: number, end: number, f: Fields): number {
  const quote = b[q];
  f.escaped = false;
  for (let i = q + 1; i < end; i++) {
    const c = b[i];
    if (c === LF || c === CR) return BAD;
    if (c === BS && i + 1 < end && b[i + 1] !== LF && b[i + 1] !== CR) {
      f.escaped = true;
      i++;
    } else if (c === quote) return i;
  }
  return MORE;
}

/** A field's text: UTF-8 decoded, quotes and escapes undone. */
export function fieldText(b: Uint8Array, f: Fields, k: number, dialect: Dialect): string {
  const text = Buffer.from(b.buffer, b.byteOffset + f.start[k], f.end[k] - f.start[k]).toString('utf8');
  if (f.kind[k] !== ESCAPED) return text;
  if (dialect === 'csv') return text.replaceAll('""', '"');
  return text.replace(/\\(.)/gs, (_, e: string) =>
    e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e,
  );
}

/** True when field k is exactly the one byte `c` and not quoted (`?` for missing). */
export function isByte(b: Uint8Array, f: Fields, k: number, c: number): boolean {
  return f.kind[k] === PLAIN && f.end[k] - f.start[k] === 1 && b[f.start[k]] === c;
}

/** Position after the line end at `i` (LF, CR LF or CR); MORE if a CR ends the buffer early. */
export function skipLineEnd(b: Uint8Array, i: number, end: number, final: boolean): number {
  if (i >= end) return end;
  if (b[i] === LF) return i + 1;
  if (i + 1 < end) return b[i + 1] === LF ? i + 2 : i + 1;
  return final ? end : MORE;
}

/** Index of the closing quote of an ARFF token opening at q, or a negative number if none. */
export function quoteEnd(b: Uint8Array, q: number, end: number): number {
  return closeArffQuote(b, q, end, new Fields());
}

/**
 * Calls onRecord for each complete, non-blank CSV record of b[0, end) (its fields in `f`, its
 * first line in at.line); returns how many bytes it used (the rest waits for more input).
 * From byte `from`; with `once`, stops after one record (blank or not).
 */
export function eachCsvRecord(
  b: Uint8Array,
  end: number,
  final: boolean,
  f: Fields,
  at: { readonly file: string; line: number },
  onRecord: () => void,
  from = 0,
  once = false,
): number {
  let pos = from;
  while (pos < end) {
    const stop = scanRecord(b, pos, end, 'csv', f, final);
    if (stop === MORE) return pos;
    if (stop === BAD) throw badRecord(at, f, b);
    const next = skipLineEnd(b, stop, end, final);
    if (next === MORE) return pos;
    if (!(f.n === 1 && f.end[0] === f.start[0] && f.kind[0] === PLAIN)) onRecord();
    at.line += 1 + f.innerLines;
    pos = next;
    if (once) return pos;
  }
  return pos;
}

/** The error for a record scanRecord called BAD. */
export function badRecord(at: { readonly file: string; line: number }, f: Fields, b: Uint8Array): Error {
  return dataError(at.file, at.line, `${f.error} at ${showBytes(b, f.errorAt, f.errorEnd)}`);
}
