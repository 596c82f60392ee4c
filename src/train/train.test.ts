import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRun } from '../events/reader.js';
import type { MetricsReport } from '../metrics/report.js';
import { RUN_FILES } from '../run/files.js';
import { TAGS } from '../run/tags.js';
import { evaluate, predict, predictionsCsv } from './saved-model.js';
import { train } from './train.js';

// The standard split shipped in datasets/ (a path given by name: nothing outside the repository).
const EMOTIONS_TRAIN = 'emotions-train';
const EMOTIONS_TEST = 'emotions-test';
const tmp = () => mkdtempSync(join(tmpdir(), 'ts-train-'));
const small = { data: 'seed-like:rows=400,features=20', hidden: [8], epochs: 2, threads: 1, lr: 1e-2 };

test('a short run writes every run file, records probes, and the saved model reproduces the report', async () => {
  const logdir = tmp();
  const r = await train({
    data: EMOTIONS_TRAIN,
    test: EMOTIONS_TEST,
    hidden: [16, 8],
    epochs: 3,
    lr: 1e-2,
    logdir,
    name: 'e',
    threads: 1,
  });
  // doctor.json is the live doctor's, a callback the CLI plugs in (doctor/live-callback.test.ts)
  for (const f of Object.values(RUN_FILES))
    if (f !== RUN_FILES.doctor) assert.ok(existsSync(join(r.runDir, f)), `${f} missing`);
  assert.equal(r.stopped, 'completed');
  assert.equal(r.epochsRun, 3);
  // probes at step 0 and after every epoch, in memory and in the event file alike
  const onDisk = await readRun(r.runDir);
  for (const run of [r.history, onDisk]) {
    assert.equal(run.histograms.get(TAGS.param('layer1', 'weights'))?.length, 4);
    assert.equal(run.scalars.get(TAGS.deadFraction('layer2', 'inference_mode'))?.length, 4);
    assert.equal(run.scalars.get(TAGS.valMetric('roc_auc_micro'))?.length, 3);
    assert.ok(run.histograms.has(TAGS.gradient('output', 'weights')));
  }
  assert.deepEqual(
    onDisk.scalars.get(TAGS.trainLoss)?.map((p) => p.value),
    r.history.scalars.get(TAGS.trainLoss)?.map((p) => p.value),
  );
  // model.onnx on a fresh ONNX Runtime session gives the same report as training's own test pass
  const report = r.report as unknown as MetricsReport;
  const again = await evaluate(r.runDir, EMOTIONS_TEST);
  for (const k of [
    'roc_auc_micro',
    'roc_auc_macro',
    'precision_weighted',
    'recall_macro',
    'hamming_loss',
  ] as const) {
    assert.ok(Math.abs((again.metrics[k] as number) - (report.metrics[k] as number)) < 1e-6, k);
  }
  const p = await predict(r.runDir, EMOTIONS_TEST);
  assert.equal(p.rows, 202);
  assert.equal(p.labelNames.length, 6);
  const meta = JSON.parse(readFileSync(join(r.runDir, RUN_FILES.meta), 'utf8'));
  assert.equal(meta.scaler.shift.length, 72);
  assert.equal(meta.scaler.scale.length, 72);
  assert.equal(meta.data.rows.test, 202);
});

test('the same seed gives the same run; runs never overwrite each other', async () => {
  const logdir = tmp();
  const a = await train({ ...small, logdir, name: 'a', seed: 3, dropout: 0.5 });
  const b = await train({ ...small, logdir, name: 'b', seed: 3, dropout: 0.5 });
  assert.deepEqual(
    a.history.scalars.get(TAGS.trainLoss)?.map((p) => p.value),
    b.history.scalars.get(TAGS.trainLoss)?.map((p) => p.value),
  );
  const before = readFileSync(join(a.runDir, RUN_FILES.model));
  await assert.rejects(train({ ...small, logdir, name: 'a' }), /already exists/);
  assert.deepEqual(readFileSync(join(a.runDir, RUN_FILES.model)), before);
});

test('an interrupted run keeps its checkpoint and --resume finishes it', async () => {
  const logdir = tmp();
  const abort = new AbortController();
  const r1 = await train(
    { ...small, epochs: 4, logdir, name: 'r' },
    { signal: abort.signal, onEpoch: (e) => e.epoch === 2 && abort.abort() },
  );
  assert.equal(r1.stopped, 'interrupted');
  assert.ok(!existsSync(join(r1.runDir, RUN_FILES.done)));
  const ck = JSON.parse(readFileSync(join(r1.runDir, RUN_FILES.checkpointMeta), 'utf8'));
  assert.equal(ck.epoch, 2);
  const r2 = await train({ ...small, epochs: 4, logdir, name: 'r', resume: true });
  assert.equal(r2.stopped, 'completed');
  assert.equal(r2.epochsRun, 4);
  // the history continues the one on disk: four epochs of training loss, in order
  const steps = r2.history.scalars.get(TAGS.trainLoss)?.map((p) => p.step);
  assert.deepEqual(
    steps,
    [1, 2, 3, 4].map((e) => e * Math.ceil(280 / 128)),
  );
});

