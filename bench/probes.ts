import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainConfigInput } from '../src/train/config.js';
import { train } from '../src/train/train.js';

/**
 * Overhead of the default probes (full, once per epoch, probe batch 512) on the story-sized
 * model (294→256→128→64→6, batch 128, dropout 0.5, Adam) over 22,000 synthetic rows: median
 * seconds per epoch with probes 'none' (the reference, same run) against 'full'.
 */
export async function benchProbes(epochs = 4): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-probes-'));
  const base: TrainConfigInput = {
    data: 'seed-like:rows=22000,features=294',
    hidden: [256, 128, 64],
    dropout: 0.5,
    lr: 1e-4,
    epochs,
    valFraction: 0,
    testFraction: 0.05,
    logdir: dir,
    doctor: false,
  };
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const perEpoch = async (probes: 'none' | 'full', name: string) => {
    // Wall time between consecutive epoch ends: steps, validation and the epoch-end probe.
    const ends: number[] = [];
    await train({ ...base, probes, name }, { onEpoch: () => ends.push(performance.now()) });
    return median(ends.slice(1).map((t, i) => (t - ends[i]) / 1000));
  };
  try {
    const none = await perEpoch('none', 'none');
    const full = await perEpoch('full', 'full');
    const full2 = await perEpoch('full', 'full-doctor');
    console.log(
      'probe overhead (story-sized model, 22,000 rows, median s/epoch including the epoch-end probe)',
    );
    console.log(`  probes none   ${none.toFixed(3)} s/epoch   (reference)`);
    console.log(
      `  probes full   ${full.toFixed(3)} s/epoch   overhead ${(((full - none) / none) * 100).toFixed(1)}%   (target ≤ 5%)`,
    );
    console.log(
      `  probes full   ${full2.toFixed(3)} s/epoch   overhead ${(((full2 - none) / none) * 100).toFixed(1)}%   (repeat)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchProbes();
