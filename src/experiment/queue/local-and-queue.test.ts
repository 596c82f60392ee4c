import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as shared from '../testing/shared-logdir.js';
import { redisSkipReason, startRedis, type TestRedis } from './testing/redis-server.js';
import { runCli, spawnWorker, type WorkerProcess } from './testing/workers.js';

/**
 * A queue worker and a local `trainscope experiment` on the same grid and logdir at the same
 * time (a real redis-server, real processes): the run lock keeps them apart, so every trial is
 * trained once, by one of them, and both experiments (the queued one and the local one) write
 * the table one experiment alone writes, byte for byte.
 */
const skip = redisSkipReason();
const root = mkdtempSync(join(tmpdir(), 'ts-mixed-'));
let redis: TestRedis | undefined;
let worker: WorkerProcess | undefined;

before(async () => {
  if (!skip) redis = await startRedis();
});
after(async () => {
  await worker?.stop();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

test("a queue worker and a local experiment on one logdir: each trial trained once, both tables a single run's", {
  skip,
  timeout: 300_000,
}, async () => {
  const alone = await runCli([...shared.tinyGrid('mixed', join(root, 'alone')), '--workers', '1']);
  assert.equal(alone.code, 0, alone.stderr);

  const logdir = join(root, 'shared');
  const expDir = join(logdir, 'mixed');
  const dirs = shared.watchTrialDirs(expDir);
  try {
    worker = await spawnWorker(['--queue', redis!.url, '--logdir', logdir, '--lock-seconds', '2']);
    let queuedEnded = false;
    const queued = runCli([...shared.tinyGrid('mixed', logdir), '--queue', redis!.url]).finally(() => {
      queuedEnded = true;
    });
    // The local experiment starts once the worker is training.
    await shared.untilTraining(expDir, () =>
      queuedEnded ? 'the queued experiment ended before training' : undefined,
    );
    const local = await runCli([...shared.tinyGrid('mixed', logdir), '--workers', '1']);
    const q = await queued;
    await sleep(200); // the last directory events
    assert.equal(local.code, 0, local.stderr);
    assert.equal(q.code, 0, q.stderr);

    // Trained once: the worker's own completions and the local experiment's own are, together,
    // every trial exactly once; the other side found it finished.
    const workerLog = worker.output();
    const byWorker = shared.trainedHere(workerLog, '  done   mixed/', 'already finished');
    const byLocal = shared.trainedHere(local.stderr, '  done   ', 'trained by another process');
    const why = `worker:\n${workerLog}\nlocal:\n${local.stderr}`;
    assert.deepEqual([...byWorker, ...byLocal].sort(), shared.TRIALS, why);
    assert.ok(byLocal.length > 0 && byWorker.length > 0, `both trained some of the trials\n${why}`);
    // Both experiments print the table of the experiment alone; the runs and files are its.
    assert.equal(local.stdout, alone.stdout);
    assert.equal(q.stdout, alone.stdout);
    shared.assertOnceAndAsAlone(expDir, join(root, 'alone', 'mixed'), dirs.counts());
  } finally {
    dirs.close();
  }
});
