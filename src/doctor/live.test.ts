import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunData } from '../events/types.js';
import { TAGS } from '../run/tags.js';
import { createLiveDoctor } from './live.js';
import { healthyRun, set, setLabelAuc } from './testing/fabricate.js';

/** The first `probes` probes of a run (what the live doctor has seen by then). */
function upTo(run: RunData, step: number): RunData {
  const scalars = new Map([...run.scalars].map(([t, pts]) => [t, pts.filter((p) => p.step <= step)]));
  return { ...run, scalars };
}

test('the live doctor says each finding once when it holds, and once more when it clears', () => {
  const run = healthyRun();
  set(run, TAGS.positiveRate('a'), [0.5, 1, 1, 1, 0.3, 0.3, 0.3]);
  setLabelAuc(run, 'a', [0.5, 0.5, 0.5, 0.5, 0.7, 0.75, 0.8]);
  const doc = createLiveDoctor({});
  const said = [0, 100, 200, 300, 400, 500, 600].map((s) =>
    doc.update(upTo(run, s)).map((f) => `${f.id}:${f.status}`),
  );
  assert.deepEqual(said, [[], [], ['constant-label:current'], [], ['constant-label:cleared'], [], []]);
  assert.equal(doc.report().findings.find((f) => f.id === 'constant-label')?.status, 'cleared');
});
