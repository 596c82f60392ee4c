import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { TAGS } from '../../run/tags.js';
import type { LoopState } from '../callback.js';
import { tinyRun } from '../testing/tiny-run.js';
import { probesCallback } from './probes.js';

const state: LoopState = { epoch: 0, stop: null };

test('probes record the network at each probe point; gradients come from Adam or from the step before', async () => {
  for (const optimizer of ['adam', 'sgd'] as const) {
    const run = await tinyRun({ optimizer });
    try {
      const cb = probesCallback(run);
      assert.equal(cb.wantsGradients?.(), optimizer === 'sgd');
      await cb.onProbe?.(0, state);
      const x = new Float32Array(run.data.train.nFeatures * 4);
      const y = new Float32Array(run.data.train.nLabels * 4);
      const res = await run.engine.trainStep(x, y, 4, { fetchGrads: cb.wantsGradients?.() });
      cb.onStepEnd?.(
        { epoch: 1, index: 1, steps: 1, step: 1, loss: res.loss, meanLoss: res.loss, grads: res.grads },
        state,
      );
      await cb.onProbe?.(1, state);
      const h = run.rec.history;
      assert.deepEqual(
        h.scalars.get(TAGS.paramStat('layer1', 'weights', 'std'))?.map((p) => p.step),
        [0, 1],
      );
      assert.equal(
        h.scalars.get(TAGS.updateRatio('layer1', 'weights'))?.length,
        1,
        'from the second probe on',
      );
      assert.equal(h.histograms.get(TAGS.gradient('output', 'weights'))?.[0].step, 1, optimizer);
      assert.ok(h.scalars.has(TAGS.deadFraction('layer1', 'inference_mode')));
    } finally {
      await run.engine.dispose();
      rmSync(run.runDir, { recursive: true, force: true });
    }
  }
});

test('a resumed run measures change since init against the seed`s initial weights', async () => {
  const run = await tinyRun({}, {}, { resumed: true });
  try {
    const cb = probesCallback(run);
    await cb.onStart?.(state);
    await cb.onProbe?.(0, state);
    // nothing moved yet: zero change against both the initial weights and the previous probe
    assert.equal(run.rec.history.scalars.get(TAGS.changeSinceInit('layer1', 'weights'))?.[0].value, 0);
    assert.equal(run.rec.history.scalars.get(TAGS.updateRatio('layer1', 'weights'))?.[0].value, 0);
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});

test('--probes none records no histograms', async () => {
  const run = await tinyRun({ probes: 'none' });
  try {
    const cb = probesCallback(run);
    await cb.onProbe?.(0, state);
    assert.equal(run.rec.history.histograms.size, 0);
    assert.equal(cb.wantsGradients?.(), false);
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});
