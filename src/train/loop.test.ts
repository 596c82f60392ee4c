import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import type { Callback, LoopState } from './callback.js';
import { loop } from './loop.js';
import { tinyRun } from './testing/tiny-run.js';

/** A callback that writes down every hook call. */
function spy(calls: string[], extra: Partial<Callback> = {}): Callback {
  return {
    name: 'spy',
    onStart: () => {
      calls.push('start');
    },
    onStepEnd: (s) => {
      calls.push(`step ${s.step}${s.grads ? '+grads' : ''}`);
    },
    onProbe: (step) => {
      calls.push(`probe ${step}`);
    },
    onEpochEnd: (e) => {
      calls.push(`epoch ${e.epoch}`);
    },
    ...extra,
  };
}

test('the loop calls the callbacks at their points, in order', async () => {
  // 210 training rows (300 less validation and test), batch 100: 3 steps per epoch
  const run = await tinyRun({ batchSize: 100, epochs: 2, optimizer: 'sgd' });
  try {
    const calls: string[] = [];
    const state: LoopState = { epoch: 0, stop: null };
    const end = await loop(run, [spy(calls, { wantsGradients: () => true })], state);
    assert.deepEqual(end, { state: { epoch: 2, stop: null }, midEpoch: false });
    assert.deepEqual(calls, [
      'probe 0',
      'start',
      'step 1',
      'step 2',
      'step 3+grads',
      'probe 3',
      'epoch 1',
      'step 4',
      'step 5',
      'step 6+grads',
      'probe 6',
      'epoch 2',
    ]);
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});

test('--probe-every N probes every N steps; a resumed run has no step-0 probe', async () => {
  const run = await tinyRun({ batchSize: 100, epochs: 1, probeEvery: 2 }, {}, { resumed: true });
  try {
    const calls: string[] = [];
    await loop(run, [spy(calls)], { epoch: 0, stop: null });
    assert.deepEqual(calls, ['start', 'step 1', 'step 2', 'probe 2', 'step 3', 'epoch 1']);
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});

test('a callback stops training after the epoch; an abort stops it between steps', async () => {
  const abort = new AbortController();
  const run = await tinyRun({ batchSize: 100, epochs: 5 }, { signal: abort.signal });
  try {
    const stopper: Callback = {
      name: 'stopper',
      onEpochEnd: (e, state) => {
        if (e.epoch === 2) state.stop = { kind: 'early-stop', reason: 'two is enough' };
      },
    };
    const end = await loop(run, [stopper], { epoch: 0, stop: null });
    assert.deepEqual(end.state, { epoch: 2, stop: { kind: 'early-stop', reason: 'two is enough' } });
    const calls: string[] = [];
    const aborter = spy(calls, {
      onStepEnd: (s) => {
        calls.push(`step ${s.step}`);
        if (s.step === 8) abort.abort();
      },
    });
    const mid = await loop({ ...run, resumed: true }, [aborter], { epoch: 2, stop: null });
    assert.equal(mid.midEpoch, true);
    assert.equal(mid.state.epoch, 2);
    assert.equal(mid.state.stop?.kind, 'interrupted');
    assert.match(mid.state.stop?.reason ?? '', /during epoch 3; the checkpoint of epoch 2 is kept/);
    assert.deepEqual(calls.at(-1), 'step 8');
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});
