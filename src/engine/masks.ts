import { kernelsFor } from './optim/kernels.js';

/**
 * Dropout masks generated on the host: values 0 (dropped) or 1/(1 − rate) (inverted dropout).
 * A mask is a pure function of (seed, stream, step, layer), so a run resumed at step k draws
 * exactly the masks the uninterrupted run would have drawn. `fillMask` is the definition (one
 * xorshift32 chain); `maskWriter` computes the same values four chains at a time.
 */
export function fillMask(
  out: Float32Array,
  rate: number,
  seed: number,
  stream: number,
  step: number,
  layer: number,
): void {
  // Branch-free: a random 50% branch costs ~5 ns a value in mispredictions, this ~0.5 ns.
  // Each xorshift* draw gives two 16-bit uniforms, so the rate is rounded to 1/65536.
  const bits = new Int32Array(out.buffer, out.byteOffset, out.length);
  const { scaleBits, t } = maskConstants(rate);
  let s = startState(seed, stream, step, layer);
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    s = xorshift(s);
    const r = Math.imul(s, 0x9e3779bb);
    bits[i] = keep(r & 0xffff, scaleBits, t);
    if (i + 1 < n) bits[i + 1] = keep(r >>> 16, scaleBits, t);
  }
}

/** A mask value's bits from a 16-bit uniform u: (u − t) >> 31 is all ones when u < t (dropped). */
function keep(u: number, scaleBits: number, t: number): number {
  return scaleBits & ~((u - t) >> 31);
}

export interface MaskRequest {
  units: number;
  rate: number;
  layer: number;
}

/**
 * A step's masks (batch × units each) in a WebAssembly memory of their own, written by the
 * kernels' four-lane generator: the serial chain is linear over GF(2), so its state at draw
 * j·q is the start state times the q-th power of the step's matrix, and four chains started
 * there produce the serial values in a quarter of the dependent steps (measured 63–92 → 28 µs for a
 * 128 × (256 + 128) step, at a load of 4). The views returned are valid until the next call.
 */
export function maskWriter(): (
  masks: MaskRequest[],
  batch: number,
  seed: number,
  stream: number,
  step: number,
) => Float32Array[] {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const kernels = kernelsFor(memory);
  return (masks, batch, seed, stream, step) => {
    // Each mask gets whole draws (8 bytes: two values), 16-byte aligned.
    const at: number[] = [];
    let bytes = 0;
    for (const m of masks) {
      at.push(bytes);
      bytes += Math.ceil((4 * batch * m.units + 4) / 16) * 16;
    }
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    return masks.map((m, i) => {
      const n = batch * m.units;
      const draws = Math.ceil(n / 2);
      const q = Math.floor(draws / 4);
      const { scaleBits, t } = maskConstants(m.rate);
      const jump = power(q);
      const s0 = startState(seed, stream, step, m.layer);
      const s1 = applyMap(jump, s0);
      const s2 = applyMap(jump, s1);
      const s3 = applyMap(jump, s2);
      kernels.dropout_mask4(at[i], q, s0, s1, s2, s3, scaleBits, t);
      // The last draws (fewer than four) in one chain from where lane 3 stopped.
      const bits = new Int32Array(memory.buffer, at[i], 2 * draws);
      let s = applyMap(jump, s3);
      for (let d = 4 * q; d < draws; d++) {
        s = xorshift(s);
        const r = Math.imul(s, 0x9e3779bb);
        bits[2 * d] = keep(r & 0xffff, scaleBits, t);
        bits[2 * d + 1] = keep(r >>> 16, scaleBits, t);
      }
      return new Float32Array(memory.buffer, at[i], n);
    });
  };
}

/** Streams: one for training steps, one for train-mode forward passes (probes). */
export const STEP_STREAM = 0x5eed;
export const FORWARD_STREAM = 0xf0e1;

function maskConstants(rate: number): { scaleBits: number; t: number } {
  return {
    scaleBits: new Int32Array(Float32Array.of(1 / (1 - rate)).buffer)[0],
    t: Math.round(Math.min(rate, 1) * 65536),
  };
}

function startState(seed: number, stream: number, step: number, layer: number): number {
  return hash(hash(hash(hash(seed) ^ stream) ^ step) ^ layer) | 1;
}

function xorshift(x: number): number {
  let s = x;
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return s;
}

/** A linear map on 32-bit states over GF(2), as the images of the 32 unit vectors. */
type BitMatrix = Int32Array;

function applyMap(m: BitMatrix, s: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) if ((s >>> i) & 1) r ^= m[i];
  return r;
}

const STEP_MAP: BitMatrix = Int32Array.from({ length: 32 }, (_, i) => xorshift(1 << i));
const powers = new Map<number, BitMatrix>();

/** The xorshift step applied n times, by squaring; cached (a run uses a few batch shapes). */
function power(n: number): BitMatrix {
  let p = powers.get(n);
  if (p) return p;
  p = Int32Array.from({ length: 32 }, (_, i) => 1 << i);
  let base = STEP_MAP;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e & 1) p = compose(base, p);
    base = compose(base, base);
  }
  if (powers.size > 64) powers.clear();
  powers.set(n, p);
  return p;
}

/** a ∘ b. */
function compose(a: BitMatrix, b: BitMatrix): BitMatrix {
  return b.map((v) => applyMap(a, v));
}

function hash(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
