import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binValues } from '../../events/bins.js';
import type { RunData } from '../../events/types.js';
import { createRng } from '../../model/rng.js';
import { emptyRun, set } from '../testing/fabricate.js';
import { type HistogramFaults, withHistograms } from '../testing/histograms.js';
import type { Finding, RunContext } from '../types.js';
import { deadLayers } from './dead-layers.js';
import { frozenLayer } from './frozen-layer.js';
import { outputsCollapsed } from './outputs-collapsed.js';
import { rankingAtChance } from './ranking-at-chance.js';
import { weightsBlownUp } from './weights-blown-up.js';

const ALL = [frozenLayer, deadLayers, outputsCollapsed, rankingAtChance, weightsBlownUp];
const FANS: RunContext = {
  log: {
    ours: false,
    initial: { usable: true, reason: 'test' },
    layers: [
      { canonical: 'layer1', name: 'fc1', fanIn: 50, fanOut: 64 },
      { canonical: 'layer2', name: 'fc2', fanIn: 64, fanOut: 64 },
      { canonical: 'layer3', name: 'fc3', fanIn: 64, fanOut: 64 },
      { canonical: 'output', name: 'out', fanIn: 64, fanOut: 6 },
    ],
  },
};

/** A histogram-only log: weights/biases/activations as given, and a validation AUC curve. */
function log(faults: HistogramFaults, auc: number[]): RunData {
  const run = withHistograms(emptyRun(), faults);
  return set(run, 'metrics/val/roc_auc_macro', auc);
}

const HEALTHY_AUC = [0.7, 0.78, 0.82, 0.84, 0.85, 0.86];
const fired = (run: RunData, ctx: RunContext = FANS): Finding[] => ALL.flatMap((r) => r.check(run, ctx));
const ids = (fs: Finding[]) => fs.map((f) => `${f.id}:${f.severity}`);

test('healthy, including a layer that barely moves (0.5% per record): no histogram rule fires', () => {
  assert.deepEqual(ids(fired(log({ move: 0.005 }, HEALTHY_AUC))), []);
  assert.deepEqual(ids(fired(log({ move: 0.2 }, HEALTHY_AUC))), []);
});

test('frozen-layer: a hidden layer identical at every record among moving ones, named; warning for a random one', () => {
  const [f] = frozenLayer.check(log({ frozen: ['layer2'] }, HEALTHY_AUC), FANS);
  assert.equal(f.where.layer, 'layer2');
  assert.equal(f.severity, 'warning');
  assert.equal(f.cause, 'frozen_layer');
  assert.ok(Number(f.evidence.std_vs_glorot) > 0.8 && Number(f.evidence.std_vs_glorot) < 1.25);
  assert.deepEqual(
    frozenLayer.check(log({ frozen: ['output'] }, HEALTHY_AUC), FANS).map((x) => x.where.layer),
    ['output'],
  );
});

test('frozen-layer: every hidden layer frozen with a learning head (fine-tuning) is not a frozen-layer finding', () => {
  const run = log({ frozen: ['layer1', 'layer2', 'layer3'] }, HEALTHY_AUC);
  assert.deepEqual(ids(fired(run)), []);
});

test('frozen-layer: frozen weights that are not centred on 0 (pretrained) are only info', () => {
  const run = log({ frozen: ['layer2'] }, HEALTHY_AUC);
  for (const p of run.histograms.get('layer2/weights') ?? []) {
    const h = p.histogram;
    // every weight + 1: trained-looking values, no longer centred on 0
    p.histogram = {
      ...h,
      min: h.min + 1,
      max: h.max + 1,
      sum: h.sum + h.num,
      sumSquares: h.sumSquares + 2 * h.sum + h.num,
      bucketLimits: h.bucketLimits.map((x) => x + 1),
    };
  }
  assert.equal(frozenLayer.check(run, FANS)[0].severity, 'info');
});

test('dead-layers: activations all 0 → fatal; biases starting at −5 with a usable first record → bias initialisation', () => {
  const [f] = deadLayers.check(
    log({ deadActivations: ['layer1', 'layer2', 'layer3'], hiddenBias: -5 }, HEALTHY_AUC),
    FANS,
  );
  assert.equal(f.severity, 'fatal');
  assert.equal(f.cause, 'bias_initialisation');
  assert.equal(f.symptom, false);
  assert.equal(f.evidence.dead_layers, 'layer1,layer2,layer3');
  // the same log, but its first record is not an initialisation: no blame on the biases
  const late: RunContext = { log: { ...FANS.log!, initial: { usable: false, reason: 'moved' } } };
  const [g] = deadLayers.check(log({ deadActivations: ['layer3'], hiddenBias: -5 }, HEALTHY_AUC), late);
  assert.equal(g.cause, 'activation');
  assert.equal(g.symptom, true);
});