test('a diverging run stops with the reason instead of training on NaN', async () => {
  const r = await train({
    ...small,
    epochs: 5,
    optimizer: 'sgd',
    lr: 1,
    init: 'normal:1e19',
    logdir: tmp(),
    name: 'nan',
    doctor: false,
  });
  assert.equal(r.stopped, 'doctor');
  assert.match(r.stopReason ?? '', /NaN|Inf/);
  assert.ok(r.epochsRun < 5);
});

test('predict reads a features-only CSV by the training column names', async () => {
  const logdir = tmp();
  const r = await train({ ...small, logdir, name: 'p' });
  const meta = JSON.parse(readFileSync(join(r.runDir, RUN_FILES.meta), 'utf8'));
  const names: string[] = meta.featureNames;
  const csv = join(logdir, 'new.csv');
  const rows = [
    names.join(','),
    names.map(() => '0.5').join(','),
    names.map((_, i) => String(i / 10)).join(','),
  ];
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const p = await predict(r.runDir, csv);
  assert.equal(p.rows, 2);
  assert.equal(p.probabilities.length, 2 * meta.labelNames.length);
  assert.ok(p.probabilities.every((v) => v > 0 && v < 1));
  const text = predictionsCsv(p);
  assert.equal(text.trim().split('\n').length, 3);
  assert.match(text.split('\n')[0], /^p_/);
});

test('early stopping and probes every N steps', async () => {
  const logdir = tmp();
  // a tiny model that overfits quickly: validation loss stops improving
  const es = await train({
    ...small,
    epochs: 60,
    lr: 0.05,
    hidden: [64],
    earlyStop: 2,
    logdir,
    name: 'es',
    doctor: false,
  });
  assert.equal(es.stopped, 'early-stop');
  assert.ok(es.epochsRun < 60);
  const pe = await train({ ...small, epochs: 1, probeEvery: 1, logdir, name: 'pe', doctor: false });
  const stepsPerEpoch = Math.ceil(280 / 128);
  assert.equal(pe.history.scalars.get(TAGS.paramStat('layer1', 'weights', 'std'))?.length, stepsPerEpoch + 1);
  const none = await train({ ...small, epochs: 1, probes: 'none', logdir, name: 'none', doctor: false });
  assert.equal(none.history.histograms.size, 0);
  assert.ok(none.history.scalars.has(TAGS.trainLoss));
});

test('a data set named without a path trains on its standard split', async () => {
  const r = await train({
    data: 'emotions',
    hidden: [8],
    epochs: 1,
    threads: 1,
    logdir: tmp(),
    name: 'named',
  });
  assert.match(r.config.test ?? '', /datasets\/emotions\/emotions-test\.arff\.gz$/); // the shipped split
  const meta = JSON.parse(readFileSync(join(r.runDir, RUN_FILES.meta), 'utf8'));
  assert.equal(meta.data.rows.test, 202);
});

test('--impute mean fills missing features with the training rows means, also at prediction', async () => {
  const dir = tmp();
  const header = 'a,b,c,L1,L2';
  const rows: string[] = [];
  for (let i = 0; i < 200; i++) {
    const a = i % 7 === 0 ? '?' : String(i % 10);
    rows.push(`${a},${(i * 3) % 11},${i % 2},${i % 2},${i % 3 === 0 ? 1 : 0}`);
  }
  writeFileSync(join(dir, 'train.csv'), `${header}\n${rows.join('\n')}\n`);
  // the test file's own mean of 'a' would be 100, far from the training rows'
  writeFileSync(join(dir, 'test.csv'), `${header}\n?,1,0,1,0\n100,2,1,0,1\n100,3,0,1,1\n`);
  const base = {
    data: join(dir, 'train.csv'),
    test: join(dir, 'test.csv'),
    labels: 'last:2',
    hidden: [4],
    epochs: 1,
    threads: 1,
    logdir: dir,
  };
  await assert.rejects(train({ ...base, name: 'strict' }), /train\.csv:2: .*missing value/);
  const r = await train({ ...base, impute: 'mean', name: 'imputed', valFraction: 0 });
  const meta = JSON.parse(readFileSync(join(r.runDir, RUN_FILES.meta), 'utf8'));
  const present = rows
    .map((l) => l.split(',')[0])
    .filter((v) => v !== '?')
    .map(Number);
  const mean = present.reduce((s, v) => s + v, 0) / present.length;
  assert.ok(Math.abs(meta.imputeMeans[0] - mean) < 1e-9, `${meta.imputeMeans[0]} vs ${mean}`);
  const p = await predict(r.runDir, join(dir, 'test.csv'));
  assert.equal(p.rows, 3);
  assert.ok(p.probabilities.every((v) => Number.isFinite(v)));
});
