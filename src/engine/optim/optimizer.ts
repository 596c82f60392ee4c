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

/** Slot values below this magnitude are set to 0 (kernels.wat flush_tiny). */
const TINY = 1e-30;
/** The smallest normal float32: below it every operation on a value costs ~5×. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * How often slots that decay by these factors per step (β₁, β₂, μ, ρ) need their tiny values
 * set to 0 so none ever becomes denormal: a slot whose parameter gets no gradient (a sparse
 * input's row of W₁ while its feature is absent) shrinks geometrically, and once denormal every
 * update of it costs ~5× (measured: Adam over 262,144 parameters 146 → 800 µs). From 1e-30 a slot
 * needs ln(1e-30/2⁻¹²⁶)/−ln r steps to get there; half of that is the period (β₁ = 0.9: 86 steps).
 * At 1e-30 a slot moves its parameter by less than lr·1e-22, far below one ulp. Infinity: no slot
 * decays (r = 0 holds the last gradient only).
 */
export function flushPeriod(decays: number[]): number {
  const steps = decays
    .filter((r) => r > 0 && r < 1)
    .map((r) => Math.floor(Math.log(TINY / FLOAT32_MIN_NORMAL) / -Math.log(r) / 2));
  return steps.length ? Math.max(1, Math.min(...steps)) : Number.POSITIVE_INFINITY;
}

/** Every `period` updates: the slots' tiny values to 0 (see flushPeriod). */
export function flushSlots(k: KernelExports, at: FlatArrays, t: number, period: number): void {
  if (t % period !== 0) return;
  for (const s of at.slots) k.flush_tiny(s, at.n4);
}
