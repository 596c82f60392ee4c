import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tf1Histogram } from '../doctor/testing/convention-logs.js';
import { createEventWriter } from '../events/index.js';
import { createRng } from '../model/rng.js';
import {
  type FindingsResponse,
  type HistogramsResponse,
  type RunsResponse,
  reviveNonFinite,
} from './api-types.js';
import { LogdirProvider } from './logdir-provider.js';
import { handle } from './server.js';
import { tinyRuns } from './testing/fixtures.js';

/**
 * The board over a logdir of mixed trainscope and foreign runs: a trainscope run with its
 * doctor.json, a PyTorch-named run with a frozen layer, a Keras run split into train/ and
 * validation/ — the rules run for the runs without doctor.json — plus the TensorBoard interop
 * items: non-finite values that stay distinguishable, TF1's empty zero-width buckets dropped,
 * and steps that go backwards.
 */
let root: string;
let provider: LogdirProvider;

async function get<T>(url: string): Promise<T> {
  const r = await handle({ provider, staticDir: root }, 'GET', url);
  assert.equal(r.status, 200, r.body.toString());
  return JSON.parse(r.body.toString(), reviveNonFinite) as T;
}

const rng = createRng(4);
const draw = (n: number, std: number) => Float32Array.from({ length: n }, () => rng.normal() * std);

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'board-foreign-'));
  // trainscope's own (real tiny runs with their doctor.json)
  cpSync(path.join(await tinyRuns(), 'glorot'), path.join(root, 'ours'), { recursive: true });

  // PyTorch names, fc2 never trained, the others moving; AUC learning
  const pt = createEventWriter(path.join(root, 'pt'));
  const shapes: [string, number, number][] = [
    ['fc1', 20, 16],
    ['fc2', 16, 8],
    ['out', 8, 3],
  ];
  const ws = shapes.map(([, i, o]) => draw(i * o, Math.sqrt(2 / (i + o))));
  for (let step = 0; step < 6; step++) {
    pt.scalar('Loss/train', 0.69 - 0.04 * step, step);
    pt.scalar('Loss/val', 0.7 - 0.03 * step, step);
    pt.scalar('AUC/val_macro', 0.6 + 0.04 * step, step);
    shapes.forEach(([name, , o], k) => {
      if (step > 0 && name !== 'fc2') for (let j = 0; j < ws[k].length; j++) ws[k][j] *= 1.03;
      pt.histogram(`${name}.weight`, ws[k], step);
      pt.histogram(`${name}.bias`, new Float32Array(o), step);
    });
  }
  pt.close();

  // Keras layout: hidden layers dead from biases at -5 (never change), head moving, AUC exactly 0.5
  const train = createEventWriter(path.join(root, 'k', 'train'));
  const val = createEventWriter(path.join(root, 'k', 'validation'));
  const kw = shapes.map(([, i, o]) => draw(i * o, Math.sqrt(2 / (i + o))));
  for (let step = 0; step < 6; step++) {
    shapes.forEach(([, , o], k) => {
      const name = k === 0 ? 'dense' : `dense_${k}`;
      const last = k === shapes.length - 1;
      train.histogram(`${name}/kernel_0`, kw[k], step);
      train.histogram(`${name}/bias_0`, new Float32Array(o).fill(last ? -0.1 * step : -5), step);
    });
    train.scalar('epoch_loss', 0.69 - 0.01 * step, step);
    val.scalar('epoch_loss', 0.69 - 0.01 * step, step);
    val.scalar('epoch_auc', 0.5, step);
  }
  train.close();
  val.close();

  // interop: non-finite scalars, a TF1 histogram with all 1,551 default buckets, a restart
  const w = createEventWriter(path.join(root, 'interop'));
  [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2].forEach((v, i) => {
    w.scalar('odd', v, i);
  });
  w.histogram('tf1/weights', tf1Histogram(draw(2000, 0.1), true), 0);
  for (let s = 0; s < 10; s++) w.scalar('restarted', s, s);
  w.close();
  const again = createEventWriter(path.join(root, 'interop'), { now: () => Date.now() / 1000 + 5 });
  for (let s = 5; s < 8; s++) again.scalar('restarted', 100 + s, s);
  again.close();

  // a grid: one hparams experiment record at its root, the trial below
  const grid = createEventWriter(path.join(root, 'grid'));
  grid.hparamsExperiment({ lr: [0.1, 0.01] }, ['loss/val']);
  grid.close();
  const trial = createEventWriter(path.join(root, 'grid', 'lr=0.1'));
  trial.hparams({ lr: 0.1 }, ['loss/val'], false);
  trial.scalar('loss/val', 0.5, 0);
  trial.close();

  provider = new LogdirProvider(root, { minRefreshMs: 0 });
});

