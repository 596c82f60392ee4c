import assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RUN_FILES } from '../../run/files.js';
import type { Callback, LoopState } from '../callback.js';
import { loadCheckpoint } from '../checkpoint.js';
import { epochEnd, tinyRun } from '../testing/tiny-run.js';
import { checkpointCallback } from './checkpoint.js';

test('checkpoint: saved at the start and after every epoch, with the loop state and the callbacks` states', async () => {
  const run = await tinyRun({ optimizer: 'adam' });
  try {
    const other: Callback = { name: 'other', save: () => ({ seen: 3 }) };
    const cb = checkpointCallback(run, () => [other]);
    const state: LoopState = { epoch: 0, stop: null };
    await cb.onStart?.(state);
    assert.equal(loadCheckpoint(run.runDir).meta.epoch, 0);
    const x = new Float32Array(run.data.train.nFeatures * 4);
    const y = new Float32Array(run.data.train.nLabels * 4);
    await run.engine.trainStep(x, y, 4);
    state.epoch = 1;
    state.stop = { kind: 'early-stop', reason: 'enough' };
    await cb.onEpochEnd?.(epochEnd(1, 0.5, 0.5), state);
    const ck = loadCheckpoint(run.runDir);
    assert.equal(ck.meta.epoch, 1);
    assert.equal(ck.meta.step, 1);
    assert.deepEqual(ck.meta.stop, { kind: 'early-stop', reason: 'enough' });
    assert.deepEqual(ck.meta.callbacks, { other: { seen: 3 } });
    assert.deepEqual(
      ck.params.map((p) => Array.from(p.data)),
      run.engine.params().map((p) => Array.from(p.data)),
    );
    assert.deepEqual(
      ck.slots.map((p) => Array.from(p.data)),
      run.engine.optimizerState().slots.map((p) => Array.from(p.data)),
    );
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});

test('a kill between the two renames of a checkpoint is finished on load; a damaged one is refused', async () => {
  const run = await tinyRun();
  try {
    const cb = checkpointCallback(run, () => []);
    const state: LoopState = { epoch: 0, stop: null };
    await cb.onStart?.(state);
    const bin = join(run.runDir, RUN_FILES.checkpoint);
    const before = readFileSync(bin);
    // As if killed after checkpoint.json was replaced and before checkpoint.bin.next was renamed:
    const x = new Float32Array(run.data.train.nFeatures * 4);
    await run.engine.trainStep(x, new Float32Array(run.data.train.nLabels * 4), 4);
    state.epoch = 1;
    await cb.onEpochEnd?.(epochEnd(1, 0.5, null), state);
    renameSync(bin, `${bin}.next`);
    writeFileSync(bin, before);
    const ck = loadCheckpoint(run.runDir);
    assert.equal(ck.meta.epoch, 1);
    assert.deepEqual(Array.from(ck.params[0].data), Array.from(run.engine.params()[0].data));
    assert.notDeepEqual(readFileSync(bin), before, 'the newer tensors were moved into place');
    writeFileSync(bin, before.subarray(0, 16));
    assert.throws(() => loadCheckpoint(run.runDir), /checkpoint\.bin: does not match checkpoint\.json/);
  } finally {
    await run.engine.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
});
