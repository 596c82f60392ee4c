import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { denseDataset, subset } from '../data/dataset.js';
import { denseFeatures } from '../data/gather.js';
import { applyScaler, fitScaler } from '../data/scaler.js';
import { generateSynthetic, parseSyntheticSpec } from '../data/synthetic.js';
import { createEngine } from '../engine/engine.js';
import { tinySpec } from '../engine/testing.js';
import type { MetricsReport } from '../metrics/report.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import { sparseBatches } from './sparse-batches.js';
import { train } from './train.js';
import { VAL_REPORTS_DIR, validate } from './validate.js';

test('every epoch logs the eight metrics and the loss; --report-every writes the full report, equal on those', async () => {
  const logdir = mkdtempSync(join(tmpdir(), 'ts-validate-'));
  const r = await train({
    data: 'seed-like:rows=600,features=20',
    hidden: [8],
    epochs: 3,
    threads: 1,
    lr: 1e-2,
    reportEvery: 2,
    probes: 'none',
    doctor: false,
    logdir,
    name: 'v',
  });
  const dir = join(r.runDir, VAL_REPORTS_DIR);
  assert.ok(!existsSync(join(dir, 'epoch-1.json')) && !existsSync(join(dir, 'epoch-3.json')));
  const full = JSON.parse(readFileSync(join(dir, 'epoch-2.json'), 'utf8')) as MetricsReport & {
    loss: number;
  };
  const at = (tag: string) => r.history.scalars.get(tag)?.map((p) => p.value) ?? [];
  assert.equal(at(TAGS.valLoss).length, 3);
  assert.ok(Math.abs(full.loss - at(TAGS.valLoss)[1]) < 1e-6, 'the report carries the epoch loss');
  for (const m of STORY_METRICS) {
    const logged = at(TAGS.valMetric(m));
    assert.equal(logged.length, 3, m);
    // Event files store float32: compare at that precision.
    assert.ok(
      Math.abs(logged[1] - (full.metrics[m] as number)) < 1e-6,
      `${m}: ${logged[1]} vs ${full.metrics[m]}`,
    );
  }
  assert.ok(full.metrics.label_ranking_average_precision !== null, 'the full report has every metric');
  assert.equal(full.labels.length, 6);
});

test('a mostly-zero set validates through the sparse first layer giving the dense pass loss, logits and metrics', async () => {
  const raw = generateSynthetic(parseSyntheticSpec('text-like:rows=1500,features=300,labels=40,length=10'));
  const scaler = fitScaler(raw);
  // one centred feature: the sparse pass must carry its offset
  scaler.shift[3] = 0.2;
  scaler.uncentred = scaler.uncentred.filter((j) => j !== 3);
  const rows = Uint32Array.from({ length: 1300 }, (_, i) => (i * 7) % 1500); // an index view, > 1 chunk
  const sparseSet = subset(applyScaler(scaler, raw), rows);
  const denseSet = denseDataset(denseFeatures(sparseSet), sparseSet.y, { ...sparseSet });
  assert.ok(sparseBatches(sparseSet) !== null, 'the set is sparse enough for the sparse first layer');
  assert.equal(sparseBatches(denseSet), null);
  const engine = await createEngine(tinySpec({ inputs: 300, hidden: [16, 8], outputs: 40 }), {
    seed: 3,
    threads: 1,
  });
  const d = await validate(engine, denseSet, 0.5);
  const denseLogits = d.logits.slice();
  const s = await validate(engine, sparseSet, 0.5);
  assert.ok(Math.abs(s.loss - d.loss) < 1e-6 * d.loss, `loss ${s.loss} vs ${d.loss}`);
  let worst = 0;
  for (let i = 0; i < denseLogits.length; i++)
    worst = Math.max(worst, Math.abs(s.logits[i] - denseLogits[i]));
  assert.ok(worst < 1e-5, `logits differ by ${worst}`);
  for (const m of STORY_METRICS)
    assert.ok(Math.abs((s.metrics[m] as number) - (d.metrics[m] as number)) < 1e-3, m);
  // The buffers are reused: a second pass gives the same values, in the same logits buffer.
  const again = await validate(engine, sparseSet, 0.5);
  assert.equal(again.logits, s.logits);
  assert.deepEqual(again.metrics, s.metrics);
  await engine.dispose();
});
