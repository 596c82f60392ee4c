import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readRun } from '../events/reader.js';
import { RUN_FILES } from '../run/files.js';
import { demoSpec } from './demo.js';
import { expandGrid } from './grid.js';
import { runExperiment, share } from './run.js';

const root = mkdtempSync(join(tmpdir(), 'ts-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('workers × threads never exceed the cores', () => {
  assert.deepEqual(share(undefined, 4, 2), { workers: 2, threads: 1 });
  assert.deepEqual(share(undefined, 1, 2), { workers: 1, threads: 2 });
  assert.deepEqual(share(3, 12, 8), { workers: 3, threads: 2 });
  assert.deepEqual(share(4, 0, 2), { workers: 1, threads: 2 });
});

test('the demo grid is the story 2 × 2: init × dropout', () => {
  const trials = expandGrid(demoSpec(), 'runs');
  assert.deepEqual(
    trials.map((t) => t.name),
    [
      'init=truncated_normal-1,dropout=0',
      'init=truncated_normal-1,dropout=0.5',
      'init=glorot_uniform,dropout=0',
      'init=glorot_uniform,dropout=0.5',
    ],
  );
  assert.equal(trials[0].config.lr, demoSpec().base.lr);
  assert.equal(expandGrid(demoSpec(3), 'runs').length, 12);
});

test('real trials through train(): ordinary runs with hparams records, read back into the table', async () => {
  const spec = {
    name: 'tiny',
    base: { data: 'seed-like:rows=300', hidden: [8], epochs: 2, probes: 'light' },
    axes: [{ field: 'dropout', values: [0, 0.5] }],
  };
  const r = await runExperiment(spec, { logdir: root, workers: 2, cores: 2 });
  assert.deepEqual(
    [...r.outcomes.values()].map((o) => o.status),
    ['done', 'done'],
  );
  for (const t of r.trials) {
    const dir = join(r.expDir, t.name);
    assert.ok(existsSync(join(dir, RUN_FILES.done)));
    assert.ok(readdirSync(dir).some((f) => f.startsWith('events.out.tfevents.')));
    const run = await readRun(dir);
    assert.equal(run.hparams?.dropout, t.assignment.dropout);
    const meta = JSON.parse(readFileSync(join(dir, RUN_FILES.meta), 'utf8'));
    assert.equal(meta.config.threads, 1, 'two workers on two cores: one engine thread each');
    const report = JSON.parse(readFileSync(join(dir, RUN_FILES.report), 'utf8'));
    const row = r.table.rows.find((x) => x.group === t.group)!;
    assert.equal(row.metrics.roc_auc_micro.mean, report.metrics.roc_auc_micro);
    assert.equal(row.predictedPositiveRate.mean, report.predicted_density);
  }
});
