import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GridSpec, seedAxis } from '../src/experiment/grid.js';
import { redisSkipReason, startRedis } from '../src/experiment/queue/testing/redis-server.js';
import { spawnWorker, type WorkerProcess } from '../src/experiment/queue/testing/workers.js';
import { parseQueueUrl } from '../src/experiment/queue/url.js';
import { runExperiment } from '../src/experiment/run.js';

/**
 * The queue: the same 8-trial grid (1 engine thread per trial everywhere) run
 *   - locally with 1 worker process (the reference, measured in the same run),
 *   - through a real redis-server with 1 `trainscope worker`,
 *   - through it with 2 workers.
 * Prints the 1-vs-2-worker speed-up and the queue's overhead per trial: (queue with 1 worker −
 * local with 1 worker) / trials. Workers are started (and idle) before the clock starts.
 */
const spec = (name: string): GridSpec => ({
  name,
  base: { data: 'seed-like:rows=2000', hidden: [32, 16], epochs: 10, probes: 'light', threads: 1 },
  axes: [{ field: 'dropout', values: [0, 0.5] }, seedAxis(4)],
});

export async function benchGrid(): Promise<void> {
  const skip = redisSkipReason();
  if (skip) {
    console.log(`grid: ${skip}`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'ts-bench-grid-'));
  const redis = await startRedis();
  const workers: WorkerProcess[] = [];
  try {
    const t0 = performance.now();
    await runExperiment(spec('local'), { logdir: join(root, 'local'), workers: 1, cores: 1 });
    const local = (performance.now() - t0) / 1000;

    const queued = async (n: number): Promise<number> => {
      const logdir = join(root, `queue${n}`);
      mkdirSync(logdir);
      for (let i = 0; i < n; i++) {
        workers.push(await spawnWorker(['--queue', redis.url, '--logdir', logdir, '--threads', '1']));
      }
      const start = performance.now();
      const r = await runExperiment(spec('grid'), { logdir, queue: { target: parseQueueUrl(redis.url) } });
      const seconds = (performance.now() - start) / 1000;
      const failed = [...r.outcomes.values()].filter((o) => o.status !== 'done').length;
      if (failed) throw new Error(`${failed} trial(s) failed in the ${n}-worker run`);
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      return seconds;
    };
    const one = await queued(1);
    const two = await queued(2);
    const trials = 8;
    console.log(`8 trials (seed-like 2,000 rows, 100-32-16-6, 10 epochs, 1 engine thread each); wall time:`);
    console.log(`  local, 1 worker (reference)  ${local.toFixed(1)} s`);
    console.log(`  queue, 1 worker              ${one.toFixed(1)} s`);
    console.log(`  queue, 2 workers             ${two.toFixed(1)} s`);
    console.log(`  1 → 2 workers: ${(one / two).toFixed(2)}× faster (ideal on this 2-core machine: 2×)`);
    console.log(
      `  queue overhead per trial: ${(((one - local) * 1000) / trials).toFixed(0)} ms (queue 1 worker − local 1 worker, / ${trials})`,
    );
    console.log('  (same-run comparison; other load on a shared machine moves all three)');
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await redis.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
