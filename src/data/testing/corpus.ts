import { gzipSync } from 'node:zlib';
import { createRng, type Rng } from '../../model/rng.js';

/**
 * A generated corpus of data files for the readers' fuzz test: valid files of random shape, and
 * from each, variants of known kind: `reject` (malformed: must be a one-line UserError),
 * `same` (another spelling of the same data: must read to exactly the same rows), or
 * `either` (random damage: an error or a successful read, never a crash).
 */
export type Format = 'arff' | 'csv' | 'matrix' | 'xml';
export type Expect = 'reject' | 'same' | 'either';

export interface Case {
  /** The class of input, for the tally: 'hex number', 'duplicate sparse index', … */
  kind: string;
  format: Format;
  expect: Expect;
  bytes: Uint8Array;
  /** The file it derives from (for 'same'). */
  base: Uint8Array;
  labels?: string;
}

const enc = (s: string) => new Uint8Array(Buffer.from(s));

interface Table {
  features: string[];
  labels: string[];
  /** Per row: feature values as text, label values as text. */
  x: string[][];
  y: string[][];
}

function number(rng: Rng): string {
  const r = rng.next();
  if (r < 0.3) return '0';
  if (r < 0.5) return String(rng.int(100));
  if (r < 0.8) return (rng.next() * 20 - 10).toFixed(1 + rng.int(5));
  return `${(rng.next() * 9 + 1).toFixed(3)}e${rng.int(9) - 4}`;
}

function table(rng: Rng): Table {
  const nF = 1 + rng.int(6);
  const nL = 1 + rng.int(3);
  const rows = 2 + rng.int(8);
  const features = Array.from({ length: nF }, (_, j) => `f${j}`);
  const labels = Array.from({ length: nL }, (_, k) => `L${k}`);
  const x = Array.from({ length: rows }, () => features.map(() => number(rng)));
  const y = Array.from({ length: rows }, () => labels.map(() => String(rng.int(2))));
  return { features, labels, x, y };
}

function csv(t: Table, eol = '\n'): string {
  const lines = [[...t.features, ...t.labels].join(',')];
  t.x.forEach((row, i) => {
    lines.push([...row, ...t.y[i]].join(','));
  });
  return lines.join(eol) + eol;
}

function denseArff(t: Table, eol = '\n'): string {
  const head = ['@relation fuzz'];
  for (const f of t.features) head.push(`@attribute ${f} numeric`);
  for (const l of t.labels) head.push(`@attribute ${l} {0,1}`);
  head.push('@data');
  t.x.forEach((row, i) => {
    head.push([...row, ...t.y[i]].join(','));
  });
  return head.join(eol) + eol;
}

function sparseArff(t: Table, shuffleEntries: Rng | null = null): string {
  const head = ['@relation fuzz'];
  for (const f of t.features) head.push(`@attribute ${f} numeric`);
  for (const l of t.labels) head.push(`@attribute ${l} {0,1}`);
  head.push('@data');
  t.x.forEach((row, i) => {
    const all = [...row, ...t.y[i]];
    const entries = all.flatMap((v, a) => (Number(v) === 0 ? [] : [`${a} ${v}`]));
    if (shuffleEntries) entries.sort(() => shuffleEntries.next() - 0.5);
    head.push(`{${entries.join(',')}}`);
  });
  return `${head.join('\n')}\n`;
}

function matrix(t: Table): string {
  return `${t.labels.join(',')}\n${t.y.map((r) => r.join(',')).join('\n')}\n`;
}

const XML = `<?xml version="1.0" encoding="utf-8"?>
<labels xmlns="http://mulan.sourceforge.net/labels">
<label name="L0"></label>
<label name="L1"><label name="L1a"/></label>
</labels>
`;

/** Replace the k-th feature token of row r in a CSV/dense-ARFF text built from t. */
function withValue(t: Table, r: number, j: number, v: string): Table {
  const x = t.x.map((row) => [...row]);
  x[r][j] = v;
  return { ...t, x };
}

function withLabel(t: Table, r: number, k: number, v: string): Table {
  const y = t.y.map((row) => [...row]);
  y[r][k] = v;
  return { ...t, y };
}

