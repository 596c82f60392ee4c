/**
 * The exact value of a decimal with more significant digits than Clinger's one-operation step
 * allows (16 to 19: what shortest round-trip printing and numpy's `%.18e` write), or with a power
 * of ten beyond ±22, without building a string.
 *
 * The up to 19 significant digits W are an exact double-double (two doubles whose sum is W), and
 * W × 10^q is computed in double-double arithmetic (Dekker's exact products; 10^q from a table of
 * double-doubles made exactly with BigInt), relative error below 2^-100. That is rounded to a
 * double twice, nudged down and up by more than the error: when both roundings agree, the true
 * value rounds to the same double (rounding is monotone), which is therefore Number(text). When
 * they differ the value sits on a halfway point between two doubles (or nearly), and the bytes
 * go to Number() — as do more than 19 significant digits, and values near overflow or in the
 * subnormal range, where double-double arithmetic is not exact.
 */

/** Digits, dot and the power of ten of a token's mantissa, as scanNumber found them. */
const MAX_DIGITS = 19;
const MAX_POW = 250;
/** Above the arithmetic's relative error (≈ 2^-103) and far below half an ulp (2^-53). */
const NUDGE = 2 ** -96;
const SPLIT = 134217729; // 2^27 + 1: Veltkamp's split of a double into two 26-bit halves
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The magnitude of the number whose digits (and at most one '.') are bytes [ds, de) and whose
 * explicit exponent minus the count of digits after the dot is `exp`; the token is [ds, te).
 */
export function longNumber(b: Uint8Array, ds: number, de: number, exp: number, te: number): number {
  let a = 0; // the first 15 significant digits
  let c = 0; // the next up to 4
  let nc = 0;
  let n = 0;
  let q = exp;
  for (let i = ds; i < de; i++) {
    const d = b[i] - 48;
    if (d < 0) continue; // the dot
    if (n === 0 && d === 0) continue; // leading zeros
    if (n < 15) a = a * 10 + d;
    else if (n < MAX_DIGITS) {
      c = c * 10 + d;
      nc++;
    } else if (d !== 0) return slowNumber(b, ds, te);
    else q++; // a zero beyond the 19th digit: W stays exact
    n++;
  }
  if (n === 0) return 0;
  if (q < -MAX_POW || q > MAX_POW) return slowNumber(b, ds, te);
  // W = a·10^nc + c exactly, as wh + wl
  let wh = a;
  let wl = 0;
  if (nc > 0) {
    const p = a * POW10[nc];
    const s = productError(a, POW10[nc], p) + c; // both small integers: exact
    wh = p + s;
    wl = p - wh + s;
  }
  if (q === 0) return wh; // fl(wh + wl) = wh: wh is W correctly rounded
  let rh: number;
  let rl: number;
  if (q > 0) {
    const ph = powHi(q);
    const h = wh * ph;
    const t = productError(wh, ph, h) + (wh * POW_LO[q] + wl * ph);
    rh = h + t;
    rl = h - rh + t;
  } else {
    const ph = powHi(-q);
    const q1 = wh / ph;
    const m = q1 * ph;
    const r = wh - m - productError(q1, ph, m) + wl - q1 * POW_LO[-q];
    const q2 = r / ph;
    rh = q1 + q2;
    rl = q1 - rh + q2;
  }
  const nudge = Math.abs(rh) * NUDGE;
  const lo = rh + (rl - nudge);
  return lo === rh + (rl + nudge) ? lo : slowNumber(b, ds, te);
}

/** a·b − p exactly, for p = fl(a·b) (Dekker; no overflow for |a|, |b| < 2^996). */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** 10^k = POW_HI[k] + POW_LO[k] (exact to 2^-106), filled on first use. */
const POW_HI = new Float64Array(MAX_POW + 1);
const POW_LO = new Float64Array(MAX_POW + 1);

function powHi(k: number): number {
  const h = POW_HI[k];
  if (h !== 0) return h;
  const exact = 10n ** BigInt(k);
  const hi = Number(exact); // correctly rounded
  POW_HI[k] = hi;
  POW_LO[k] = Number(exact - BigInt(hi));
  return hi;
}

// A Buffer over the last input seen, so a token decodes with one native latin1 call instead of a
// string built byte by byte (the bytes are ASCII here: the grammar has been checked).
let lastBytes: Uint8Array | null = null;
let lastView: Buffer = Buffer.alloc(0);

/** Number() of bytes [s, e). */
export function slowNumber(b: Uint8Array, s: number, e: number): number {
  if (b !== lastBytes) {
    lastBytes = b;
    lastView = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return Number(lastView.toString('latin1', s, e));
}
