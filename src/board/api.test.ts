import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TAGS } from '../run/tags.js';
import {
  differingKeys,
  distributionsImpl,
  histogramsImpl,
  runDetailImpl,
  runsImpl,
  scalarsImpl,
} from './api.js';
import { MemoryProvider } from './memory-provider.js';
import { syntheticRun } from './synthetic.js';

const provider = new MemoryProvider([
  syntheticRun({ name: 'glorot', epochs: 1200 }),
  syntheticRun({ name: 'std1-dropout', epochs: 1200, collapse: true }),
]);

test('runs: config differences, final metrics, doctor status', async () => {
  const r = await runsImpl(provider);
  assert.deepEqual(
    r.runs.map((x) => x.name),
    ['glorot', 'std1-dropout'],
  );
  assert.deepEqual(r.differing, ['dropout', 'init']);
  const bad = r.runs[1];
  assert.equal(bad.doctor.status, 'fatal');
  assert.equal(bad.doctor.counts.warning, 1);
  assert.equal(bad.final.roc_auc_micro, 0.5);
  assert.equal(r.runs[0].doctor.status, 'ok');
  assert.equal(bad.lastStep, 1200);
});

test('differingKeys treats a missing key as a difference', () => {
  assert.deepEqual(differingKeys([{ a: 1, b: 2 }, { a: 1 }]), ['b']);
  assert.deepEqual(differingKeys([{ a: 1 }]), []);
});

test('scalars and histograms are downsampled with the last point kept', async () => {
  const s = await scalarsImpl(provider, 'glorot', TAGS.trainLoss, 1000);
  assert.equal(s.points.length, 1000);
  assert.equal(s.total, 1200);
  assert.equal(s.points.at(-1)![0], 1200);
  const h = await histogramsImpl(provider, 'glorot', TAGS.param('layer1', 'weights'), 500);
  assert.equal(h.steps.length, 500);
  assert.equal(h.steps.at(-1)!.step, 1200);
  const first = h.steps[0];
  assert.equal(first.left.length, first.count.length);
  assert.ok(first.std > 0.2 && first.std < 0.4, `std ${first.std}`);
  // JSON per histogram step stays small (rounded numbers, 30 buckets)
  assert.ok(JSON.stringify(first).length < 1500, `${JSON.stringify(first).length} bytes`);
});

test('distributions: nine ordered values per step', async () => {
  const d = await distributionsImpl(provider, 'std1-dropout', TAGS.param('layer1', 'weights'), 50);
  assert.equal(d.points.length, 50);
  const row = d.points[0];
  assert.equal(row.length, 10);
  for (let i = 2; i < row.length; i++) assert.ok(row[i] >= row[i - 1]);
  assert.ok(Math.abs(row[5]) < 0.1, 'median near 0');
  assert.ok(row[7] - row[3] > 1.5 && row[7] - row[3] < 2.5, '±1σ band of a std-1 layer');
});

test('run detail: per-label rows from the report', async () => {
  const d = await runDetailImpl(provider, 'std1-dropout');
  assert.equal(d.labelsSource, 'report');
  assert.equal(d.labels.length, 6);
  assert.equal(d.labels[0].label, 'Beach');
  assert.equal(d.labels[0].positiveRate, 1);
  assert.equal(d.labels[0].auc, 0.5);
});
