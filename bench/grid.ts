import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GridSpec, seedAxis } from '../src/experiment/grid.js';
import { redisSkipReason, startRedis, type TestRedis } from '../src/experiment/queue/testing/redis-server.js';
import { spawnWorker, type WorkerProcess } from '../src/experiment/queue/testing/workers.js';
import { parseQueueUrl } from '../src/experiment/queue/url.js';
import { type ExperimentResult, runExperiment } from '../src/experiment/run.js';

/**
 * The queue, against local mode measured in the same run (1 engine thread per trial everywhere):
 * the same 8-trial grid locally with 1 and 2 worker processes (what this machine gives a second
 * process right now) and through a real redis-server with 1 and 2 `trainscope worker`s.
 *   - speed-up: wall time with 1 worker / with 2, for the queue and for local mode;
 *   - overhead per trial: with 1 worker, the wall time not spent inside the trials' processes
 *     (wall − the sum of each trial's process time, fork to exit), per trial; the queue's minus
 *     local mode's. Taking the training out of the difference keeps it from drowning in the noise
 *     of a loaded machine (the wall times alone differ by seconds from run to run).
 * Workers are started (and idle) before the clock starts. The load average is printed: on a
 * shared machine it moves every number.
 */
const TRIALS = 8;
const grid = (name: string): GridSpec => ({
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
  let runs = 0;
  const fresh = () => {
    const dir = join(root, `r${runs++}`);
    mkdirSync(dir);
    return dir;
  };
  const local = (workers: number) =>
    measured(`local, ${workers} worker(s)`, () =>
      runExperiment(grid('grid'), { logdir: fresh(), workers, cores: workers }),
    );
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
  try {
    console.log(`load average (1 / 5 / 15 min) at the start: ${load()} on ${availableParallelism()} cores`);
    const local1 = await local(1);
    const local2 = await local(2);
    const queue1 = await queuedRun(redis, fresh(), 1);
    const queue2 = await queuedRun(redis, fresh(), 2);
    const row = (name: string, m: Measured, ref?: Measured) =>
      console.log(
        `  ${name.padEnd(28)} ${m.wall.toFixed(1)} s${ref ? `   (1 → 2 workers: ${(ref.wall / m.wall).toFixed(2)}×)` : ''}`,
      );
    console.log(
      `${TRIALS} trials (seed-like 2,000 rows, 100-32-16-6, 10 epochs, 1 engine thread each); wall time:`,
    );
    row('local, 1 worker (reference)', local1);
    row('local, 2 workers', local2, local1);
    row('queue, 1 worker', queue1);
    row('queue, 2 workers', queue2, queue1);
    console.log(
      `  queue 1 → 2 workers: ${(queue1.wall / queue2.wall).toFixed(2)}× faster (ideal on an idle 2-core machine: 2×; local mode got ${(local1.wall / local2.wall).toFixed(2)}× in the same run)`,
    );
    const gap = (m: Measured) => ((m.wall - m.inTrials) * 1000) / TRIALS;
    console.log(
      `  outside the trials' processes, per trial (1 worker): local ${gap(local1).toFixed(0)} ms, queue ${gap(queue1).toFixed(0)} ms`,
    );
    console.log(`  queue overhead per trial: ${(gap(queue1) - gap(local1)).toFixed(0)} ms (queue − local)`);
    console.log(`load average at the end: ${load()} (same-run comparisons; other load moves all of them)`);
  } finally {
    await redis.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Wall time of a grid, and the time its trials' processes took (summed, fork to exit). */
interface Measured {
  wall: number;
  inTrials: number;
}

async function measured(what: string, f: () => Promise<ExperimentResult>): Promise<Measured> {
  const t0 = performance.now();
  const r = await f();
  const wall = (performance.now() - t0) / 1000;
  const outcomes = [...r.outcomes.values()];
  const failed = outcomes.filter((o) => o.status !== 'done').length;
  if (failed) throw new Error(`${failed} trial(s) failed in the ${what} run`);
  return { wall, inTrials: outcomes.reduce((a, o) => a + o.seconds, 0) };
}

/** The grid through the queue with `n` fresh workers (started before the clock, stopped after). */
async function queuedRun(redis: TestRedis, logdir: string, n: number): Promise<Measured> {
  const workers: WorkerProcess[] = [];
  try {
    for (let i = 0; i < n; i++) {
      workers.push(await spawnWorker(['--queue', redis.url, '--logdir', logdir, '--threads', '1']));
    }
    return await measured(`queue, ${n} worker(s)`, () =>
      runExperiment(grid('grid'), { logdir, queue: { target: parseQueueUrl(redis.url) } }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
