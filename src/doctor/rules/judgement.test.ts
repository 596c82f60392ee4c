import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrainConfig } from '../../run/config.js';
import { TAGS } from '../../run/tags.js';
import { diagnose, hasWarnings } from '../diagnose.js';
import { formatReport } from '../format.js';
import {
  healthyRun,
  LABELS,
  LAYERS,
  STEPS_PER_EPOCH,
  set,
  setEvidence,
  setLabelAuc,
} from '../testing/fabricate.js';
import type { Rule } from '../types.js';
import { RULES } from './index.js';

/** The cases behind the issue: what a rule must not claim, and how findings live and clear. */
const rule = (id: string): Rule => RULES.find((r) => r.id === id) as Rule;
const n = (k: number, v: number) => Array.from({ length: k }, () => v);

test('not learning: quiet while the loss is worse than a constant but the ranking clearly improves (dropout early on)', () => {
  const run = healthyRun();
  for (const split of ['probe', 'val'] as const)
    setEvidence(
      run,
      split,
      n(7, 0).map((_, i) => ({ gain: -0.15 + 0.01 * i, auc: 0.55 + 0.05 * i })),
    );
  assert.deepEqual(rule('not-learning').check(run, {}), []);
});

test('not learning: not judged before enough optimiser progress (steps and lr × steps)', () => {
  const run = healthyRun();
  for (const split of ['probe', 'val'] as const)
    setEvidence(
      run,
      split,
      n(7, 0).map(() => ({ gain: -0.05, auc: 0.52 })),
    );
  // Adam at 1e-4: lr × steps reaches 0.05 only after 500 steps; the run ends at 600.
  const slow = { config: parseTrainConfig({ lr: 1e-4, optimizer: 'adam' }) };
  const [f] = rule('not-learning').check(run, slow);
  assert.equal(f.step, 600, 'only the last two checks (500, 600) may judge');
  // with a small budget of lr × steps nothing is said at all
  assert.deepEqual(
    rule('not-learning').check(run, { config: parseTrainConfig({ lr: 1e-5, optimizer: 'adam' }) }),
    [],
  );
});

test('a finding that held and then cleared is history: not in the exit code, shown as cleared', () => {
  const run = healthyRun();
  // label 'a' (34% positive) always positive and ranked at chance at 100–300, then fine again
  set(run, TAGS.positiveRate('a'), [0.5, 1, 1, 1, 0.3, 0.3, 0.3]);
  setLabelAuc(run, 'a', [0.5, 0.5, 0.5, 0.5, 0.7, 0.75, 0.8]);
  const [f] = rule('constant-label').check(run, {});
  assert.equal(f.status, 'cleared');
  assert.equal(f.step, 200, 'held at two consecutive probes: from the second');
  assert.equal(f.last_step, 300);
  assert.equal(f.cleared_step, 400);
  const report = diagnose(run, {});
  assert.equal(hasWarnings(report), false);
  assert.equal(report.diagnosis, undefined);
  const text = formatReport(report);
  assert.match(text, /no findings, 1 cleared during the run/);
  assert.match(
    text,
    /history .*\n {2}warning constant-label \(label a\): steps 200–300, cleared by step 400/,
  );
});

test('a finding that still holds at the end is current and drives the exit code', () => {
  const run = healthyRun();
  set(run, TAGS.positiveRate('a'), [0.5, 1, 1, 1, 1, 1, 1]);
  setLabelAuc(run, 'a', n(7, 0.5));
  const report = diagnose(run, {});
  const f = report.findings.find((x) => x.id === 'constant-label');
  assert.equal(f?.status, 'current');
  assert.equal(f?.last_step, 600);
  assert.equal(hasWarnings(report), true);
});

test('constant label: a label near 50% is never accused (within the sample-size margin)', () => {
  const run = healthyRun();
  set(run, TAGS.prevalence('c'), n(7, 0.46));
  set(run, TAGS.positiveRate('c'), n(7, 1));
  assert.deepEqual(
    rule('constant-label')
      .check(run, {})
      .map((f) => f.where.label),
    [],
  );
});

