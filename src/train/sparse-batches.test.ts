import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gatherRows } from '../data/gather.js';
import { generateSynthetic, parseSyntheticSpec } from '../data/synthetic.js';
import { TAGS } from '../run/tags.js';
import { sparseBatches } from './sparse-batches.js';
import { train } from './train.js';

const TEXT = 'text-like:rows=800,features=1000,labels=20,density=0.1,length=20';

test('sparse batches are the dense batches: S + offset equals the gathered, scaled rows', () => {
  const raw = generateSynthetic(parseSyntheticSpec(TEXT));
  // A transform that centres every third feature and scales all of them, like a fitted scaler.
  const shift = Float64Array.from({ length: raw.nFeatures }, (_, j) => (j % 3 === 0 ? 0.2 + j / 1e4 : 0));
  const inverse = Float64Array.from({ length: raw.nFeatures }, (_, j) => 1 + (j % 7) / 10);
  const ds = { ...raw, transform: { shift, inverse } };
  const gather = sparseBatches(ds);
  assert.ok(gather, 'a 2%-dense CSR set gets sparse batches');
  const idx = Uint32Array.of(5, 0, 799, 42, 42);
  const rows = gather(idx);
  const dense = new Float32Array(idx.length * ds.nFeatures);
  gatherRows(ds, idx, dense);
  const rebuilt = new Float32Array(dense.length);
  for (let r = 0; r < idx.length; r++) {
    rebuilt.set(rows.offset!, r * ds.nFeatures);
    for (let k = rows.rowStart[r]; k < rows.rowStart[r + 1]; k++)
      rebuilt[r * ds.nFeatures + rows.cols[k]] += rows.values[k];
  }
  for (let i = 0; i < dense.length; i++) assert.ok(Math.abs(rebuilt[i] - dense[i]) < 1e-6, `value ${i}`);
  assert.equal(sparseBatches({ ...raw, transform: null })!(idx).offset, null, 'no shift: no offset');
  const denseSet = generateSynthetic(parseSyntheticSpec('seed-like:rows=50'));
  assert.equal(sparseBatches(denseSet), null, 'a dense store trains densely');
  const crowded = generateSynthetic(parseSyntheticSpec('text-like:rows=50,features=30,labels=5'));
  assert.equal(sparseBatches(crowded), null, 'too many non-zeros: the dense product is faster');
});

test('training on sparse text-like data takes the sparse path and learns', async () => {
  const r = await train({
    data: TEXT,
    hidden: [32],
    epochs: 4,
    lr: 3e-3,
    threads: 1,
    probes: 'none',
    doctor: false,
    logdir: mkdtempSync(join(tmpdir(), 'ts-sparse-')),
    name: 's',
  });
  const loss = r.history.scalars.get(TAGS.trainLoss)?.map((p) => p.value) ?? [];
  assert.equal(loss.length, 4);
  assert.ok(loss[3] < loss[0], `training loss falls: ${loss}`);
  const auc = r.history.scalars.get(TAGS.valMetric('roc_auc_micro'))?.at(-1)?.value ?? 0;
  assert.ok(auc > 0.7, `validation ROC AUC micro ${auc}`);
});
