import type { FeatureStore } from './dataset.js';

/**
 * Collects parsed rows into a feature store, choosing the storage from what it sees: rows start
 * as compressed sparse rows; after the first rows (or at the end) a set that is more than
 * DENSE_AT non-zero is kept dense, one that is less than SPARSE_AT non-zero stays (or becomes)
 * CSR. Memory while reading: the store plus at most its own size again while an array grows
 * (with the file's size known, arrays are sized once after its first chunk: see progress).
 * Labels are collected dense (one byte per row × label).
 */
const DECIDE_AFTER = 512;
/** CSR costs 8 bytes per non-zero, dense 4 per value: above 1/2 non-zero dense is smaller too. */
const DENSE_AT = 0.4;
const SPARSE_AT = 0.25;

export class RowsBuilder {
  rows = 0;
  private dense: Float32Array | null = null;
  private rowStart = new Float64Array(1024);
  private cols = new Uint32Array(4096);
  private values = new Float32Array(4096);
  private nnz = 0;
  private y: Uint8Array;
  /** The current row's entries so far, written after the last row's in cols/values (sparse input
   * may come in any order: sorted when the row ends). */
  private np = 0;
  private sorted = true;

  constructor(
    readonly nFeatures: number,
    readonly nLabels: number,
  ) {
    this.y = new Uint8Array(1024 * nLabels);
  }

  /** The file's size in bytes (see progress); 0 when unknown or already used. */
  private expectBytes = 0;
  /** The rows progress() made room for. */
  private roomRows = 0;

  /** The size of the file the rows come from, when known (see progress). */
  reserve(bytes: number): void {
    if (this.rows === 0 && bytes > 0) this.expectBytes = bytes;
  }

  /**
   * The rows so far came from the first `bytes` bytes of the file (readers call this after each
   * chunk). Once, early: room for the whole file at the rate seen so far plus a tenth, so the
   * arrays are written once instead of copied at each doubling. Not the worst case up front:
   * fresh memory costs a page fault per 4 KB, or a clearing, whether it is used or not.
   */
  progress(bytes: number): void {
    if (this.expectBytes === 0 || this.rows < 16 || !(bytes > 0)) return;
    const scale = (this.expectBytes / bytes) * 1.1;
    this.expectBytes = 0;
    const rows = Math.min(2 ** 28, Math.ceil(this.rows * scale) + 16);
    this.roomRows = rows;
    if (this.dense !== null) {
      if (rows * this.nFeatures > this.dense.length) this.dense = resize(this.dense, rows * this.nFeatures);
    } else {
      const nnz = Math.min(2 ** 31, Math.ceil(this.nnz * scale) + 1024);
      if (nnz > this.cols.length) {
        this.cols = resize(this.cols, nnz);
        this.values = resize(this.values, nnz);
      }
      if (rows + 1 > this.rowStart.length) this.rowStart = resize(this.rowStart, rows + 1);
    }
    if (rows * this.nLabels > this.y.length) this.y = resize(this.y, rows * this.nLabels);
  }

  /** Feature `col` of the current row is v (zeros may be skipped by the caller). */
  add(col: number, v: number): void {
    if (this.dense !== null) {
      this.dense[this.rows * this.nFeatures + col] = v;
      return;
    }
    if (v === 0) return;
    const k = this.nnz + this.np;
    if (k === this.cols.length) {
      const need = Math.max(this.cols.length * 2, k + 1);
      this.cols = resize(this.cols, need);
      this.values = resize(this.values, need);
    }
    if (this.np > 0 && col < this.cols[k - 1]) this.sorted = false;
    this.cols[k] = col;
    this.values[k] = v;
    this.np++;
  }

  /** Label k of the current row. */
  label(k: number, v: 0 | 1): void {
    this.y[this.rows * this.nLabels + k] = v;
  }

  /** Forgets what the current row holds so far (a reader giving it to another path). */
  dropRow(): void {
    this.np = 0;
    this.sorted = true;
    this.y.fill(0, this.rows * this.nLabels, (this.rows + 1) * this.nLabels);
    this.dense?.fill(0, this.rows * this.nFeatures, (this.rows + 1) * this.nFeatures);
  }

  endRow(): void {
    if (this.dense === null) this.commitSparse();
    this.rows++;
    if (this.dense !== null) {
      if ((this.rows + 1) * this.nFeatures > this.dense.length) this.dense = grow(this.dense, this.nFeatures);
    } else if (this.rows === DECIDE_AFTER && this.density() > DENSE_AT) this.toDense();
    if ((this.rows + 1) * this.nLabels > this.y.length) this.y = grow(this.y, this.nLabels);
  }

