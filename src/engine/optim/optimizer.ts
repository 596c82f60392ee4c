import type { KernelExports } from './kernels.js';

/** Where one update finds its arrays: byte offsets in the kernels' memory, and length / 4. */
export interface FlatArrays {
  p: number;
  g: number;
  /** One per optimiser slot, in `slots` order. */
  slots: number[];
  n4: number;
}

/**
 * An optimiser as the engine sees it: per-parameter slot tensors (same shape as the parameter,
 * zero at start) and one fused in-place update of the flat parameter vector from the flat
 * gradient, multiplied first by `coef` (the clipping factor, 1 without clipping).
 */
export interface Optimizer {
  /** Slot names; slot tensors are called `<param>/<slot>`. */
  slots: string[];
  /** Update number t (1-based) at learning rate lr. */
  apply(k: KernelExports, at: FlatArrays, t: number, lr: number, coef: number): void;
}
