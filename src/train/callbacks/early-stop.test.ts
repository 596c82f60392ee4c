import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoopState, Stop } from '../callback.js';
import { epochEnd } from '../testing/tiny-run.js';
import { earlyStopCallback } from './early-stop.js';

/** The stop as a callback left it (read through a call: TypeScript would keep an earlier narrowing). */
const stopOf = (s: LoopState): Stop | null => s.stop;

const feed = (patience: number, losses: (number | null)[]) => {
  const cb = earlyStopCallback(patience);
  const state: LoopState = { epoch: 0, stop: null };
  let stoppedAt = 0;
  losses.forEach((l, i) => {
    state.epoch = i + 1;
    cb.onEpochEnd?.(epochEnd(i + 1, 0.5, l), state);
    if (state.stop && !stoppedAt) stoppedAt = i + 1;
  });
  return { cb, state, stoppedAt };
};

test('early stop after `patience` epochs without a better validation loss', () => {
  const r = feed(2, [0.9, 0.8, 0.85, 0.81, 0.7]);
  assert.equal(r.stoppedAt, 4);
  assert.equal(stopOf(r.state)?.kind, 'early-stop');
  assert.match(stopOf(r.state)?.reason ?? '', /did not improve for 2 epochs \(best 0\.80000\)/);
  assert.equal(feed(0, [0.9, 1, 1, 1, 1]).stoppedAt, 0, 'patience 0 never stops');
  assert.equal(feed(1, [0.9, null, null, 0.95]).stoppedAt, 4, 'epochs without validation do not count');
});

test('its memory survives a checkpoint: a restored copy stops where the original would', () => {
  const first = feed(3, [0.9, 0.8, 0.85]);
  const saved = JSON.parse(JSON.stringify(first.cb.save?.()));
  assert.deepEqual(saved, { bestValLoss: 0.8, epochsWithoutImprovement: 1 });
  const resumed = earlyStopCallback(3);
  resumed.restore?.(saved);
  const state: LoopState = { epoch: 3, stop: null };
  resumed.onEpochEnd?.(epochEnd(4, 0.5, 0.86), state);
  assert.equal(state.stop, null);
  resumed.onEpochEnd?.(epochEnd(5, 0.5, 0.87), state);
  assert.equal(stopOf(state)?.kind, 'early-stop');
  const fresh = earlyStopCallback(3);
  fresh.restore?.(undefined);
  assert.deepEqual(fresh.save?.(), { bestValLoss: null, epochsWithoutImprovement: 0 });
});
