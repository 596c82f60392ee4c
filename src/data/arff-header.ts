import { dataError } from './fail.js';

/** One `@attribute` line. Only numeric and nominal types are usable by a neural network. */
export interface ArffAttribute {
  name: string;
  type: 'numeric' | 'nominal';
  /** Nominal values in declaration order (unquoted). */
  values: string[];
  /** 1-based line of the declaration. */
  line: number;
}

export interface ArffHeader {
  relation: string;
  attributes: ArffAttribute[];
  /** 0-based index into the file's lines of the first line after `@data`. */
  dataStart: number;
}

/** File and 1-based line, for errors. */
export interface At {
  file: string;
  line: number;
}

/**
 * Reads one possibly quoted token starting at `pos` (leading blanks skipped). Quoted with ' or ",
 * backslash escapes as Weka writes them (\n \t \r, anything else stands for itself). Unquoted
 * tokens end at a blank or at one of `stops`. Returns the token and the position after it.
 */
export function readToken(s: string, pos: number, stops: string, at: At): [string, number] {
  let i = pos;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  const q = s[i];
  if (q === "'" || q === '"') {
    let out = '';
    for (let j = i + 1; j < s.length; j++) {
      const c = s[j];
      if (c === '\\' && j + 1 < s.length) {
        const e = s[++j];
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
      } else if (c === q) return [out, j + 1];
      else out += c;
    }
    throw dataError(at.file, at.line, `unterminated quote ${q}`);
  }
  let j = i;
  while (j < s.length && s[j] !== ' ' && s[j] !== '\t' && !stops.includes(s[j])) j++;
  return [s.slice(i, j), j];
}

/** Splits on commas, honouring quotes: a dense data line or a nominal value list. */
export function splitQuoted(s: string, at: At): string[] {
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    // Unquoted values run to the next comma (lenient: Weka would reject inner blanks).
    let i = pos;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    let tok: string;
    let next: number;
    if (s[i] === "'" || s[i] === '"') [tok, next] = readToken(s, i, ',', at);
    else {
      next = s.indexOf(',', i);
      if (next < 0) next = s.length;
      tok = s.slice(i, next).trim();
      out.push(tok);
      if (next >= s.length) return out;
      pos = next + 1;
      continue;
    }
    out.push(tok);
    let j = next;
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
    if (j >= s.length) return out;
    if (s[j] !== ',') throw dataError(at.file, at.line, `expected ',' after value '${tok}', found '${s[j]}'`);
    pos = j + 1;
  }
}

export function parseArffHeader(lines: string[], file: string): ArffHeader {
  let relation = '';
  const attributes: ArffAttribute[] = [];
  const seen = new Set<string>();
  for (let li = 0; li < lines.length; li++) {
    const t = lines[li].trim();
    if (t === '' || t[0] === '%') continue;
    const at = { file, line: li + 1 };
    const lower = t.slice(0, 11).toLowerCase();
    if (lower.startsWith('@relation')) {
      const rest = t.slice(9).trim();
      // unquoted names may hold blanks too (MEKA's "Scene: -C 6" must survive whole)
      relation = rest[0] === "'" || rest[0] === '"' ? readToken(rest, 0, '', at)[0] : rest;
    } else if (lower.startsWith('@attribute')) {
      const attr = parseAttribute(t, at);
      if (seen.has(attr.name)) throw dataError(file, at.line, `attribute '${attr.name}' is declared twice`);
      seen.add(attr.name);
      attributes.push(attr);
    } else if (lower.startsWith('@data')) {
      if (attributes.length === 0) throw dataError(file, at.line, '@data before any @attribute');
      return { relation, attributes, dataStart: li + 1 };
    } else {
      throw dataError(file, at.line, `expected @relation, @attribute or @data, found '${t.slice(0, 40)}'`);
    }
  }
  if (attributes.length === 0) {
    throw dataError(file, undefined, 'empty file: no ARFF header (@relation, @attribute, @data)');
  }
  throw dataError(file, undefined, 'no @data section after the attributes');
}

function parseAttribute(t: string, at: At): ArffAttribute {
  const [name, after] = readToken(t, 10, '{', at);
  if (name === '') throw dataError(at.file, at.line, '@attribute without a name');
  const rest = t.slice(after).trim();
  if (rest.startsWith('{')) {
    const close = rest.lastIndexOf('}');
    if (close < 0) throw dataError(at.file, at.line, `nominal attribute '${name}' has no closing '}'`);
    const inner = rest.slice(1, close).trim();
    const values = inner === '' ? [] : splitQuoted(inner, at);
    if (values.length === 0) throw dataError(at.file, at.line, `nominal attribute '${name}' has no values`);
    return { name, type: 'nominal', values, line: at.line };
  }
  const type = rest.split(/\s+/)[0].toLowerCase();
  if (type === 'numeric' || type === 'real' || type === 'integer') {
    return { name, type: 'numeric', values: [], line: at.line };
  }
  if (type === '') throw dataError(at.file, at.line, `attribute '${name}' has no type`);
  throw dataError(
    at.file,
    at.line,
    `attribute '${name}' has type '${type}': only numeric and nominal {…} attributes are supported`,
  );
}
