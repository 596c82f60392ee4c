import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { createEngine } from './engine.js';
import { tinySpec } from './testing.js';
import type { SparseRows } from './types.js';

const ROWS = 9;

/** A random sparse batch (about a quarter non-zero), its CSR form and the dense x' = S + offset. */
function batch(inputs: number, outputs: number, seed: number, offset: Float32Array | null) {
  const rng = createRng(seed);
  const rowStart = new Int32Array(ROWS + 1);
  const cols: number[] = [];
  const values: number[] = [];
  const dense = new Float32Array(ROWS * inputs);
  for (let r = 0; r < ROWS; r++) {
    for (let j = 0; j < inputs; j++) {
      if (offset) dense[r * inputs + j] = offset[j];
      if (rng.next() < 0.25) {
        const v = Math.fround(rng.normal());
        cols.push(j);
        values.push(v);
        dense[r * inputs + j] += v;
      }
    }
    rowStart[r + 1] = cols.length;
  }
  const y = Float32Array.from({ length: ROWS * outputs }, () => (rng.next() < 0.3 ? 1 : 0));
  const rows: SparseRows = {
    rowStart,
    cols: Int32Array.from(cols),
    values: Float32Array.from(values),
    offset,
  };
  return { rows, dense, y };
}

const CASES = [
  {
    name: 'dropout, pos_weight, L2, clipping, centred columns',
    hidden: [6, 5],
    weightDecay: 0.01,
    clipNorm: 0.05,
    centred: true,
  },
  { name: 'plain', hidden: [8], weightDecay: 0, clipNorm: 0, centred: false },
  {
    name: 'no hidden layer (the output layer is the first)',
    hidden: [],
    weightDecay: 0,
    clipNorm: 0,
    centred: true,
  },
];

for (const c of CASES) {
  test(`sparse first layer gives the dense step's losses, gradients and parameters (${c.name})`, async () => {
    const spec = tinySpec({
      inputs: 23,
      hidden: c.hidden,
      outputs: 3,
      dropout: 0.3,
      posWeight: [2, 0.5, 1],
      weightDecay: c.weightDecay,
      clipNorm: c.clipNorm,
    });
    const offset = c.centred
      ? Float32Array.from({ length: 23 }, (_, j) => (j % 5 === 0 ? 0.3 - j / 50 : 0))
      : null;
    const dense = await createEngine(spec, { seed: 4, threads: 1 });
    const sparse = await createEngine(spec, { seed: 4, threads: 1 });
    for (let step = 0; step < 4; step++) {
      const b = batch(23, 3, 10 + step, offset);
      const a = await dense.trainStep(b.dense, b.y, ROWS, { fetchGrads: true });
      const s = await sparse.trainStepSparse(b.rows, b.y, ROWS, { fetchGrads: true });
      assert.ok(
        Math.abs(a.loss - s.loss) < 1e-6 * Math.max(1, a.loss),
        `step ${step}: loss ${a.loss} vs ${s.loss}`,
      );
      a.grads!.forEach((g, i) => {
        const worst = Math.max(...g.data.map((v, k) => Math.abs(v - s.grads![i].data[k])));
        assert.ok(worst < 1e-6, `step ${step}: gradient of ${g.name} differs by ${worst}`);
      });
      const pd = dense.params();
      sparse.params().forEach((p, i) => {
        const worst = Math.max(...p.data.map((v, k) => Math.abs(v - pd[i].data[k])));
        assert.ok(worst < 1e-5, `step ${step}: ${p.name} differs by ${worst}`);
      });
    }
    assert.equal(sparse.step, 4);
    await dense.dispose();
    await sparse.dispose();
  });
}

test('sparse steps grow the scratch memory for a larger batch and keep training correctly', async () => {
  const spec = tinySpec({ inputs: 2000, hidden: [64], outputs: 3 });
  const engine = await createEngine(spec, { seed: 1, threads: 1 });
  const before = engine.params();
  const big = 300;
  const rowStart = Int32Array.from({ length: big + 1 }, (_, r) => r * 200);
  const cols = Int32Array.from({ length: big * 200 }, (_, k) => (k * 7) % 2000);
  const rows: SparseRows = { rowStart, cols, values: new Float32Array(big * 200).fill(0.1), offset: null };
  const y = new Float32Array(big * 3).fill(1);
  const first = await engine.trainStepSparse(rows, y, big);
  const second = await engine.trainStepSparse(rows, y, big);
  assert.ok(second.loss < first.loss, 'the loss falls on a repeated batch');
  assert.notDeepEqual(engine.params()[0].data, before[0].data);
  const out = await engine.forward(new Float32Array(2000), 1, 'inference');
  assert.ok(Number.isFinite(out.logits[0]), 'dense passes still see the parameters after the memory grew');
  await engine.dispose();
});
