import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as trainscope from './index.js';

test('the package exports what the CLI uses, as functions', () => {
  for (const name of [
    'train',
    'evaluate',
    'predict',
    'loadDataset',
    'computeReport',
    'rocAuc',
    'createEngine',
    'createEventWriter',
    'readRun',
    'readLogdir',
    'diagnose',
    'preflight',
    'explain',
    'runExperiment',
    'createBoardServer',
    'buildReport',
    'parseTrainConfig',
    'readRunMeta',
  ]) {
    assert.equal(typeof (trainscope as Record<string, unknown>)[name], 'function', name);
  }
});

test('through the package alone: train (with the doctor watching), read the run back, evaluate it', async () => {
  const logdir = mkdtempSync(join(tmpdir(), 'ts-package-'));
  try {
    const r = await trainscope.train({
      data: 'seed-like:rows=300',
      hidden: [16, 8],
      epochs: 2,
      threads: 1,
      init: 'truncated_normal:1',
      logdir,
      name: 'p',
    });
    assert.equal(r.stopped, 'completed');
    // `train` is the CLI's: the live doctor ran (findings, doctor.json) and every run file is there
    assert.ok(
      r.findings.some((f) => f.id === 'init-too-broad'),
      r.findings.map((f) => f.id).join(),
    );
    for (const f of Object.values(trainscope.RUN_FILES)) assert.ok(existsSync(join(r.runDir, f)), f);
    const meta = trainscope.readRunMeta(r.runDir);
    assert.equal(meta.config.epochs, 2);
    assert.deepEqual(meta.config.hidden, [16, 8]);
    const run = await trainscope.readRun(r.runDir);
    assert.equal(run.scalars.get(trainscope.TAGS.trainLoss)?.length, 2);
    const report = trainscope.diagnose(run, {
      spec: meta.spec,
      config: meta.config,
      labelNames: meta.labelNames,
    });
    assert.deepEqual(
      report.findings.map((f) => f.id).sort(),
      r.findings.map((f) => f.id).sort(),
      'the doctor on the files agrees with the live doctor',
    );
    const perfect = trainscope.computeReport({
      yTrue: Uint8Array.of(0, 1, 1, 0),
      probabilities: Float32Array.of(0.1, 0.9, 0.8, 0.3),
      nRows: 4,
      nLabels: 1,
      labelNames: ['a'],
      threshold: 0.5,
    });
    assert.equal(perfect.metrics.roc_auc_micro, 1);
  } finally {
    rmSync(logdir, { recursive: true, force: true });
  }
});
