import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { TAGS } from '../../run/tags.js';
import type { LoopState } from '../callback.js';
import { epochEnd, tinyRun } from '../testing/tiny-run.js';
import type { EpochInfo } from '../types.js';
import { progressCallback } from './progress.js';

test('progress: onProgress every 10 steps and at the last, then per epoch its time, onEpoch and a log line', async () => {
  const progress: number[] = [];
  const epochs: EpochInfo[] = [];
  const run = await tinyRun({}, { onProgress: (p) => progress.push(p.step), onEpoch: (i) => epochs.push(i) });
  try {
    const cb = progressCallback(run);
    const state: LoopState = { epoch: 0, stop: null };
    for (let i = 1; i <= 23; i++)
      cb.onStepEnd?.({ epoch: 1, index: i, steps: 23, step: i, loss: 0.5, meanLoss: Number.NaN }, state);
    assert.deepEqual(progress, [10, 20, 23]);
    const e = { ...epochEnd(1, 0.61234, 0.7), step: 23, timings: new Map([['probes', 250]]) };
    e.startedAt -= 1000;
    cb.onEpochEnd?.(e, state);
    assert.equal(epochs.length, 1);
    assert.ok(epochs[0].seconds >= 1 && epochs[0].seconds < 5, `${epochs[0].seconds}`);
    assert.equal(epochs[0].probeSeconds, 0.25);
    assert.match(
      run.lines[0],
      /^epoch {2}1\/10 {2}loss 0\.6123 {2}val_loss 0\.7000 {2}val_auc micro n\/a macro n\/a {2}1\.\d\ds$/,
    );
    const recorded = run.rec.history.scalars.get(TAGS.epochSeconds);
    assert.equal(recorded?.[0].step, 23);
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});
