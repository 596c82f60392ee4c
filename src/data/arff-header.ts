import { dataError } from './fail.js';
import { LBRACE, SP, TAB } from './text/bytes.js';
import { BAD, Fields, fieldText, quoteEnd, scanRecord } from './text/fields.js';
import { show, showBytes } from './text/show.js';

/** One `@attribute` line. Numeric and nominal attributes are usable; others only when ignored. */
export interface ArffAttribute {
  name: string;
  type: 'numeric' | 'nominal' | 'other';
  /** Nominal values in declaration order (unquoted); for 'other', the declared type. */
  values: string[];
  /** 1-based line of the declaration. */
  line: number;
}

export interface ArffHeader {
  relation: string;
  attributes: ArffAttribute[];
}

const isBlank = (c: number) => c === SP || c === TAB;

/**
 * Reads one header line, bytes [s, e) without its line end, into `h`. Returns true at `@data`.
 * Comments (`%`) and blank lines are the caller's to skip.
 */
export function headerLine(
  b: Uint8Array,
  s: number,
  e: number,
  line: number,
  file: string,
  h: ArffHeader,
): boolean {
  const word = keyword(b, s, e);
  if (word === '@relation') {
    let i = s + 9;
    while (i < e && isBlank(b[i])) i++;
    // unquoted names may hold blanks (MEKA's "Scene: -C 6" must survive whole)
    h.relation = i < e && (b[i] === 39 || b[i] === 34) ? token(b, i, e, line, file)[0] : text(b, i, e).trim();
    return false;
  }
  if (word === '@attribute') {
    const attr = attribute(b, s + 10, e, line, file);
    if (h.attributes.some((a) => a.name === attr.name)) {
      throw dataError(file, line, `attribute ${show(attr.name)} is declared twice`);
    }
    h.attributes.push(attr);
    return false;
  }
  if (word === '@data') {
    if (h.attributes.length === 0) throw dataError(file, line, '@data before any @attribute');
    return true;
  }
  throw dataError(file, line, `expected @relation, @attribute or @data, found ${showBytes(b, s, e)}`);
}

function keyword(b: Uint8Array, s: number, e: number): string {
  let i = s;
  let w = '';
  while (i < e && i < s + 12 && !isBlank(b[i]) && b[i] !== LBRACE) {
    const c = b[i++];
    w += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return w;
}

function text(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}

/** One possibly quoted token from `pos` (blanks skipped): its text and the position after it. */
function token(b: Uint8Array, pos: number, e: number, line: number, file: string): [string, number] {
  let i = pos;
  while (i < e && isBlank(b[i])) i++;
  if (i < e && (b[i] === 39 || b[i] === 34)) {
    const close = quoteEnd(b, i, e);
    if (close < 0)
      throw dataError(file, line, `unterminated quote ${String.fromCharCode(b[i])} at ${showBytes(b, i, e)}`);
    const f = new Fields();
    scanRecord(b, i, close + 1, 'arff', f, true);
    return [fieldText(b, f, 0, 'arff'), close + 1];
  }
  const start = i;
  while (i < e && !isBlank(b[i]) && b[i] !== LBRACE) i++;
  return [text(b, start, i), i];
}

function attribute(b: Uint8Array, pos: number, e: number, line: number, file: string): ArffAttribute {
  const [name, after] = token(b, pos, e, line, file);
  if (name === '') throw dataError(file, line, '@attribute without a name');
  let i = after;
  while (i < e && isBlank(b[i])) i++;
  if (i < e && b[i] === LBRACE) {
    let close = e - 1;
    while (close > i && b[close] !== 125) close--;
    if (close <= i) throw dataError(file, line, `nominal attribute ${show(name)} has no closing '}'`);
    const f = new Fields();
    const stop = scanRecord(b, i + 1, close, 'arff', f, true);
    if (stop === BAD) throw dataError(file, line, `nominal attribute ${show(name)}: ${f.error}`);
    const values: string[] = [];
    for (let k = 0; k < f.n; k++) values.push(fieldText(b, f, k, 'arff'));
    if (values.length === 1 && values[0] === '' && f.kind[0] === 0) values.length = 0;
    if (values.length === 0) throw dataError(file, line, `nominal attribute ${show(name)} has no values`);
    if (values.some((v, k) => v === '' && f.kind[k] === 0)) {
      throw dataError(file, line, `nominal attribute ${show(name)} has an empty value`);
    }
    const dup = values.find((v, k) => values.indexOf(v) !== k);
    if (dup !== undefined)
      throw dataError(file, line, `nominal attribute ${show(name)} declares ${show(dup)} twice`);
    return { name, type: 'nominal', values, line };
  }
  const type = text(b, i, e).trim().split(/\s+/)[0].toLowerCase();
  if (type === 'numeric' || type === 'real' || type === 'integer')
    return { name, type: 'numeric', values: [], line };
  if (type === '') throw dataError(file, line, `attribute ${show(name)} has no type`);
  return { name, type: 'other', values: [type], line };
}

/** The error for an attribute of a type a network cannot use, unless it is dropped. */
export function unusableType(a: ArffAttribute, file: string): Error {
  return dataError(
    file,
    a.line,
    `attribute ${show(a.name)} has type ${show(a.values[0])}: only numeric and nominal {…} attributes are supported (drop it with --ignore ${a.name})`,
  );
}