test('overfitting is not divergence: validation loss rising while the training loss falls', () => {
  const run = healthyRun(10);
  set(run, TAGS.valLoss, [0.5, 0.4, 0.38, 0.45, 0.55, 0.65, 0.7, 0.8, 0.9, 1.0], STEPS_PER_EPOCH);
  const report = diagnose(run, {});
  assert.deepEqual(
    report.findings.filter((f) => f.id === 'divergence'),
    [],
  );
  const f = report.findings.find((x) => x.id === 'overfitting');
  assert.equal(f?.evidence.best_epoch, 3, 'the epoch to stop at');
  assert.equal(f?.cause, 'overfitting');
  // ranking held: the probabilities are overconfident, the model is not worse at ranking
  assert.equal(f?.severity, 'info');
  assert.match(f?.explanation ?? '', /Stop at epoch 3/);
  // ranking fell clearly: a warning
  setEvidence(
    run,
    'val',
    [0.5, 0.7, 0.8, 0.82, 0.8, 0.75, 0.7, 0.68, 0.66, 0.65, 0.64].map((auc) => ({ gain: 0.05, auc })),
  );
  assert.equal(rule('overfitting').check(run, {})[0].severity, 'warning');
});

test('divergence is the training loss rising, and the inference-mode loss with it', () => {
  const run = healthyRun();
  set(run, TAGS.trainLoss, [0.6, 0.5, 0.52, 0.9, 1.4, 2.0], STEPS_PER_EPOCH);
  // dropout-mode loss alone decides nothing: the probe rows' inference-mode loss still improves
  assert.deepEqual(rule('divergence').check(run, {}), []);
  setEvidence(
    run,
    'probe',
    [-0.1, 0.05, 0.1, 0.1, -0.2, -0.5, -0.9].map((gain) => ({ gain, auc: 0.6 })),
  );
  const [f] = rule('divergence').check(run, {});
  assert.equal(f.step, 400);
  assert.equal(f.cause, 'learning_rate_high');
});

test('constant label: a label the model ranks clearly above chance is learning, not accused', () => {
  const run = healthyRun();
  set(run, TAGS.positiveRate('a'), n(7, 1));
  setLabelAuc(run, 'a', [0.5, 0.62, 0.66, 0.7, 0.72, 0.75, 0.78]);
  assert.deepEqual(rule('constant-label').check(run, {}), []);
});

