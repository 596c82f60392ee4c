import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEventWriter } from '../events/writer.js';
import { createRng } from '../model/rng.js';
import { TAGS } from '../run/tags.js';

const BIN = fileURLToPath(new URL('../../../bin/trainscope.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-inspect-'));
const runDir = join(root, 'logs', 'story');
after(() => rmSync(root, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'inspect', ...args], { encoding: 'utf8' });

/** The story's frozen run in miniature: std-1 weights that barely move, loss stuck at log 2. */
before(() => {
  const w = createEventWriter(runDir);
  const rng = createRng(7);
  const layers = ['layer1', 'layer2', 'output'];
  const weights = layers.map(() => Float32Array.from({ length: 2000 }, () => rng.normal()));
  w.hparams({ init: 'truncnormal:1', dropout: 0.5 }, [TAGS.valLoss]);
  for (let step = 0; step <= 20; step += 10) {
    w.scalar(TAGS.trainLoss, 0.6875, step);
    w.scalar(TAGS.valMetric('roc_auc_micro'), 0.5, step);
    for (const [i, L] of layers.entries()) {
      if (step > 0) for (let j = 0; j < weights[i].length; j++) weights[i][j] *= 1.01;
      w.histogram(TAGS.param(L, 'weights'), weights[i], step);
      w.scalar(TAGS.changeSinceInit(L, 'weights'), step * 0.001, step);
      w.scalar(TAGS.updateRatio(L, 'weights'), 1e-4, step);
    }
  }
  w.text(TAGS.config, 'hidden: 256,128,64', 0);
  w.close();
});

test('inspect prints step range, final scalars and a first/last weight histogram per layer', () => {
  const r = cli(runDir);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /steps 0–20/);
  assert.match(out, /hparams init=truncnormal:1 dropout=0\.5/);
  assert.match(out, /loss\s+train 0\.6875/);
  assert.match(out, /metrics\s+val\/roc_auc_micro 0\.5/);
  for (const L of ['layer1', 'layer2', 'output']) {
    const at = out.indexOf(`  ${L}`, out.indexOf('weights, first'));
    assert.ok(at > 0, `${L} listed under weights`);
  }
  assert.match(out, /step +0 +\[-\d\.\d+, \d\.\d+\] +[ ▁▂▃▄▅▆▇█]*█[ ▁▂▃▄▅▆▇█]* +std \d(\.\d+)?\n/);
  assert.match(out, /step 20 /);
  assert.match(out, /change since init 2% \(barely moved\) · last update ratio 0\.01%/);
  assert.match(out, /text tags\n\s+config\s+text_summary/);
});

test('inspect --json gives the same summary as data', () => {
  const r = cli(runDir, '--json', '--width', '10');
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.deepEqual(s.steps, { first: 0, last: 20 });
  assert.deepEqual(
    s.layers.map((l: { name: string }) => l.name),
    ['layer1', 'layer2', 'output'],
  );
  const l1 = s.layers[0];
  assert.equal([...l1.first.sparkline].length, 10);
  assert.ok(Math.abs(l1.last.std / l1.first.std - 1.01 ** 2) < 1e-3, 'std grows 1% per probe');
  assert.equal(l1.changeSinceInit, Math.fround(0.02));
  assert.equal(s.finalScalars['loss/train'].value, Math.fround(0.6875));
  assert.deepEqual(s.tags.texts, { config: ['config/text_summary'] });
});