test('dead-layers: hidden layers that never change while the head moves, at chance → fatal; not when the run learns', () => {
  const starved = { starved: ['layer1', 'layer2', 'layer3'], hiddenBias: -5 };
  const [f] = deadLayers.check(log(starved, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), FANS);
  assert.equal(f.cause, 'bias_initialisation');
  assert.match(f.explanation, /no gradient reaches the hidden layers/);
  assert.deepEqual(deadLayers.check(log(starved, HEALTHY_AUC), FANS), []);
});

test('outputs-collapsed: AUC exactly 0.5 record after record, or an output histogram of a few spikes', () => {
  const [f] = outputsCollapsed.check(log({}, [0.6, 0.55, 0.5, 0.5, 0.5, 0.5]), FANS);
  assert.equal(f.severity, 'fatal');
  assert.equal(f.step, 200);
  assert.deepEqual(outputsCollapsed.check(log({}, [0.6, 0.52, 0.49, 0.51, 0.495, 0.503]), FANS), []);
  const spikes = log({}, HEALTHY_AUC);
  const outputs = (values: number[]) =>
    Float32Array.from({ length: 512 * 6 }, (_, i) => values[i % values.length]);
  const rng = createRng(1);
  spikes.histograms.set('output/probabilities/logged', [
    { step: 0, wallTime: 0, histogram: binValues(Float32Array.from({ length: 3072 }, () => rng.next())) },
    { step: 100, wallTime: 0, histogram: binValues(outputs([0.27, 0.31, 0.33, 0.35, 0.36, 0.39])) },
    { step: 200, wallTime: 0, histogram: binValues(outputs([0.26, 0.3, 0.33, 0.35, 0.37, 0.39])) },
  ]);
  const [s] = outputsCollapsed.check(spikes, FANS);
  assert.equal(s.evidence.output_spikes, 6);
  assert.equal(s.step, 100);
});

test('ranking-at-chance: within 0.02 of 0.5 at the end; 0.53 is learning something', () => {
  assert.equal(rankingAtChance.check(log({}, [0.55, 0.51, 0.49, 0.51, 0.495, 0.505]), FANS)[0].step, 100);
  assert.deepEqual(rankingAtChance.check(log({}, [0.52, 0.53, 0.53, 0.53, 0.53, 0.531]), FANS), []);
});

test('ranking-at-chance: at chance with every layer barely moving → a learning rate far too low; not when a layer moves or is frozen', () => {
  const AT_CHANCE = [0.49, 0.5, 0.51, 0.49, 0.505, 0.495];
  const [slow] = rankingAtChance.check(log({ move: 0.0005 }, AT_CHANCE), FANS);
  assert.equal(slow.cause, 'learning_rate_low');
  assert.ok((slow.evidence.most_moved as number) < 0.01);
  assert.match(slow.explanation, /No layer's weights changed visibly/);
  assert.ok(slow.reads?.includes('layer1/weights'));
  // learning-sized moves: the cause stays for the other findings to give
  assert.equal(rankingAtChance.check(log({ move: 0.05 }, AT_CHANCE), FANS)[0].cause, 'unknown');
  // one layer identical at every record: frozen or dead, other rules' business
  assert.equal(
    rankingAtChance.check(log({ move: 0.0005, frozen: ['layer2'] }, AT_CHANCE), FANS)[0].cause,
    'unknown',
  );
});

test('weights-blown-up: a norm that multiplies, with the run at chance; quiet without that evidence or for a doubling', () => {
  const [f] = weightsBlownUp.check(log({ blowUpAt: 2 }, [0.6, 0.55, 0.5, 0.5, 0.5, 0.5]), FANS);
  assert.equal(f.cause, 'learning_rate_high');
  assert.equal(f.step, 200);
  assert.deepEqual(weightsBlownUp.check(log({ blowUpAt: 2 }, HEALTHY_AUC), FANS), []);
  assert.deepEqual(weightsBlownUp.check(log({ move: 1.2 }, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), FANS), []);
});
