import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoopState, Stop } from '../callback.js';
import { epochEnd } from '../testing/tiny-run.js';
import { nanStopCallback } from './nan-stop.js';

/** The stop as a callback left it (read through a call: TypeScript would keep an earlier narrowing). */
const stopOf = (s: LoopState): Stop | null => s.stop;

test('nan-stop ends training on a NaN or Inf epoch loss, and only then', () => {
  const cb = nanStopCallback();
  const state: LoopState = { epoch: 1, stop: null };
  cb.onEpochEnd?.(epochEnd(1, 0.69, 0.7), state);
  assert.equal(state.stop, null);
  cb.onEpochEnd?.(epochEnd(2, Number.NaN, null), state);
  assert.equal(stopOf(state)?.kind, 'doctor');
  assert.match(stopOf(state)?.reason ?? '', /training loss became NaN in epoch 2.*--lr/);
  const inf: LoopState = { epoch: 3, stop: null };
  cb.onEpochEnd?.(epochEnd(3, Number.POSITIVE_INFINITY, null), inf);
  assert.match(stopOf(inf)?.reason ?? '', /became Infinity/);
  // an earlier callback's reason stands
  const earlier: LoopState = { epoch: 3, stop: { kind: 'doctor', reason: 'the doctor' } };
  cb.onEpochEnd?.(epochEnd(3, Number.NaN, null), earlier);
  assert.equal(stopOf(earlier)?.reason, 'the doctor');
});
