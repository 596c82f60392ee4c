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
