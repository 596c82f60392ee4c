import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSynthetic, parseSyntheticSpec } from './synthetic.js';

const tiny = 'text-like:rows=3000,features=300,labels=60,length=20,density=0.05';

test('text-like: sparse CSR counts, rare-label (Zipf) prevalence, the asked density, seeded', () => {
  const ds = generateSynthetic(parseSyntheticSpec(tiny));
  assert.equal(ds.store.kind, 'csr');
  if (ds.store.kind !== 'csr') return;
  const { rowStart, cols, values } = ds.store;
  assert.equal(rowStart.length, ds.nRows + 1);
  for (let r = 0; r < ds.nRows; r++) {
    assert.ok(rowStart[r + 1] > rowStart[r], `row ${r} has words`);
    for (let k = rowStart[r] + 1; k < rowStart[r + 1]; k++)
      assert.ok(cols[k] > cols[k - 1], 'columns ascending');
  }
  assert.ok(
    values.every((v) => Number.isInteger(v) && v >= 1),
    'values are counts',
  );
  const density = cols.length / (ds.nRows * ds.nFeatures);
  assert.ok(density > 0.03 && density < 0.08, `feature density ${density}`);
  const prev = new Float64Array(ds.nLabels);
  for (let i = 0; i < ds.y.length; i++) prev[i % ds.nLabels] += ds.y[i];
  const perRow = prev.reduce((a, b) => a + b) / ds.nRows;
  assert.ok(Math.abs(perRow - 0.05 * 60) < 0.15, `labels per row ${perRow} (density 0.05 of 60 labels)`);
  const sorted = [...prev].sort((a, b) => b - a);
  // Zipf: the most common label is on far more rows than the median one.
  assert.ok(sorted[0] > 10 * sorted[30], `top ${sorted[0]} vs median ${sorted[30]}`);
  const again = generateSynthetic(parseSyntheticSpec(tiny));
  assert.deepEqual(again.y, ds.y);
  assert.deepEqual(again.store, ds.store);
  const other = generateSynthetic(parseSyntheticSpec(`${tiny},seed=2`));
  assert.notDeepEqual(other.y, ds.y);
});

test('text-like: the labels are learnable from the words (a topic word predicts its label)', () => {
  const ds = generateSynthetic(parseSyntheticSpec(tiny));
  if (ds.store.kind !== 'csr') return;
  const { rowStart, cols } = ds.store;
  // For the 10th most common label: among rows holding its best word, its share is far above its prevalence.
  const L = ds.nLabels;
  const counts = new Float64Array(L);
  for (let i = 0; i < ds.y.length; i++) counts[i % L] += ds.y[i];
  const label = counts.indexOf([...counts].sort((a, b) => b - a)[9]);
  const withWord = new Float64Array(ds.nFeatures);
  const withBoth = new Float64Array(ds.nFeatures);
  for (let r = 0; r < ds.nRows; r++)
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) {
      withWord[cols[k]]++;
      withBoth[cols[k]] += ds.y[r * L + label];
    }
  let best = 0;
  for (let j = 0; j < ds.nFeatures; j++)
    if (withWord[j] >= 30) best = Math.max(best, withBoth[j] / withWord[j]);
  assert.ok(
    best > 2 * (counts[label] / ds.nRows),
    `best word precision ${best} vs prevalence ${counts[label] / ds.nRows}`,
  );
});