  finish(): { store: FeatureStore; y: Uint8Array; nRows: number } {
    const n = this.rows;
    const y = trim(this.y, n * this.nLabels);
    if (this.dense === null && this.density() > DENSE_AT) this.toDense();
    if (this.dense !== null) {
      if (this.density(true) < SPARSE_AT) return { store: this.denseToCsr(), y, nRows: n };
      return { store: { kind: 'dense', values: trim(this.dense, n * this.nFeatures) }, y, nRows: n };
    }
    return {
      store: {
        kind: 'csr',
        rowStart: this.rowStart.subarray(0, n + 1),
        cols: this.cols.subarray(0, this.nnz),
        values: this.values.subarray(0, this.nnz),
      },
      y,
      nRows: n,
    };
  }

  private commitSparse(): void {
    if (!this.sorted) sortPairs(this.cols, this.values, this.nnz, this.nnz + this.np);
    this.nnz += this.np;
    if (this.rows + 2 > this.rowStart.length) this.rowStart = resize(this.rowStart, this.rowStart.length * 2);
    this.rowStart[this.rows + 1] = this.nnz;
    this.np = 0;
    this.sorted = true;
  }

  /** Share of non-zero values so far (dense: counted when asked). */
  private density(countDense = false): number {
    const cells = this.rows * this.nFeatures;
    if (cells === 0) return 1;
    if (this.dense === null) return this.nnz / cells;
    if (!countDense) return 1;
    let nz = 0;
    for (let i = 0; i < cells; i++) if (this.dense[i] !== 0) nz++;
    return nz / cells;
  }

  private toDense(): void {
    const F = this.nFeatures;
    const d = new Float32Array(Math.max(this.rows + 1, Math.ceil(this.rows * 1.5), this.roomRows) * F);
    for (let r = 0; r < this.rows; r++) {
      for (let k = this.rowStart[r]; k < this.rowStart[r + 1]; k++) d[r * F + this.cols[k]] = this.values[k];
    }
    this.dense = d;
    this.cols = new Uint32Array(0);
    this.values = new Float32Array(0);
  }

  private denseToCsr(): FeatureStore {
    const d = this.dense!;
    const F = this.nFeatures;
    const n = this.rows;
    let nnz = 0;
    for (let i = 0; i < n * F; i++) if (d[i] !== 0) nnz++;
    const rowStart = new Float64Array(n + 1);
    const cols = new Uint32Array(nnz);
    const values = new Float32Array(nnz);
    let k = 0;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++) {
        const v = d[r * F + j];
        if (v !== 0) {
          cols[k] = j;
          values[k++] = v;
        }
      }
      rowStart[r + 1] = k;
    }
    return { kind: 'csr', rowStart, cols, values };
  }
}

function resize<T extends Float32Array | Float64Array | Uint32Array | Uint8Array | Int32Array>(
  a: T,
  n: number,
): T {
  const b = (
    a instanceof Float32Array
      ? new Float32Array(n)
      : a instanceof Float64Array
        ? new Float64Array(n)
        : a instanceof Uint32Array
          ? new Uint32Array(n)
          : a instanceof Int32Array
            ? new Int32Array(n)
            : new Uint8Array(n)
  ) as T;
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}

/** Room for at least one more row of `width`, growing by half (amortised copies, bounded waste). */
function grow<T extends Float32Array | Uint8Array>(a: T, width: number): T {
  return resize(a, Math.max(a.length + width, Math.ceil((a.length * 1.5) / width) * width));
}

/** The first n values; copied only when the spare room is worth giving back. */
function trim<T extends Float32Array | Float64Array | Uint32Array | Uint8Array>(a: T, n: number): T {
  if (a.length === n) return a;
  return a.length - n > a.length / 8 ? (a.slice(0, n) as T) : (a.subarray(0, n) as T);
}

/** Insertion sort of (col, value) pairs [from, to) by col: rows are short and almost always in order. */
function sortPairs(c: Uint32Array, v: Float32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const ci = c[i];
    const vi = v[i];
    let j = i - 1;
    while (j >= from && c[j] > ci) {
      c[j + 1] = c[j];
      v[j + 1] = v[j];
      j--;
    }
    c[j + 1] = ci;
    v[j + 1] = vi;
  }
}
