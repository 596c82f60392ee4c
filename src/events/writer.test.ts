import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { binValues } from './bins.js';
import { readEventFile, readRun } from './reader.js';
import { createEventWriter } from './writer.js';

const root = mkdtempSync(join(tmpdir(), 'ts-events-writer-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `run${n++}`);

test('scalars, histograms, text and hparams read back exactly', async () => {
  const dir = freshDir();
  const w = createEventWriter(dir, { hostname: 'testhost' });
  const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 2);
  const scalars = [0.1, -3.25, 1e-30, 12345.678, 0];
  for (const [i, v] of scalars.entries()) w.scalar('loss/train', v, i, 1000 + i);
  w.histogram('layer1/weights', values, 0, 2000);
  w.histogram('layer1/weights', new Float64Array([1, 1, 1]), 1, 2001); // singular range
  w.text('config/text_summary', '# run\n| a | b |\n|---|---|\n| ünï | 1 |', 0);
  w.hparams({ lr: 1e-4, init: 'truncnormal:1', dropout: true }, ['loss/val', 'metrics/val/roc_auc_micro']);
  w.hparamsEnd('success');
  w.close();

  const run = await readRun(dir);
  assert.deepEqual(run.warnings, []);
  const loss = run.scalars.get('loss/train')!;
  assert.deepEqual(
    loss.map((p) => p.value),
    scalars.map((v) => Math.fround(v)),
  );
  assert.deepEqual(
    loss.map((p) => [p.step, p.wallTime]),
    scalars.map((_, i) => [i, 1000 + i]),
  );

  const hs = run.histograms.get('layer1/weights')!;
  assert.equal(hs.length, 2);
  const expected = binValues(values);
  const got = hs[0].histogram;
  assert.equal(got.min, expected.min);
  assert.equal(got.max, expected.max);
  assert.equal(got.num, 1000);
  assert.equal(got.sum, expected.sum);
  assert.equal(got.sumSquares, expected.sumSquares);
  assert.deepEqual(got.bucketLimits, expected.bucketLimits);
  assert.deepEqual(got.counts, expected.counts);
  assert.equal(got.counts.length, 30);
  assert.equal(hs[0].wallTime, 2000);
  assert.equal(hs[1].histogram.counts[0], 3);
  assert.equal(hs[1].histogram.min, 1);

  assert.equal(run.texts.get('config/text_summary')![0].text, '# run\n| a | b |\n|---|---|\n| ünï | 1 |');
  assert.deepEqual(run.hparams, { lr: 1e-4, init: 'truncnormal:1', dropout: true });
  assert.equal(run.hparamsStatus, 'success');
  // hparams records are metadata, not scalars or texts
  assert.deepEqual([...run.scalars.keys()], ['loss/train']);
});

test('the file is named events.out.tfevents.<secs>.<host> and starts with brain.Event:2', () => {
  const dir = freshDir();
  const w = createEventWriter(dir, { hostname: 'box', now: () => 1700000000.5 });
  w.close();
  assert.deepEqual(readdirSync(dir), ['events.out.tfevents.1700000000.box']);
  const bytes = readFileSync(w.path);
  assert.ok(bytes.includes(Buffer.from('brain.Event:2')));
  const r = readEventFile(w.path);
  assert.deepEqual(r.events, []);
  assert.equal(r.nextOffset, bytes.length);
});

test('two writers in the same second never share a file', async () => {
  const dir = freshDir();
  const a = createEventWriter(dir, { hostname: 'h', now: () => 42 });
  const b = createEventWriter(dir, { hostname: 'h', now: () => 42 });
  assert.notEqual(a.path, b.path);
  a.scalar('x', 1, 0);
  b.scalar('x', 2, 1);
  a.close();
  b.close();
  assert.deepEqual(readdirSync(dir).sort(), ['events.out.tfevents.42.h', 'events.out.tfevents.42.h.1']);
  const run = await readRun(dir);
  assert.deepEqual(
    run.scalars.get('x')!.map((p) => p.value),
    [1, 2],
  );
});

test('NaN and Inf are counted, never binned, and read back with the histogram', async () => {
  const dir = freshDir();
  const w = createEventWriter(dir);
  w.histogram('layer2/weights', new Float32Array([1, 2, 3, 4]), 0);
  w.histogram(
    'layer2/weights',
    new Float32Array([1, Number.NaN, 3, Number.POSITIVE_INFINITY, -Infinity, 2]),
    1,
  );
  w.histogram('layer2/weights', new Float32Array([1, 2]), 2);
  w.histogram('layer2/weights', new Float32Array([Number.NaN, Number.NaN]), 3);
  w.scalar('loss/train', Number.NaN, 3);
  w.close();
  const run = await readRun(dir);
  const hs = run.histograms.get('layer2/weights')!.map((p) => p.histogram);
  assert.equal(hs[0].nanCount, undefined, 'no counts before any non-finite value');
  assert.deepEqual([hs[1].num, hs[1].nanCount, hs[1].infCount, hs[1].min, hs[1].max], [3, 1, 2, 1, 3]);
  assert.equal(
    hs[1].counts.reduce((a, b) => a + b, 0),
    3,
  );
  assert.deepEqual([hs[2].nanCount, hs[2].infCount], [0, 0], 'counts keep being written once seen');
  assert.deepEqual([hs[3].num, hs[3].nanCount, hs[3].counts.length], [0, 2, 0]);
  assert.deepEqual(
    run.scalars.get('layer2/weights/nan_count')!.map((p) => [p.step, p.value]),
    [
      [1, 1],
      [2, 0],
      [3, 2],
    ],
  );
  assert.ok(Number.isNaN(run.scalars.get('loss/train')![0].value));
});

test('records stay in memory until flush, then all of them are on disk', () => {
  const dir = freshDir();
  const w = createEventWriter(dir);
  const before = readFileSync(w.path).length;
  w.scalar('a', 1, 0);
  w.scalar('a', 2, 1);
  assert.equal(readFileSync(w.path).length, before);
  w.flush();
  assert.equal(readEventFile(w.path).events.length, 2);
  w.close();
  assert.throws(() => w.scalar('a', 3, 2), /closed/);
  assert.throws(() => createEventWriter(dir).scalar('a', 1, 0.5), /step must be an integer/);
});

test('a ready Histogram is written as given', async () => {
  const dir = freshDir();
  const w = createEventWriter(dir);
  const h = {
    min: -1,
    max: 1,
    num: 3,
    sum: 0.5,
    sumSquares: 1.25,
    bucketLimits: new Float64Array([0, 1]),
    counts: new Float64Array([1, 2]),
  };
  w.histogram('output/logits/train_mode', h, 7);
  w.close();
  const got = (await readRun(dir)).histograms.get('output/logits/train_mode')![0];
  assert.equal(got.step, 7);
  assert.deepEqual({ ...got.histogram }, h);
});
