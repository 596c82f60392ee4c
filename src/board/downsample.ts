/**
 * Downsampling as TensorBoard does it, so long series stay proportionate on the wire.
 *
 * `downsample` picks k items with a fixed-seed sample of the indices and always keeps the
 * last one (TensorBoard's data provider `_downsample`). `Reservoir` bounds memory while a run
 * is read (TensorBoard's `_ReservoirBucket` with always_keep_last): the first `size` items are
 * kept, then item n replaces a random kept one with probability size/n; the newest item always
 * survives (it replaces the last slot when it loses the draw), so the chart reaches the end.
 */

/** A small deterministic PRNG (mulberry32): same input, same sample, on every request. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to k items of xs in their order, always including the last; k <= 0 means all. */
export function downsample<T>(xs: readonly T[], k: number): T[] {
  if (k <= 0 || xs.length <= k) return xs.slice();
  if (k === 1) return [xs[xs.length - 1]];
  // Partial Fisher-Yates over the indices 0..n-2 picks k-1 of them without repeats.
  const n = xs.length - 1;
  const rand = seededRandom(0);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < k - 1; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  const picked = Array.from(idx.subarray(0, k - 1)).sort((a, b) => a - b);
  picked.push(n);
  return picked.map((i) => xs[i]);
}

/** A bounded sample of a growing series; items keep their arrival order. */
export class Reservoir<T> {
  private readonly items: T[] = [];
  private seen = 0;
  private readonly rand = seededRandom(0);

  constructor(readonly size: number) {}

  add(item: T): void {
    this.seen++;
    if (this.size <= 0 || this.items.length < this.size) {
      this.items.push(item);
      return;
    }
    const r = Math.floor(this.rand() * this.seen);
    if (r < this.size) {
      this.items.splice(r, 1);
      this.items.push(item);
    } else {
      this.items[this.items.length - 1] = item;
    }
  }

  /** Drop items at or after `step` (a restarted run rewrites those steps, as TensorBoard purges). */
  purgeFrom(step: number, stepOf: (t: T) => number): void {
    let w = 0;
    for (const it of this.items) if (stepOf(it) < step) this.items[w++] = it;
    this.items.length = w;
  }

  get totalSeen(): number {
    return this.seen;
  }

  values(): readonly T[] {
    return this.items;
  }
}
