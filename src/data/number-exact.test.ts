import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMatrixCsv } from './matrix-csv.js';
import { parseNumber } from './text/number.js';

// Random decimal strings of the shapes the readers meet (short, 15-17 digits, %.18e, signs,
// exponents, leading and trailing zeros): both the grammar's parser and the matrix reader's
// fused path must give exactly Number(text), -0 included.
function randomDecimals(count: number, seed: number): string[] {
  let x = seed >>> 0;
  const rnd = (n: number): number => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return x % n;
  };
  const digits = (n: number): string => Array.from({ length: n }, () => String(rnd(10))).join('');
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const sign = ['', '-', '+'][rnd(3)];
    const shape = rnd(6);
    let t: string;
    if (shape === 0) t = `${digits(1 + rnd(4))}`;
    else if (shape === 1) t = `${digits(1 + rnd(3))}.${digits(1 + rnd(8))}`;
    else if (shape === 2)
      t = `0.${digits(15 + rnd(3))}`; // 17-digit doubles
    else if (shape === 3)
      t = `${digits(1)}.${digits(18)}e${['-', '+'][rnd(2)]}${String(rnd(330)).padStart(2, '0')}`; // %.18e
    else if (shape === 4) t = `${digits(1 + rnd(20))}.${digits(rnd(20))}`;
    else t = `${'0'.repeat(rnd(3))}${digits(1 + rnd(16))}e${rnd(2) ? '-' : ''}${rnd(40)}`;
    out.push(sign + t);
  }
  return out;
}

test('parseNumber is exactly Number() on random decimal strings', () => {
  for (const t of randomDecimals(20000, 7)) {
    const b = Buffer.from(t);
    assert.ok(Object.is(parseNumber(b, 0, b.length), Number(t)), t);
  }
});

test('the matrix reader gives exactly Number() for every field, on its fused path too', () => {
  const fields = randomDecimals(20000, 11).filter((t) => Number.isFinite(Number(t)));
  const cols = 8;
  const n = fields.length - (fields.length % cols);
  const lines = ['a,b,c,d,e,f,g,h'];
  for (let r = 0; r < n; r += cols) lines.push(fields.slice(r, r + cols).join(r % 3 ? ',' : ' , '));
  const m = parseMatrixCsv(`${lines.join('\r\n')}\n`, 'random.csv');
  assert.equal(m.nRows, n / cols);
  for (let k = 0; k < n; k++) assert.ok(Object.is(m.values[k], Number(fields[k])), fields[k]);
});