test('inspect: clear one-line messages for a missing dir, an empty dir and a logdir', () => {
  const missing = cli(join(root, 'nope'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^trainscope inspect: run directory .*nope does not exist\n$/);
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const e = cli(empty);
  assert.equal(e.status, 2);
  assert.match(e.stderr, /empty: no event files here or below/);
  // a log directory holding exactly one run is that run; with several, the user must choose
  assert.equal(cli(join(root, 'logs')).status, 0);
  const other = createEventWriter(join(root, 'logs', 'other'));
  other.scalar(TAGS.trainLoss, 0.5, 0);
  other.close();
  const logdir = cli(join(root, 'logs'));
  assert.equal(logdir.status, 2);
  assert.match(logdir.stderr, /is a log directory with 2 runs, not a run: name one of them \(other, story\)/);
  assert.equal(cli().status, 2);
  assert.match(cli('--help').stdout, /Usage: trainscope inspect RUN/);
});

test('inspect on a PyTorch-named log: layers in its own names with inferred fans, frozen layer, findings and verdict', () => {
  const dir = join(root, 'pt');
  const w = createEventWriter(dir);
  const rng = createRng(11);
  const shapes: [string, number, number][] = [
    ['fc1', 20, 16],
    ['fc2', 16, 8],
    ['head', 8, 3],
  ];
  const params = shapes.map(([, i, o]) => ({
    w: Float32Array.from({ length: i * o }, () => rng.normal() * Math.sqrt(2 / (i + o))),
    b: new Float32Array(o),
  }));
  for (let step = 0; step < 5; step++) {
    w.scalar('Loss/train', 0.69 - 0.05 * step, step);
    w.scalar('Loss/val', 0.7 - 0.04 * step, step);
    w.scalar('AUC/val', 0.6 + 0.05 * step, step);
    shapes.forEach(([name], k) => {
      if (step > 0 && name !== 'fc2') for (let j = 0; j < params[k].w.length; j++) params[k].w[j] *= 1.05;
      w.histogram(`${name}.weight`, params[k].w, step);
      w.histogram(`${name}.bias`, params[k].b, step);
    });
  }
  w.close();
  const r = cli(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /read as pytorch: 9 tag\(s\) understood, 0 ignored, 0 unknown/);
  assert.match(r.stdout, /layers: fc1 \(20→16\) → fc2 \(16→8\) → head \(8→3\)/);
  assert.match(r.stdout, /\n {2}fc2 16→8 +step 0 /);
  assert.match(r.stdout, /frozen: identical at every record/);
  assert.match(r.stdout, /moved ≥ \d+(\.\d+)?% \(lower bound from the histograms\)/);
  assert.match(r.stdout, /WARNING frozen-layer \(fc2\) since step 0/);
  assert.match(r.stdout, /Most likely cause: a layer left out of training \(frozen-layer in fc2/);
  const j = JSON.parse(cli(dir, '--json').stdout);
  assert.deepEqual(
    j.layers.map((l: { name: string; fanIn: number; frozen: boolean }) => `${l.name} ${l.fanIn} ${l.frozen}`),
    ['fc1 20 false', 'fc2 16 true', 'head 8 false'],
  );
  assert.equal(j.log.roles['AUC/val'], 'val-auc');
  assert.equal(j.doctor.diagnosis.cause, 'frozen_layer');
  assert.ok(j.doctor.checked.length >= 4);
});

test("inspect shows PyTorch add_scalars sub-runs as the parent run's scalars (Loss/train, not a Loss_train group)", () => {
  const dir = join(root, 'pt-add-scalars');
  const w = createEventWriter(dir);
  const rng = createRng(5);
  const weights = Float32Array.from({ length: 20 * 4 }, () => rng.normal() * 0.3);
  const subs = ['train', 'val'].map((key) => createEventWriter(join(dir, `Loss_${key}`)));
  for (let step = 0; step < 4; step++) {
    // add_scalars('Loss', {'train': …, 'val': …}): one sub-run per key, each holding the tag 'Loss'
    subs[0].scalar('Loss', 0.6 - 0.05 * step, step);
    subs[1].scalar('Loss', 0.62 - 0.04 * step, step);
    w.scalar('AUC/val', 0.7 + 0.02 * step, step);
    w.histogram('fc1.weight', weights, step);
  }
  for (const x of [w, ...subs]) x.close();
  const r = cli(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\n {2}Loss +train 0\.45\d* +val 0\.5\d*\n/);
  assert.doesNotMatch(r.stdout, /Loss_train/);
  const j = JSON.parse(cli(dir, '--json').stdout);
  assert.deepEqual(Object.keys(j.finalScalars), ['AUC/val', 'Loss/train', 'Loss/val']);
  assert.deepEqual(j.tags.scalars.Loss, ['Loss/train', 'Loss/val']);
});
