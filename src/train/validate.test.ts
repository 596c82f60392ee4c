import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { MetricsReport } from '../metrics/report.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import { train } from './train.js';
import { VAL_REPORTS_DIR } from './validate.js';

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
