import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/**
 * The fused optimiser updates of kernels.wat, compiled once per process. ONNX Runtime's
 * inference kernels have no fused optimiser op, and the update written as ONNX ops took a dozen
 * passes over every parameter (≈ 40% of a step on a 1,836 → 256 layer); one SIMD pass over
 * (p, g, slots) in WebAssembly is ~15× cheaper and computes the same float32 values.
 * Arrays are byte offsets into the memory the kernels were instantiated with.
 */
export interface KernelExports {
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n4: number,
    c1: number,
    c2: number,
    k: number,
    eps: number,
    coef: number,
  ): void;
  sgd(p: number, g: number, n4: number, lr: number, coef: number): void;
  sgd_momentum(
    p: number,
    g: number,
    b: number,
    n4: number,
    lr: number,
    mu: number,
    nesterov: number,
    coef: number,
  ): void;
  rmsprop(
    p: number,
    g: number,
    s: number,
    b: number,
    n4: number,
    lr: number,
    rho: number,
    oneMinusRho: number,
    eps: number,
    mu: number,
    momentum: number,
    coef: number,
  ): void;
  /** out[r, :] = Σ vals[k] · W[cols[k], :] over row r's CSR entries (sparse first layer, forward). */
  spmm(
    w: number,
    units: number,
    rowStart: number,
    cols: number,
    vals: number,
    rows: number,
    out: number,
  ): void;
  /**
   * dW[cols[k], :] += vals[k] · dH[r, :] (its gradient; dW is not cleared); with sum ≠ −1 also
   * sum[:] += dH[r, :] for every row (dH's column sums).
   */
  spmm_t_add(
    dw: number,
    units: number,
    rowStart: number,
    cols: number,
    vals: number,
    rows: number,
    dh: number,
    sum: number,
  ): void;
  /** out[r, :] += c[:] for every row r < rows. */
  add_row(out: number, units: number, rows: number, c: number): void;
  /** x ← 0 wherever |x| < 1e-30. */
  flush_tiny(x: number, n4: number): void;
  /** q draws of each of four xorshift32 chains (states s0…s3) as dropout mask pairs (masks.ts). */
  dropout_mask4(
    out: number,
    q: number,
    s0: number,
    s1: number,
    s2: number,
    s3: number,
    scale: number,
    t: number,
  ): void;
}

let compiled: WebAssembly.Module | null = null;

export function kernelsFor(memory: WebAssembly.Memory): KernelExports {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as KernelExports;
}
