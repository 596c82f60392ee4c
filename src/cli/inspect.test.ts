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
  const logdir = cli(join(root, 'logs'));
  assert.equal(logdir.status, 2);
  assert.match(
    logdir.stderr,
    /is a log directory with 1 run\(s\), not a run: inspect one of them \(.*story\)/,
  );
  assert.equal(cli().status, 2);
  assert.match(cli('--help').stdout, /Usage: trainscope inspect RUN/);
});
