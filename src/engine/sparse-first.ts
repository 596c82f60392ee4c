import type { FlatState } from './flat-state.js';
import type { SparseRows } from './types.js';

/**
 * The first layer's product x·W₁ for sparse rows, on the host: with 1–2% of the inputs non-zero,
 * SIMD passes over the rows' entries, 16 units at a time (kernels.wat `spmm`), do ~50× fewer
 * multiply-adds than ONNX Runtime's dense Gemm, and the gradient X'ᵀ·dH (`spmm_t_add`) touches
 * only the rows of W₁ the batch uses. x' = S + 1·offsetᵀ (offset: the constant that centred
 * features add to every row) is handled exactly: x'·W₁ = S·W₁ + 1·(offsetᵀW₁), and
 * X'ᵀdH = SᵀdH + offset ⊗ Σ_r dH[r].
 *
 * Scratch layout (bytes from state.scratch): rowStart i32[rows+1], cols i32[nnz], vals f32[nnz],
 * product f32[rows·units], its gradient f32[rows·units].
 */
export interface SparseScratch {
  product: Float32Array;
  productGrad: Float32Array;
  at: Record<'rowStart' | 'cols' | 'vals' | 'product' | 'productGrad' | 'offset' | 'rowVector', number>;
  rows: number;
  /** Entries of the offset (as a one-row CSR at `at.offset`), 0 without one. */
  offsetEntries: number;
}

const align = (n: number) => Math.ceil(n / 16) * 16;

/** Copy the batch into the scratch area and compute product = x'·W₁ there. */
export function sparseForward(state: FlatState, x: SparseRows, rows: number, units: number): SparseScratch {
  const nnz = x.rowStart[rows] - x.rowStart[0];
  const off = x.offset ? nonZero(x.offset) : null;
  const nOff = off ? off.length : 0;
  const sizes = {
    rowStart: align(4 * (rows + 1)),
    cols: align(4 * nnz),
    vals: align(4 * nnz),
    product: align(4 * rows * units),
    productGrad: align(4 * rows * units),
    // the offset as one CSR row: rowStart [0, n], cols, vals
    offset: align(8) + 2 * align(4 * nOff),
    rowVector: align(4 * units),
  };
  state.reserve(Object.values(sizes).reduce((a, b) => a + b, 0));
  const at = {} as SparseScratch['at'];
  let next = state.scratch;
  for (const [k, v] of Object.entries(sizes)) {
    at[k as keyof typeof sizes] = next;
    next += v;
  }
  const buf = state.memory.buffer;
  const rs = new Int32Array(buf, at.rowStart, rows + 1);
  const first = x.rowStart[0];
  for (let r = 0; r <= rows; r++) rs[r] = x.rowStart[r] - first;
  new Int32Array(buf, at.cols, nnz).set(x.cols.subarray(first, first + nnz));
  new Float32Array(buf, at.vals, nnz).set(x.values.subarray(first, first + nnz));
  const k = state.kernels;
  k.spmm(state.at.p, units, at.rowStart, at.cols, at.vals, rows, at.product);
  const product = new Float32Array(buf, at.product, rows * units);
  if (off && x.offset) {
    // c = offsetᵀ·W₁ is the same sparse product with the offset as the only row; add it to every row.
    new Int32Array(buf, at.offset, 2).set([0, nOff]);
    new Int32Array(buf, at.offset + align(8), nOff).set(off);
    const vals = new Float32Array(buf, at.offset + align(8) + align(4 * nOff), nOff);
    for (let i = 0; i < nOff; i++) vals[i] = x.offset[off[i]];
    k.spmm(
      state.at.p,
      units,
      at.offset,
      at.offset + align(8),
      at.offset + align(8) + align(4 * nOff),
      1,
      at.rowVector,
    );
    k.add_row(at.product, units, rows, at.rowVector);
  }
  return {
    product,
    productGrad: new Float32Array(buf, at.productGrad, rows * units),
    at,
    rows,
    offsetEntries: nOff,
  };
}

/** W₁'s gradient += X'ᵀ·dH from the product's gradient (dH) left in the scratch area by the graph. */
export function sparseBackward(state: FlatState, s: SparseScratch, units: number): void {
  const dw = state.at.g; // W₁ is the first parameter: its gradient starts the flat gradient
  const k = state.kernels;
  const centred = s.offsetEntries > 0;
  // With centred columns the same pass sums dH's columns into the row vector, for the term below.
  if (centred) new Float32Array(state.memory.buffer, s.at.rowVector, units).fill(0);
  const sums = centred ? s.at.rowVector : -1;
  k.spmm_t_add(dw, units, s.at.rowStart, s.at.cols, s.at.vals, s.rows, s.at.productGrad, sums);
  if (centred) {
    // offset ⊗ Σ_r dH[r]: the one-row product's gradient with the column sums as its dH.
    const n = s.offsetEntries;
    k.spmm_t_add(
      dw,
      units,
      s.at.offset,
      s.at.offset + align(8),
      s.at.offset + align(8) + align(4 * n),
      1,
      s.at.rowVector,
      -1,
    );
  }
}

const nonZeroCache = new WeakMap<Float32Array, Uint32Array>();

function nonZero(offset: Float32Array): Uint32Array {
  let idx = nonZeroCache.get(offset);
  if (!idx) {
    const list: number[] = [];
    for (let j = 0; j < offset.length; j++) if (offset[j] !== 0) list.push(j);
    idx = Uint32Array.from(list);
    nonZeroCache.set(offset, idx);
  }
  return idx;
}

/** PyTorch's clip_grad_norm_ factor over the whole flat gradient, in float64. */
export function clipFactor(grads: Float32Array, clip: number): number {
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
  return Math.min(1, clip / (Math.sqrt(sq) + 1e-6));
}
