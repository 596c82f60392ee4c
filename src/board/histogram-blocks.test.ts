import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createEventWriter } from '../events/index.js';
import type { HistogramPoint } from '../events/types.js';
import { createRng } from '../model/rng.js';
import { type FindingsResponse, type HistogramsResponse, reviveNonFinite } from './api-types.js';
import { seriesOf } from './histogram-blocks.js';
import { LogdirProvider } from './logdir-provider.js';
import { handle } from './server.js';

/**
 * Keras 3's stock callback writes every layer's kernel to one tag, `kernel/histogram`, k records
 * per step in model order. The board shows k series, as the doctor reads them (`[1]` … `[k]`),
 * and its computed doctor names the frozen one; an ordinary tag written twice at a step keeps
 * its latest record.
 */
let root: string;
let provider: LogdirProvider;
const SHAPES: [number, number][] = [
  [20, 16],
  [16, 8],
  [8, 3],
];

async function get<T>(url: string): Promise<T> {
  const r = await handle({ provider, staticDir: root }, 'GET', url);
  assert.equal(r.status, 200, r.body.toString());
  return JSON.parse(r.body.toString(), reviveNonFinite) as T;
}

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'board-shared-'));
  const rng = createRng(3);
  const train = createEventWriter(path.join(root, 'k3', 'train'));
  const val = createEventWriter(path.join(root, 'k3', 'validation'));
  const kernels = SHAPES.map(([i, o]) =>
    Float32Array.from({ length: i * o }, () => rng.normal() * Math.sqrt(2 / (i + o))),
  );
  for (let step = 0; step < 6; step++) {
    SHAPES.forEach(([, o], k) => {
      // the second layer is frozen: the same kernel at every step
      if (step > 0 && k !== 1) for (let j = 0; j < kernels[k].length; j++) kernels[k][j] *= 1.04;
      train.histogram('kernel/histogram', kernels[k], step);
      train.histogram('bias/histogram', new Float32Array(o).fill(0.01 * step), step);
    });
    train.scalar('epoch_loss', 0.69 - 0.03 * step, step);
    val.scalar('epoch_loss', 0.7 - 0.02 * step, step);
    val.scalar('epoch_auc', 0.7 + 0.03 * step - 0.003 * step * step, step);
  }
  train.close();
  val.close();
  const w = createEventWriter(path.join(root, 'rewritten'));
  for (const [step, v] of [
    [0, 1],
    [1, 2],
    [1, 3],
    [2, 4],
  ])
    w.histogram('w', new Float32Array(10).fill(v), step);
  w.close();
  provider = new LogdirProvider(root, { minRefreshMs: 0 });
});

after(() => rmSync(root, { recursive: true, force: true }));

test('a shared Keras 3 tag is one series per layer, in model order, as the doctor reads it', async () => {
  const tags = await provider.listTags('k3/train');
  assert.deepEqual(tags.histograms.filter((t) => t.startsWith('kernel/')).sort(), [
    'kernel/histogram[1]',
    'kernel/histogram[2]',
    'kernel/histogram[3]',
  ]);
  for (const [k, [i, o]] of SHAPES.entries()) {
    const h = await get<HistogramsResponse>(`/api/histograms?run=k3/train&tag=kernel/histogram[${k + 1}]`);
    assert.deepEqual(
      h.steps.map((s) => s.step),
      [0, 1, 2, 3, 4, 5],
    );
    for (const s of h.steps) assert.equal(s.num, i * o, `layer ${k + 1} at step ${s.step}`);
  }
  const frozen = await get<HistogramsResponse>('/api/histograms?run=k3/train&tag=kernel/histogram[2]');
  assert.equal(frozen.steps[0].std, frozen.steps[5].std);
  const moving = await get<HistogramsResponse>('/api/histograms?run=k3/train&tag=kernel/histogram[1]');
  assert.ok(moving.steps[5].std > 1.2 * moving.steps[0].std);
  assert.equal(await provider.countPoints('k3/train', 'histograms', 'kernel/histogram[3]'), 6);
});

test('the computed doctor sees every layer of the shared tag and names the frozen one', async () => {
  const f = await get<FindingsResponse>('/api/findings?run=k3/train');
  assert.equal(f.source, 'computed');
  assert.deepEqual(
    f.findings.filter((x) => x.id === 'frozen-layer').map((x) => x.where.layer),
    ['layer #2'],
  );
});

test('an ordinary tag written twice at a step keeps its latest record, as one series', async () => {
  const tags = await provider.listTags('rewritten');
  assert.deepEqual(tags.histograms, ['w']);
  const h = await get<HistogramsResponse>('/api/histograms?run=rewritten&tag=w');
  assert.deepEqual(
    h.steps.map((s) => [s.step, s.mean]),
    [
      [0, 1],
      [1, 3],
      [2, 4],
    ],
  );
});

test('seriesOf: the step being written may hold fewer records of a shared tag', () => {
  const p = (step: number, v: number): HistogramPoint => ({
    step,
    wallTime: 0,
    histogram: {
      min: v,
      max: v,
      num: 1,
      sum: v,
      sumSquares: v * v,
      bucketLimits: Float64Array.of(v),
      counts: Float64Array.of(1),
    },
  });
  const blocks = [[p(0, 1), p(0, 2)], [p(1, 1), p(1, 2)], [p(2, 1)]];
  const s = seriesOf('kernel/histogram', blocks);
  assert.deepEqual(
    s.map(([n, pts]) => [n, pts.map((x) => x.step)]),
    [
      ['kernel/histogram[1]', [0, 1, 2]],
      ['kernel/histogram[2]', [0, 1]],
    ],
  );
});
