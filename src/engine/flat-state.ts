import { type KernelExports, kernelsFor } from './optim/kernels.js';
import type { FlatArrays } from './optim/optimizer.js';

/**
 * Parameters, gradients and optimiser slots as flat float32 arrays in one WebAssembly memory:
 * the fused optimiser kernels update them in place, and ONNX Runtime reads the parameters from
 * (and writes the gradients into) views of the same memory, so a step copies nothing.
 * Each array holds every parameter in paramShapes order, padded with zeros to a multiple of 4.
 */
export interface FlatState {
  readonly kernels: KernelExports;
  readonly at: FlatArrays;
  /** Number of real values (without padding). */
  readonly total: number;
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly slots: Float32Array[];
  /** Per parameter: its view in `params` and in `grads`. */
  readonly paramViews: Float32Array[];
  readonly gradViews: Float32Array[];
  /** Start of each parameter in the flat arrays. */
  readonly offsets: number[];
}

const PAGE = 65536;

export function createFlatState(sizes: number[], nSlots: number): FlatState {
  const offsets: number[] = [];
  let total = 0;
  for (const s of sizes) {
    offsets.push(total);
    total += s;
  }
  const padded = Math.ceil(total / 4) * 4;
  const bytes = padded * 4;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(((2 + nSlots) * bytes) / PAGE)) });
  const array = (k: number) => new Float32Array(memory.buffer, k * bytes, padded);
  const params = array(0);
  const grads = array(1);
  const slots = Array.from({ length: nSlots }, (_, i) => array(2 + i));
  const views = (a: Float32Array) => sizes.map((s, i) => a.subarray(offsets[i], offsets[i] + s));
  return {
    kernels: kernelsFor(memory),
    at: { p: 0, g: bytes, slots: slots.map((_, i) => (2 + i) * bytes), n4: padded / 4 },
    total,
    params,
    grads,
    slots,
    paramViews: views(params),
    gradViews: views(grads),
    offsets,
  };
}
