import { type KernelExports, kernelsFor } from './optim/kernels.js';
import type { FlatArrays } from './optim/optimizer.js';

/**
 * Parameters, gradients and optimiser slots as flat float32 arrays in one WebAssembly memory:
 * the fused optimiser kernels update them in place, and ONNX Runtime reads the parameters from
 * (and writes the gradients into) views of the same memory, so a step copies nothing.
 * Each array holds every parameter in paramShapes order, padded with zeros to a multiple of 4.
 * After them lies a scratch area (the sparse first layer's batch and products), grown on demand;
 * growing the memory replaces every view, and `generation` counts that so holders can rebind.
 */
export interface FlatState {
  readonly kernels: KernelExports;
  readonly at: FlatArrays;
  /** Number of real values (without padding). */
  readonly total: number;
  params: Float32Array;
  grads: Float32Array;
  slots: Float32Array[];
  /** Per parameter: its view in `params` and in `grads`. */
  paramViews: Float32Array[];
  gradViews: Float32Array[];
  /** Start of each parameter in the flat arrays. */
  readonly offsets: number[];
  /** Byte offset where the scratch area starts. */
  readonly scratch: number;
  /** Bumped each time the memory grows (every view above was replaced). */
  generation: number;
  /** Make the scratch area at least `bytes` long. */
  reserve(bytes: number): void;
  readonly memory: WebAssembly.Memory;
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
  const scratch = (2 + nSlots) * bytes;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(scratch / PAGE)) });
  const state: FlatState = {
    kernels: kernelsFor(memory),
    at: { p: 0, g: bytes, slots: Array.from({ length: nSlots }, (_, i) => (2 + i) * bytes), n4: padded / 4 },
    total,
    params: new Float32Array(0),
    grads: new Float32Array(0),
    slots: [],
    paramViews: [],
    gradViews: [],
    offsets,
    scratch,
    generation: 0,
    memory,
    reserve(extra: number) {
      const need = scratch + extra;
      if (need <= memory.buffer.byteLength) return;
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      bind();
      state.generation++;
    },
  };
  function bind(): void {
    const array = (k: number) => new Float32Array(memory.buffer, k * bytes, padded);
    const views = (a: Float32Array) => sizes.map((s, i) => a.subarray(offsets[i], offsets[i] + s));
    state.params = array(0);
    state.grads = array(1);
    state.slots = Array.from({ length: nSlots }, (_, i) => array(2 + i));
    state.paramViews = views(state.params);
    state.gradViews = views(state.grads);
  }
  bind();
  return state;
}
