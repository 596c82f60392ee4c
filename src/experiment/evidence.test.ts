import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunData } from '../events/types.js';
import { TAGS } from '../run/tags.js';
import { evidenceOf, formatEvidence } from './evidence.js';

function run(points: Record<string, number[]>, hidden: string[]): RunData {
  const scalars = new Map(
    Object.entries(points).map(([tag, values]) => [
      tag,
      values.map((value, step) => ({ step, wallTime: 0, value })),
    ]),
  );
  const h = {
    min: 0,
    max: 0,
    num: 0,
    sum: 0,
    sumSquares: 0,
    bucketLimits: new Float64Array(),
    counts: new Float64Array(),
  };
  const histograms = new Map(
    [...hidden, 'output'].map((l) => [TAGS.param(l, 'weights'), [{ step: 0, wallTime: 0, histogram: h }]]),
  );
  return { name: 'r', scalars, histograms, texts: new Map(), warnings: [] };
}

test('evidence reads the start and end of the story tags, from the last hidden layer', () => {
  const r = run(
    {
      [TAGS.changeSinceInit('layer1', 'weights')]: [0, 0.05, 0.14],
      [TAGS.meanAbsLogit]: [2000, 30, 0.7],
      [TAGS.exactZeroOne]: [0.996, 0.2, 0],
      [TAGS.deadFraction('layer3', 'inference_mode')]: [0.03, 0.39, 0.98],
      [TAGS.deadFraction('layer2', 'inference_mode')]: [0, 0, 0],
    },
    ['layer1', 'layer2', 'layer3'],
  );
  const e = evidenceOf('std-1', r);
  assert.equal(e.lastHidden, 'layer3');
  assert.equal(e.weightsMoved, 0.14);
  assert.equal(e.meanAbsLogitAtStart, 2000);
  assert.equal(e.exactZeroOneAtStart, 0.996);
  assert.equal(e.deadLastHidden, 0.98);
  const text = formatEvidence([e, evidenceOf('empty', run({}, []))]);
  assert.match(text, /std-1\s+2\.0e\+3\s+99\.6%\s+14%\s+98%/);
  assert.match(text, /empty\s+n\/a\s+n\/a\s+n\/a\s+n\/a/);
});
