import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { binaryRanking, splitSorted } from './binary.js';

/** Textbook definitions, O(n²): AUC = P(s+ > s−) + ½ P(s+ = s−); AP over distinct thresholds. */
function naive(y: number[], s: number[]): { auc: number | null; ap: number } {
  let pairs = 0;
  let wins = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  const P = y.filter((v) => v === 1).length;
  let ap = 0;
  let prevRecall = 0;
  for (const t of [...new Set(s)].sort((a, b) => b - a)) {
    let tp = 0;
    let k = 0;
    for (let i = 0; i < y.length; i++) {
      if (s[i] >= t) {
        k++;
        tp += y[i];
      }
    }
    const recall = P === 0 ? 1 : tp / P;
    ap += (recall - prevRecall) * (tp / k);
    prevRecall = recall;
  }
  return { auc: pairs === 0 ? null : wins / pairs, ap: P === 0 ? 0 : ap };
}

test('binaryRanking equals the pairwise definitions, with and without ties', () => {
  const rng = createRng(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rng.next() * 40);
    const levels = trial % 2 === 0 ? 4 : 1e9; // even trials: heavy ties
    const y = Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const s = Array.from({ length: n }, () => Math.floor(rng.next() * levels) / levels);
    const { pos, neg } = splitSorted(Uint8Array.from(y), s, 0, 1, n);
    const got = binaryRanking(pos, neg);
    const want = naive(y, s);
    if (want.auc === null) assert.equal(got.auc, null);
    else assert.ok(Math.abs((got.auc as number) - want.auc) < 1e-12, `trial ${trial} auc`);
    assert.ok(Math.abs(got.ap - want.ap) < 1e-12, `trial ${trial} ap ${got.ap} vs ${want.ap}`);
  }
});

test('saturated ties cost AUC: all-equal scores give 0.5, the untied order gives 1', () => {
  const tied = binaryRanking(Float64Array.of(1, 1), Float64Array.of(1, 1));
  assert.equal(tied.auc, 0.5);
  assert.equal(tied.ap, 0.5);
  const untied = binaryRanking(Float64Array.of(30, 40), Float64Array.of(10, 20));
  assert.equal(untied.auc, 1);
  assert.equal(untied.ap, 1);
});

test('splitSorted reads a strided column', () => {
  // 3 rows × 2 labels; column 1 is [0.2 (y=1), 0.4 (y=0), 0.6 (y=1)]
  const { pos, neg } = splitSorted(Uint8Array.of(0, 1, 1, 0, 0, 1), [0.1, 0.6, 0.3, 0.4, 0.5, 0.2], 1, 2, 3);
  assert.deepEqual([...pos], [0.2, 0.6]);
  assert.deepEqual([...neg], [0.4]);
});
