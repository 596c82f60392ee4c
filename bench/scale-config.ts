/** What both sides of the scale benchmark train: the 256-128 ReLU, dropout 0.5, Adam, batch 128. */
export const BENCH_MODEL = {
  hidden: [256, 128],
  dropout: 0.5,
  lr: 1e-3,
  epsilon: 1e-7,
  batchSize: 128,
  seed: 1,
  threshold: 0.5,
} as const;

/** User + system CPU seconds of this process (all its threads). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * The environment of a PyTorch side at `threads` threads: torch.set_num_threads leaves OpenBLAS's
 * own pool alone (at "1 thread" its CPU time was twice its wall time), so the BLAS and OpenMP
 * pools get the same count and the sides are even.
 */
export function torchEnv(threads: number): NodeJS.ProcessEnv {
  const n = `${threads}`;
  return { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
}