test('lr too high needs both large steps and damage', () => {
  const big = healthyRun();
  set(big, TAGS.updateRatio('layer1', 'weights'), [5, 0.5, 0.4, 0.3, 0.3, 0.3], STEPS_PER_EPOCH);
  assert.deepEqual(rule('lr-too-high').check(big, {}), [], 'large steps, no units died, ranking fine');
  const dying = healthyRun();
  set(dying, TAGS.deadFraction('layer2', 'inference_mode'), [0, 0.45, 0.5, 0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual(rule('lr-too-high').check(dying, {}), [], 'units died but the steps were small');
});

test('lr too high: thrashing, the ranking falls while the training loss stops improving', () => {
  const run = healthyRun();
  for (const L of LAYERS) set(run, TAGS.updateRatio(L, 'weights'), n(6, 3), STEPS_PER_EPOCH);
  set(run, TAGS.trainLoss, [0.5, 0.48, 0.49, 0.5, 0.51, 0.52], STEPS_PER_EPOCH);
  // the training rows' inference-mode loss stops improving (not overfitting)
  setEvidence(
    run,
    'probe',
    [-0.1, 0.05, 0.06, 0.05, 0.04, 0.03, 0.02].map((gain) => ({ gain, auc: 0.7 })),
  );
  setEvidence(
    run,
    'val',
    [0.5, 0.78, 0.8, 0.74, 0.7, 0.68, 0.66].map((auc) => ({ gain: 0.05, auc })),
  );
  const [f] = rule('lr-too-high').check(run, {});
  assert.equal(f.status, 'current');
  assert.match(String(f.evidence.damage), /ROC AUC fell from 0.800/);
});

test('frozen layer: a warning unless the configuration froze it', () => {
  const run = healthyRun();
  set(run, TAGS.changeSinceInit('layer2', 'weights'), n(6, 0), STEPS_PER_EPOCH);
  const [f] = rule('frozen-layer').check(run, {});
  assert.equal(f.severity, 'warning');
  assert.equal(f.where.layer, 'layer2');
  assert.equal(f.cause, 'frozen_layer');
  const [g] = rule('frozen-layer').check(run, { config: parseTrainConfig({ freeze: 'layer2' }) });
  assert.equal(g.severity, 'info');
  const [h] = rule('frozen-layer').check(run, { config: parseTrainConfig({ freeze: ['2'] }) });
  assert.equal(h.severity, 'info');
});

test('label at chance: only claimed where the rows can tell chance from a learned label', () => {
  const run = healthyRun();
  set(run, TAGS.evidenceAuc('val', 'a'), n(7, 0.51));
  set(run, TAGS.evidenceAucSe('val', 'a'), n(7, 0.09)); // a label with few positives: wide error
  assert.deepEqual(rule('label-at-chance').check(run, {}), []);
  set(run, TAGS.evidenceAucSe('val', 'a'), n(7, 0.02));
  const [f] = rule('label-at-chance').check(run, {});
  assert.equal(f.where.label, 'a');
  assert.equal(f.cause, 'labels');
});

test('pos_weight: quiet when balanced (rates follow the ranking), a warning when it makes labels always positive', () => {
  const run = healthyRun();
  const balanced = {
    spec: { posWeight: [0.66 / 0.34, 0.7 / 0.3, 0.55 / 0.45, 4, 1.5, 0.65 / 0.35] },
  } as never;
  assert.deepEqual(rule('pos-weight-too-large').check(run, balanced), []);
  for (const l of LABELS) set(run, TAGS.evidencePositiveRate('val', l), [0.6, 1, 1, 1, 1, 1, 1]);
  const [f] = rule('pos-weight-too-large').check(run, { spec: { posWeight: n(6, 50) } } as never);
  assert.equal(f.cause, 'loss_weighting');
  assert.equal(f.evidence.labels_always_positive, 6);
});

test('init too broad needs the forward pass to show it; saturated outputs late in a run that learned are not a fault', () => {
  const run = healthyRun();
  set(run, TAGS.stdVsGlorot('layer1'), [2.6]);
  set(run, TAGS.stdVsHe('layer1'), [2.2]);
  assert.deepEqual(rule('init-too-broad').check(run, {}), [], 'broad, but the logits start sane');
  set(run, TAGS.meanAbsLogit, [40, 30, 20, 10, 5, 3, 3]);
  const [f] = rule('init-too-broad').check(run, {});
  assert.equal(f.step, 0);
  assert.equal(f.cause, 'initialisation');
  const late = healthyRun();
  set(late, TAGS.exactZeroOne, [0, 0, 0, 0, 0.03, 0.05, 0.06]);
  assert.deepEqual(rule('saturated-outputs').check(late, {}), []);
});

test('the diagnosis names a root cause that still holds', () => {
  const run = healthyRun();
  set(run, TAGS.stdVsGlorot('layer1'), [14.7]);
  set(run, TAGS.stdVsHe('layer1'), [10.6]);
  set(run, TAGS.meanAbsLogit, [4000, 3000, 2000, 1000, 1000, 1000, 1000]);
  const report = diagnose(run, {});
  assert.equal(report.diagnosis?.cause, 'initialisation');
  assert.match(report.diagnosis?.summary ?? '', /since step 0/);
});
