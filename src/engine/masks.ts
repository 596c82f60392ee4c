/**
 * Dropout masks generated on the host: values 0 (dropped) or 1/(1 − rate) (inverted dropout).
 * A mask is a pure function of (seed, stream, step, layer), so a run resumed at step k draws
 * exactly the masks the uninterrupted run would have drawn.
 */
export function fillMask(
  out: Float32Array,
  rate: number,
  seed: number,
  stream: number,
  step: number,
  layer: number,
): void {
  let s = hash(hash(hash(hash(seed) ^ stream) ^ step) ^ layer) | 1;
  const threshold = Math.min(rate, 1) * 4294967296;
  const scale = 1 / (1 - rate);
  for (let i = 0; i < out.length; i++) {
    // xorshift32 scrambled by a multiply (xorshift*), ~1 ns per element.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = Math.imul(s, 0x9e3779bb) >>> 0 < threshold ? 0 : scale;
  }
}

/** Streams: one for training steps, one for train-mode forward passes (probes). */
export const STEP_STREAM = 0x5eed;
export const FORWARD_STREAM = 0xf0e1;

function hash(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