const BAD_NUMBERS = [
  '0x10',
  '0x1F',
  '0b101',
  '0o17',
  '1_000',
  'Infinity',
  '-inf',
  'nan',
  'NaN',
  '1e999',
  '--1',
  '1e',
  '.',
  '+',
  '1.2.3',
  '1 2',
  'abc',
  '١٢',
  '1e5x',
  '0x',
  "'1'x",
];
const BAD_LABELS = ['2', '0.5', 'yes', '0x1', '-1', '1e1', 'true', 'inf'];

export function corpus(seed: number, bases = 40): Case[] {
  const rng = createRng(seed);
  const out: Case[] = [];
  const push = (
    kind: string,
    format: Format,
    expect: Expect,
    text: string | Uint8Array,
    base: string,
    labels?: string,
  ) =>
    out.push({
      kind,
      format,
      expect,
      bytes: typeof text === 'string' ? enc(text) : text,
      base: enc(base),
      labels,
    });
  for (let b = 0; b < bases; b++) {
    const t = table(rng);
    const L = `last:${t.labels.length}`;
    const r = rng.int(t.x.length);
    const j = rng.int(t.features.length);
    const k = rng.int(t.labels.length);
    const c = csv(t);
    const a = denseArff(t);
    const s = sparseArff(t);
    // one number grammar, in every reader
    const bad = BAD_NUMBERS[rng.int(BAD_NUMBERS.length)];
    push(`bad number ${bad}`, 'csv', 'reject', csv(withValue(t, r, j, bad)), c, L);
    push(`bad number ${bad}`, 'arff', 'reject', denseArff(withValue(t, r, j, bad)), a, L);
    push(
      `bad number ${bad}`,
      'arff',
      'reject',
      sparseArff(withValue(t, r, j, bad === '0x' ? '0x1' : bad)),
      s,
      L,
    );
    const badL = BAD_LABELS[rng.int(BAD_LABELS.length)];
    push(`bad label ${badL}`, 'csv', 'reject', csv(withLabel(t, r, k, badL)), c, L);
    push(`bad label ${badL}`, 'matrix', 'reject', matrix(withLabel(t, r, k, badL)), matrix(t));
    push('missing label', 'csv', 'reject', csv(withLabel(t, r, k, '?')), c, L);
    push('missing feature (no --impute)', 'arff', 'reject', denseArff(withValue(t, r, j, '?')), a, L);
    push('huge token', 'csv', 'reject', csv(withValue(t, r, j, '9'.repeat(50_000) + 'x')), c, L);
    push(
      'control characters in a value',
      'csv',
      'reject',
      csv(withValue(t, r, j, '\u001b[31mred\u0007')),
      c,
      L,
    );
    // structure
    const lines = c.split('\n');
    const cut = [...lines];
    cut[1 + r] = cut[1 + r].split(',').slice(0, -1).join(',');
    push('a field too few', 'csv', 'reject', cut.join('\n'), c, L);
    const extra = [...lines];
    extra[1 + r] += ',1';
    push('a field too many', 'csv', 'reject', extra.join('\n'), c, L);
    push('unterminated quote', 'csv', 'reject', c.replace(/\n([^\n]*)\n$/, '\n"$1\n'), c, L);
    push('unterminated quote', 'arff', 'reject', a.replace(/\n([^\n]*)\n$/, "\n'$1\n"), a, L);
    const sl = s.split('\n');
    const di = sl.findIndex((l, i) => i > 0 && /^\{\d/.test(l));
    if (di > 0) {
      const dup = [...sl];
      dup[di] = dup[di].replace(/^\{(\d+) ([^,}]+)/, '{$1 $2,$1 $2');
      push('duplicate sparse index', 'arff', 'reject', dup.join('\n'), s, L);
      const oor = [...sl];
      oor[di] = oor[di].replace(/^\{\d+/, `{${t.features.length + t.labels.length + rng.int(5)}`);
      push('sparse index out of range', 'arff', 'reject', oor.join('\n'), s, L);
      const open = [...sl];
      open[di] = open[di].replace(/\}$/, '');
      push("sparse row without '}'", 'arff', 'reject', open.join('\n'), s, L);
    }
    const weighted = a.replace(/\n([^\n@%]+)\n$/, `\n$1,{${(0.1 + rng.int(9) / 10).toFixed(1)}}\n`);
    push('instance weight', 'arff', 'reject', weighted, a, L);
    push('unknown nominal label value', 'arff', 'reject', denseArff(withLabel(t, r, k, 'x')), a, L);
    push('headerless CSV, first row mixed', 'csv', 'reject', `1,x${c.slice(c.indexOf('\n'))}`, c, L);
    push('empty file', 'csv', 'reject', '', c, L);
    push('blank lines only', 'arff', 'reject', ' \n\t\n\r\n', a, L);
    push('header only', 'csv', 'reject', `${lines[0]}\n`, c, L);
    push('no @data', 'arff', 'reject', a.slice(0, a.indexOf('@data')), a, L);
    const garbage = Uint8Array.from({ length: 64 + rng.int(512) }, () => rng.int(256));
    garbage[rng.int(garbage.length)] = 0;
    push('binary garbage', 'csv', 'reject', garbage, c, L);
    push('zip archive', 'arff', 'reject', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), a, L);
    push('UTF-16 text', 'csv', 'reject', Buffer.from(`\ufeff${c}`, 'utf16le'), c, L);
    const gz = gzipSync(Buffer.from(c));
    push('truncated gzip', 'csv', 'reject', gz.subarray(0, 10 + rng.int(gz.length - 12)), c, L);
    push('ARFF named .csv', 'csv', 'reject', a, c, L);
    // another spelling of the same data
    push('CRLF line ends', 'csv', 'same', csv(t, '\r\n'), c, L);
    push('CR-only line ends', 'csv', 'same', csv(t, '\r'), c, L);
    push('CR-only line ends', 'arff', 'same', denseArff(t, '\r'), a, L);
    push('UTF-8 BOM', 'csv', 'same', `\ufeff${c}`, c, L);
    push('gzip named .csv', 'csv', 'same', gzipSync(Buffer.from(c)), c, L);
    push('gzip ARFF', 'arff', 'same', gzipSync(Buffer.from(s)), s, L);
    push(
      'blanks, blank lines and comments',
      'arff',
      'same',
      a.replace(/,/g, ' , ').replace('@data\n', '@data\n% comment\n\n'),
      a,
      L,
    );
    push('quoted values', 'csv', 'same', c.replace(/(^|,)(-?[\d.]+(e-?\d+)?)(?=,|\n)/gm, '$1"$2"'), c, L);
    push(
      'labels written 1.0 / 0e0',
      'csv',
      'same',
      csv({ ...t, y: t.y.map((row) => row.map((v) => (v === '1' ? '1.0' : '0e0'))) }),
      c,
      L,
    );
    push('sparse entries in any order', 'arff', 'same', sparseArff(t, rng), s, L);
    push('sparse and dense spellings', 'arff', 'same', s, a, L);
    push('weight 1', 'arff', 'same', a.replace(/\n([^\n@%]+)\n$/, '\n$1,{1}\n'), a, L);
    push('headerless CSV', 'csv', 'same', c.slice(c.indexOf('\n') + 1), c.slice(c.indexOf('\n') + 1), L);
    // random damage
    for (let m = 0; m < 4; m++) {
      const src = [c, a, s][m % 3];
      const bytes = enc(src);
      const d = bytes.slice();
      const op = rng.int(3);
      const at = rng.int(d.length);
      // Overwrite a few bytes in place (the draws in the order the corpus was made with).
      const overwrite = () => d.fill(rng.int(256), at, Math.min(d.length, at + 1 + rng.int(4)));
      const damaged =
        op === 0
          ? overwrite()
          : op === 1
            ? d.subarray(0, at)
            : Uint8Array.from([
                ...d.subarray(0, at),
                ...enc(',{}\'"?%@\r\n'.charAt(rng.int(10))),
                ...d.subarray(at),
              ]);
      push(
        `random damage (${['overwrite', 'truncate', 'insert'][op]})`,
        m % 3 === 0 ? 'csv' : 'arff',
        'either',
        damaged,
        src,
        L,
      );
    }
  }
  // an XML label list cut anywhere before its end is malformed (a label would become a feature)
  for (let cut = 1; cut < XML.trimEnd().length; cut += 1 + rng.int(3)) {
    push('unclosed XML', 'xml', 'reject', XML.slice(0, cut), XML);
  }
  push('XML', 'xml', 'same', XML, XML);
  return out;
}
