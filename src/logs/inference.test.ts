import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binValues } from '../events/bins.js';
import { createRunData } from '../events/run-data.js';
import type { RunData } from '../events/types.js';
import { createRng } from '../model/rng.js';
import { inferLayers } from './layers.js';
import { groupRuns } from './layout.js';
import { looksInitial, movedAtLeast, normChange, sameHistogram } from './movement.js';
import { parseRoleMap } from './roles.js';
import { understand } from './understand.js';

test('layouts: Keras train/+validation/ is one run, an add_hparams sub-run joins its parent, runs named test stay runs', () => {
  const runs = groupRuns([
    'keras/A/train',
    'keras/A/validation',
    'pt/A',
    'pt/A/1796331960.3211923',
    'est/model',
    'est/model/eval',
    'exp/baseline',
    'exp/test',
    'solo/train',
  ]);
  const by = Object.fromEntries(
    runs.map((r) => [r.name, r.parts.map((p) => `${p.dir}:${p.split ?? p.kind}`)]),
  );
  assert.deepEqual(by, {
    'keras/A': ['keras/A/train:train', 'keras/A/validation:val'],
    'pt/A': ['pt/A:main', 'pt/A/1796331960.3211923:hparams'],
    'est/model': ['est/model:main', 'est/model/eval:val'],
    'exp/baseline': ['exp/baseline:main'],
    'exp/test': ['exp/test:main'],
    solo: ['solo/train:train'],
  });
  assert.deepEqual(
    groupRuns(['train', 'validation']).map((r) => r.name),
    ['.'],
  );
});

test('fans from counts: weights = fan_in × fan_out, bias = fan_out; norm layers apart; bias-less layers chained', () => {
  const { layers, notes } = inferLayers([
    { name: 'conv', weights: 3 * 3 * 3 * 16, bias: 16 },
    { name: 'bn', weights: 16, bias: 16 },
    { name: 'fc1', weights: 16 * 32 },
    { name: 'fc2', weights: 32 * 10, bias: 10 },
  ]);
  const f = Object.fromEntries(
    layers.map((l) => [l.name, `${l.kind} ${l.fanIn}→${l.fanOut} ${l.fansFrom ?? ''}`]),
  );
  assert.deepEqual(f, {
    conv: 'dense 27→16 bias',
    bn: 'norm undefined→undefined ',
    fc1: 'dense 16→32 chain',
    fc2: 'dense 32→10 bias',
  });
  assert.ok(notes.some((n) => /normalisation layers.*bn/.test(n)));
});

test('order: the log order, output-like names last, and the fan chain when it disagrees with the log', () => {
  const named = inferLayers([
    { name: 'out', weights: 64 * 6, bias: 6 },
    { name: 'hidden1', weights: 100 * 64, bias: 64 },
  ]);
  assert.deepEqual(
    named.layers.map((l) => l.name),
    ['hidden1', 'out'],
  );
  const shuffled = inferLayers([
    { name: 'b', weights: 64 * 32, bias: 32 },
    { name: 'a', weights: 100 * 64, bias: 64 },
    { name: 'c', weights: 32 * 6, bias: 6 },
  ]);
  assert.deepEqual(
    shuffled.layers.map((l) => l.name),
    ['a', 'b', 'c'],
  );
  assert.match(shuffled.notes.join(), /order taken from the shapes/);
  // no biases at all, but activations of a common batch: units = count / batch
  const acts = inferLayers([
    { name: 'l1', weights: 20 * 8, bias: 8, activations: 64 * 8 },
    { name: 'l2', weights: 8 * 5, activations: 64 * 5 },
    { name: 'l3', weights: 5 * 3 },
  ]);
  assert.deepEqual(
    acts.layers.map((l) => `${l.fanIn}→${l.fanOut}`),
    ['20→8', '8→5', '5→3'],
  );
  const open = inferLayers([{ name: 'w', weights: 600 }]);
  assert.equal(open.layers[0].fanIn, undefined);
  assert.match(open.notes.join(), /not determined/);
});

test('movement from histograms: identical up to float noise; lower bounds of the change; fresh draws vs moved ones', () => {
  const rng = createRng(5);
  const w = Float32Array.from({ length: 5000 }, () => rng.normal() * 0.1);
  const h0 = binValues(w);
  assert.ok(sameHistogram(h0, binValues(w)));
  const nudged = w.map((x, i) => (i === 7 ? x * (1 + 1e-7) : x));
  assert.ok(sameHistogram(h0, binValues(nudged)), 'float noise is no movement');
  const scaled = binValues(w.map((x) => 1.2 * x));
  assert.ok(!sameHistogram(h0, scaled));
  assert.ok(Math.abs(normChange(h0, scaled) - 0.2) < 1e-6);
  assert.ok(movedAtLeast(h0, scaled) >= 0.19);
  // a 20% random walk keeps the histogram's shape: its lower bound is far below 20% (why it is not a finding)
  const walked = binValues(w.map((x) => x + 0.2 * 0.1 * rng.normal()));
  assert.ok(movedAtLeast(h0, walked) < 0.05, String(movedAtLeast(h0, walked)));
  assert.ok(looksInitial(h0));
  assert.ok(!looksInitial(binValues(w.map((x) => x - 0.08))));
});

