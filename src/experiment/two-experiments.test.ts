import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from './queue/testing/workers.js';
import {
  assertOnceAndAsAlone,
  TRIALS,
  tinyGrid,
  trainedHere,
  untilTraining,
  watchTrialDirs,
} from './testing/shared-logdir.js';

/**
 * Two `trainscope experiment` processes on the same grid and logdir at the same time (local
 * mode, no queue): each trial's process takes the run lock, so every trial is trained once, by
 * one of them; the other waits for it and reads its result. Both end with the whole table, the
 * same, byte for byte, as one experiment alone writes.
 */
const root = mkdtempSync(join(tmpdir(), 'ts-two-exp-'));
after(() => rmSync(root, { recursive: true, force: true }));

test("two concurrent experiments on one grid: each trial trained once, both write a single run's table", {
  timeout: 300_000,
}, async () => {
  const grid = (logdir: string) => [...tinyGrid('twice', logdir), '--workers', '1'];
  // The reference: the same grid run by one experiment alone.
  const alone = await runCli(grid(join(root, 'alone')));
  assert.equal(alone.code, 0, alone.stderr);

  const logdir = join(root, 'runs');
  const expDir = join(logdir, 'twice');
  const dirs = watchTrialDirs(expDir);
  try {
    let firstEnded = false;
    const first = runCli(grid(logdir)).finally(() => {
      firstEnded = true;
    });
    // The second starts once the first is training.
    await untilTraining(expDir, () =>
      firstEnded ? 'the first experiment ended before training' : undefined,
    );
    const second = runCli(grid(logdir));
    const [a, b] = await Promise.all([first, second]);
    await sleep(200); // the last directory events
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);

    // Trained once: one "done" of its own per trial across both; the other one waited for it or
    // found it finished.
    const [byA, byB] = [a, b].map((r) => trainedHere(r.stderr, '  done   ', 'trained by another process'));
    assert.deepEqual([...byA, ...byB].sort(), TRIALS, `first:\n${a.stderr}\nsecond:\n${b.stderr}`);
    assert.match(
      `${a.stderr}${b.stderr}`,
      /waiting seed=\d: another process is training it \(run locked by pid \d+ on /,
      'the two met on a trial',
    );
    // Both print the table of the experiment alone; the runs and files are that experiment's.
    assert.equal(a.stdout, alone.stdout);
    assert.equal(b.stdout, alone.stdout);
    assert.equal(JSON.parse(alone.stdout).rows[0].done, TRIALS.length);
    assertOnceAndAsAlone(expDir, join(root, 'alone', 'twice'), dirs.counts());
  } finally {
    dirs.close();
  }
});
