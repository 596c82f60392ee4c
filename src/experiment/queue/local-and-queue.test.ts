import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_FILES } from '../../run/files.js';
import { LOCK_SUFFIX } from '../../run/lock.js';
import { RESULT_FILES } from '../run.js';
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

const TRIALS = ['seed=1', 'seed=2', 'seed=3'];
const EPOCHS = 30;
const grid = (logdir: string) => [
  'experiment',
  '--name',
  'mixed',
  '--seeds',
  String(TRIALS.length),
  '--set',
  'data=seed-like:rows=300',
  '--set',
  'hidden=8',
  '--set',
  `epochs=${EPOCHS}`,
  '--set',
  'probes=light',
  '--set',
  'threads=1',
  '--logdir',
  logdir,
  '--json',
];

test('a queue worker and a local experiment on one logdir: each trial trained once, both tables a single run’s', {
  skip,
  timeout: 300_000,
}, async () => {
  const alone = await runCli([...grid(join(root, 'alone')), '--workers', '1']);
  assert.equal(alone.code, 0, alone.stderr);
  const refDir = join(root, 'alone', 'mixed');

  const logdir = join(root, 'shared');
  const expDir = join(logdir, 'mixed');
  mkdirSync(expDir, { recursive: true });
  const dirEvents = new Map<string, number>();
  const watcher = watch(expDir, (_type, name) => {
    if (name && TRIALS.includes(name)) dirEvents.set(name, (dirEvents.get(name) ?? 0) + 1);
  });
  try {
    worker = await spawnWorker(['--queue', redis!.url, '--logdir', logdir, '--lock-seconds', '2']);
    let finished = false;
    const queued = runCli([...grid(logdir), '--queue', redis!.url]).finally(() => {
      finished = true;
    });
    // The local experiment starts once the worker is training (a trial's directory exists).
    const deadline = Date.now() + 120_000;
    while (!TRIALS.some((t) => existsSync(join(expDir, t))) && Date.now() < deadline) {
      if (finished)
        assert.fail(`the queued experiment ended before any trial started:\n${(await queued).stderr}`);
      await sleep(20);
    }
    const local = await runCli([...grid(logdir), '--workers', '1']);
    const q = await queued;
    await sleep(200);
    assert.equal(local.code, 0, local.stderr);
    assert.equal(q.code, 0, q.stderr);

    // Trained once: the worker's own completions and the local experiment's own, together, are
    // every trial exactly once; the other side found it finished.
    const workerLog = worker.output();
    const byWorker = TRIALS.filter((t) =>
      workerLog
        .split('\n')
        .some((l) => l.startsWith(`  done   mixed/${t} (`) && !l.includes('already finished')),
    );
    const byLocal = TRIALS.filter((t) =>
      local.stderr
        .split('\n')
        .some((l) => l.startsWith(`  done   ${t} (`) && !l.includes('trained by another process')),
    );
    const why = `worker:\n${workerLog}\nlocal:\n${local.stderr}`;
    assert.deepEqual([...byWorker, ...byLocal].sort(), TRIALS, why);
    assert.ok(byLocal.length > 0, `the local experiment trained some of the trials\n${why}`);
    assert.ok(byWorker.length > 0, `the worker trained some of the trials\n${why}`);
    assert.deepEqual(
      TRIALS.map((t) => dirEvents.get(t)),
      TRIALS.map(() => 1),
      'each run directory created once, never removed',
    );
    for (const t of TRIALS) {
      const meta = JSON.parse(readFileSync(join(expDir, t, RUN_FILES.meta), 'utf8'));
      assert.equal(meta.epochsRun, EPOCHS, t);
      assert.equal(
        readdirSync(join(expDir, t)).filter((f) => f.startsWith('events.out.tfevents.')).length,
        1,
      );
    }
    assert.ok(!readdirSync(expDir).some((f) => f.includes(LOCK_SUFFIX)), 'no lock left behind');

    // Both experiments print the table of the experiment alone, and the files are that table.
    assert.equal(local.stdout, alone.stdout);
    assert.equal(q.stdout, alone.stdout);
    for (const f of Object.values(RESULT_FILES)) {
      assert.equal(readFileSync(join(expDir, f), 'utf8'), readFileSync(join(refDir, f), 'utf8'), f);
    }
  } finally {
    watcher.close();
  }
});