after(() => rmSync(root, { recursive: true, force: true }));

test('runs table: every directory, the verdict computed for runs without doctor.json', async () => {
  const r = await get<RunsResponse>('/api/runs');
  const status = Object.fromEntries(r.runs.map((x) => [x.name, x.doctor.status]));
  // the grid's root (only its hparams experiment record) is not a run; its trial is
  assert.deepEqual(Object.keys(status).sort(), [
    'grid/lr=0.1',
    'interop',
    'k/train',
    'k/validation',
    'ours',
    'pt',
  ]);
  assert.equal(status.pt, 'warning');
  assert.equal(status['k/train'], 'fatal');
  assert.equal(status['k/validation'], 'fatal');
  assert.equal(status.interop, 'unknown', 'too little to check is not "ok"');
});

test('findings: computed for foreign runs, in their own names; a Keras half is read as its whole run', async () => {
  const pt = await get<FindingsResponse>('/api/findings?run=pt');
  assert.equal(pt.source, 'computed');
  assert.deepEqual(
    pt.findings.map((f) => `${f.id} ${f.where.layer}`),
    ['frozen-layer fc2'],
  );
  assert.equal(pt.diagnosis?.cause, 'frozen_layer');
  assert.ok(pt.checked?.some((c) => c.id === 'frozen-layer' && c.reads.includes('fc2.weight')));
  const k = await get<FindingsResponse>('/api/findings?run=k/validation');
  assert.equal(k.readAs, 'k');
  assert.equal(k.diagnosis?.cause, 'bias_initialisation');
  assert.ok(
    k.findings.some((f) => f.id === 'outputs-collapsed' && f.reads?.includes('validation/epoch_auc')),
  );
  const ours = await get<FindingsResponse>('/api/findings?run=ours');
  assert.equal(ours.source, 'doctor.json');
  const onDisk = JSON.parse(readFileSync(path.join(root, 'ours', 'doctor.json'), 'utf8'));
  assert.deepEqual(
    ours.findings.map((f) => f.id),
    onDisk.findings.map((f: { id: string }) => f.id),
  );
  const interop = await get<FindingsResponse>('/api/findings?run=interop');
  assert.equal(interop.coverage?.sufficient, false);
});

test('NaN and ±Infinity travel as "NaN", "Infinity", "-Infinity" (not null) and revive as numbers', async () => {
  const r = await handle({ provider, staticDir: root }, 'GET', '/api/scalars?run=interop&tag=odd');
  const raw = r.body.toString();
  assert.match(raw, /\[1,[\d.]+,"NaN"\],\[2,[\d.]+,"Infinity"\],\[3,[\d.]+,"-Infinity"\]/);
  assert.ok(!raw.includes('null'));
  const values = JSON.parse(raw, reviveNonFinite).points.map((p: number[]) => p[2]);
  assert.deepEqual(values, [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2]);
});

test("TF1 histograms with TF's default limits: the empty zero-width buckets are dropped", async () => {
  const h = await get<HistogramsResponse>('/api/histograms?run=interop&tag=tf1/weights');
  const s = h.steps[0];
  assert.ok(s.left.length < 700, `${s.left.length} buckets sent`);
  for (let i = 0; i < s.left.length; i++) assert.ok(s.right[i] > s.left[i] || s.count[i] > 0, `bucket ${i}`);
  assert.equal(
    s.count.reduce((a, b) => a + b, 0),
    2000,
  );
});

test('a step that goes back restarts the tag: the abandoned attempt after it is dropped', async () => {
  const r = await get<{ points: number[][] }>('/api/scalars?run=interop&tag=restarted');
  assert.deepEqual(
    r.points.map((p) => [p[0], p[2]]),
    [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 105],
      [6, 106],
      [7, 107],
    ],
  );
});
