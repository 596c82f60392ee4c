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

/** Random doubles over the whole range (random bits), finite, either sign. */
function randomDoubles(count: number, seed: number): number[] {
  let x = seed >>> 0;
  const u32 = (): number => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return x;
  };
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [];
  while (out.length < count) {
    view.setUint32(0, u32());
    view.setUint32(4, u32());
    const v = view.getFloat64(0);
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** The exact decimal expansion of m·2^e (m a non-negative integer). */
function exactDecimal(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  const digits = (m * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  return `${digits.slice(0, e)}.${digits.slice(e)}`;
}

/** m, e with v = m·2^e, m < 2^53 (v finite, v ≥ 0). */
function dyadic(v: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const be = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return be === 0 ? [frac, -1074] : [frac | (1n << 52n), be - 1075];
}

/** The first n significant digits of a decimal string, in scientific notation (truncated). */
function truncated(t: string, n: number): string {
  const [int, frac = ''] = t.split('.');
  const all = int + frac;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return '0';
  const sig = all.slice(lead, lead + n);
  const exp = int.length - lead - 1;
  return `${sig[0]}.${sig.slice(1) || '0'}e${exp}`;
}

function assertExact(texts: string[]): void {
  for (const t of texts) {
    const b = Buffer.from(t);
    assert.ok(
      Object.is(parseNumber(b, 0, b.length), Number(t)),
      `${t}: ${parseNumber(b, 0, b.length)} ≠ ${Number(t)}`,
    );
  }
}

test('parseNumber is exactly Number() on random doubles as JS, Python and numpy print them', () => {
  const texts: string[] = [];
  for (const v of randomDoubles(20000, 3)) {
    texts.push(String(v), v.toExponential(18), v.toPrecision(17), v.toPrecision(16));
    texts.push(v.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2')); // numpy's e-05
  }
  // standardised-looking features and probabilities, where the readers spend their time
  for (const v of randomDoubles(20000, 5)) {
    const u = (Math.abs(v) % 1) * (v < 0 ? -1 : 1);
    texts.push(String(u), String(u * 3), u.toExponential(18), String(u ** 3), (u ** 5).toExponential(18));
  }
  assertExact(texts);
});

test('parseNumber is exactly Number() next to and on the halfway points between doubles', () => {
  const texts: string[] = [];
  for (const v of randomDoubles(3000, 9)) {
    const [m, e] = dyadic(Math.abs(v));
    const mid = exactDecimal(2n * m + 1n, e - 1); // halfway to the next double up
    texts.push(mid);
    for (const n of [16, 17, 18, 19, 20, 25]) {
      const t = truncated(mid, n);
      texts.push(
        t,
        t.replace(/(\d)e/, (_, d) => `${d}1e`),
        t.replace(/(\d)e/, (_, d) => `${d}9e`),
      );
    }
  }
  // exact halfway points with at most 19 digits: ties to even, decided by Number()
  for (let j = 0; j < 200; j++) {
    for (const k of [0, 1, 2, 3]) {
      const m = (1n << 53n) + 2n * BigInt(j * 7919) + 1n;
      texts.push(exactDecimal(m, -k), exactDecimal(m, -k).replace(/^/, '-'), exactDecimal(m << 5n, -k));
    }
  }
  assertExact(texts);
});

test('parseNumber is exactly Number() at the limits: subnormals, overflow, long and odd spellings', () => {
  assertExact([
    '4.9e-324',
    '5e-324',
    '2.4703282292062327e-324',
    '2.4703282292062328e-324',
    '1e-324',
    '2.2250738585072011e-308',
    '2.2250738585072014e-308',
    '2.225073858507201136057409796709131975934819546351645648e-308',
    '1.7976931348623157e308',
    '1.7976931348623158e308',
    '1.7976931348623159e308',
    '1e309',
    '-1e309',
    '9007199254740993',
    '9007199254740992.5',
    '9007199254740993.0000000000000001',
    '18014398509481985',
    '1e23',
    '8.98846567431158e307',
    '1e-400',
    '1e400',
    '1e-250',
    '1e250',
    '1.2345678901234567e-251',
    '9.999999999999999999e249',
    '1.000000000000000001e-250',
    '123456789012345678901234567890',
    '0.1000000000000000055511151231257827',
    '0.100000000000000005551115123125782703',
    '000000000000000000001.5',
    '0.000000000000000000000000000000000000000000001',
    '1.0000000000000000000000000000000000000000000e5',
    '1e0000000000000000000000000001',
    '1e-0000000000000000000000000001',
    '12345678901234567e-20',
    '.12345678901234567890',
    '12345678901234567890.',
    '-0.0',
    '+0',
    '-0e-999',
    '99999999999999999999e-20',
    '1152921504606847104',
    '1152921504606847105',
    '1152921504606847103',
    '4503599627370496.5',
    '4503599627370497.5',
    '3.0000000000000004440892098500626',
    '2.9999999999999997779553950749686',
  ]);
});