function fakeRun(name: string, fill: (r: RunData) => void): RunData {
  const r = createRunData(name);
  fill(r);
  return r;
}

test('understand: roles, canonical tags with provenance, unknown tags listed, --map overriding the table', () => {
  const rng = createRng(2);
  const hist = (n: number, s: number) => binValues(Float32Array.from({ length: n }, () => rng.normal() * s));
  const train = fakeRun('A/train', (r) => {
    for (const [L, n, b] of [
      ['dense', 20 * 8, 8],
      ['dense_1', 8 * 3, 3],
    ] as const) {
      r.histograms.set(`${L}/kernel/histogram`, [{ step: 0, wallTime: 0, histogram: hist(n, 0.3) }]);
      r.histograms.set(`${L}/bias/histogram`, [{ step: 0, wallTime: 0, histogram: hist(b, 0) }]);
    }
    r.scalars.set('epoch_loss', [{ step: 0, wallTime: 0, value: 0.6 }]);
    r.scalars.set('mystery', [{ step: 0, wallTime: 0, value: 1 }]);
  });
  const val = fakeRun('A/validation', (r) => {
    r.scalars.set('epoch_loss', [{ step: 0, wallTime: 0, value: 0.65 }]);
    r.scalars.set('epoch_auc', [{ step: 0, wallTime: 0, value: 0.7 }]);
  });
  const parts = [
    { part: { dir: 'A/train', split: 'train' as const, kind: 'main' as const }, data: train },
    { part: { dir: 'A/validation', split: 'val' as const, kind: 'main' as const }, data: val },
  ];
  const r = understand('A', parts);
  assert.deepEqual(r.unknown, ['train/mystery']);
  assert.deepEqual(r.conventions, ['keras']);
  assert.deepEqual(
    r.layers.map((l) => `${l.name}=${l.canonical} ${l.fanIn}→${l.fanOut}`),
    ['dense=layer1 20→8', 'dense_1=output 8→3'],
  );
  assert.deepEqual(r.provenance.get('loss/val'), ['validation/epoch_loss']);
  assert.deepEqual(r.provenance.get('metrics/val/roc_auc'), ['validation/epoch_auc']);
  assert.deepEqual(r.provenance.get('layer1/weights/std_vs_glorot'), [
    'train/dense/kernel/histogram',
    'train/dense/bias/histogram',
  ]);
  const glorot = Math.sqrt(2 / 28);
  const ratio = r.run.scalars.get('layer1/weights/std_vs_glorot')?.[0].value ?? 0;
  assert.ok(Math.abs(ratio - 0.3 / glorot) < 0.05 * ratio, String(ratio));
  const mapped = understand('A', parts, { overrides: parseRoleMap(['train/mystery=val-auc-macro']) });
  assert.deepEqual(mapped.unknown, []);
  assert.deepEqual(mapped.provenance.get('metrics/val/roc_auc_macro'), ['train/mystery']);
});

test("Keras 3's stock callback: every layer's kernel in one 'kernel/histogram' tag, split into the layers in model order", () => {
  const rng = createRng(4);
  const hist = (n: number, s: number) => binValues(Float32Array.from({ length: n }, () => rng.normal() * s));
  const shapes = [
    [20, 8],
    [8, 6],
    [6, 3],
  ];
  const train = fakeRun('B/train', (r) => {
    const k = [];
    const b = [];
    for (let step = 0; step < 3; step++)
      for (const [i, o] of shapes) {
        k.push({ step, wallTime: 0, histogram: hist(i * o, Math.sqrt(2 / (i + o))) });
        b.push({ step, wallTime: 0, histogram: hist(o, 0.01) });
      }
    r.histograms.set('kernel/histogram', k);
    r.histograms.set('bias/histogram', b);
  });
  const r = understand('B', [
    { part: { dir: 'B/train', split: 'train' as const, kind: 'main' as const }, data: train },
  ]);
  assert.deepEqual(r.unknown, []);
  assert.deepEqual(
    r.layers.map((l) => `${l.name}=${l.canonical} ${l.fanIn}→${l.fanOut}`),
    ['layer #1=layer1 20→8', 'layer #2=layer2 8→6', 'layer #3=output 6→3'],
  );
  assert.deepEqual(r.provenance.get('layer2/weights'), ['train/kernel/histogram[2]']);
  assert.ok(r.notes.some((n) => /train\/kernel\/histogram holds 3 records at every step/.test(n)));
});
