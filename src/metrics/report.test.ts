import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { STORY_METRICS } from '../run/tags.js';
import { computeReport, formatReport } from './report.js';
import { METRIC_KEYS } from './types.js';

/** A weakly informative model whose logits are huge (std-1 init): float32 sigmoids saturate. */
function saturated(nRows: number, nLabels: number, scale: number, seed = 1) {
  const rng = createRng(seed);
  const yTrue = new Uint8Array(nRows * nLabels);
  const logits = new Float32Array(nRows * nLabels);
  const probabilities = new Float32Array(nRows * nLabels);
  for (let i = 0; i < yTrue.length; i++) {
    yTrue[i] = rng.next() < 0.34 ? 1 : 0;
    logits[i] = scale * (rng.normal() + (yTrue[i] ? 0.5 : 0));
    probabilities[i] = 1 / (1 + Math.exp(-logits[i])); // stored as float32: saturates to 0 or 1
  }
  const labelNames = Array.from({ length: nLabels }, (_, l) => `label${l}`);
  return { yTrue, logits, probabilities, nRows, nLabels, labelNames };
}

test('with logits, ranking metrics use them: saturated probabilities tie, logits do not', () => {
  const data = saturated(2000, 6, 1000);
  const fromProbs = computeReport({ ...data, logits: undefined });
  const fromLogits = computeReport(data);
  assert.equal(fromProbs.ranking_scores, 'probabilities');
  assert.equal(fromLogits.ranking_scores, 'logits');
  assert.ok(fromLogits.probabilities_exact_0_or_1 > 0.9, `${fromLogits.probabilities_exact_0_or_1}`);
  const gap = (fromLogits.metrics.roc_auc_micro as number) - (fromProbs.metrics.roc_auc_micro as number);
  assert.ok(gap > 0.02, `AUC from logits should beat tied probabilities, gap ${gap}`);
  // thresholded metrics come from the probabilities either way
  for (const key of ['precision_micro', 'recall_macro', 'f1_samples', 'hamming_loss'] as const) {
    assert.equal(fromLogits.metrics[key], fromProbs.metrics[key], key);
  }
  const unsaturated = computeReport(saturated(2000, 6, 1));
  assert.equal(unsaturated.probabilities_exact_0_or_1, 0);
});

test('the report is plain JSON with exactly the fixture keys and per-label rows', () => {
  const report = computeReport(saturated(300, 4, 1));
  assert.deepEqual(Object.keys(report.metrics), [...METRIC_KEYS]);
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  assert.equal(report.labels.length, 4);
  const row = report.labels[2];
  assert.equal(row.name, 'label2');
  assert.equal(row.roc_auc, report.metrics.roc_auc_per_label[2]);
  assert.equal(row.recall, report.metrics.recall_per_label[2]);
  assert.ok(row.prevalence > 0.2 && row.prevalence < 0.5);
  assert.equal(row.support, Math.round(row.prevalence * 300));
});

test('the collapse reads like the story: AUC 0.5, recall 1, precision = label density', () => {
  const data = saturated(1000, 6, 1);
  const report = computeReport({ ...data, logits: undefined, probabilities: new Float32Array(6000).fill(1) });
  assert.equal(report.metrics.roc_auc_micro, 0.5);
  assert.equal(report.metrics.recall_macro, 1);
  assert.ok(Math.abs((report.metrics.precision_micro as number) - report.label_density) < 1e-12);
  assert.equal(report.probabilities_exact_0_or_1, 1);
  assert.equal(report.predicted_density, 1);
});

test('NaN scores make ranking metrics undefined instead of crashing', () => {
  const data = saturated(50, 3, 1);
  data.logits[7] = Number.NaN;
  const report = computeReport(data);
  assert.equal(report.metrics.roc_auc_micro, null);
  assert.equal(report.metrics.coverage_error, null);
  assert.match(report.undefined_reasons.roc_auc_micro!, /1 logits are NaN/);
  assert.equal(typeof report.metrics.precision_micro, 'number');
});

test('formatReport: the story eight first, in order, then the rest, then the label table; n/a with reasons', () => {
  const data = saturated(200, 3, 1);
  for (let r = 0; r < 200; r++) data.yTrue[r * 3 + 1] = 0; // label1 never positive
  const text = formatReport(computeReport(data));
  const lines = text.split('\n');
  const story = lines.indexOf('Story metrics');
  assert.equal(story, 0, 'the story numbers come first');
  const titles = [
    'ROC AUC micro',
    'ROC AUC macro',
    'precision micro',
    'precision macro',
    'precision weighted',
  ];
  titles.push('recall micro', 'recall macro', 'recall weighted');
  assert.equal(STORY_METRICS.length, 8);
  for (let k = 0; k < 8; k++) assert.match(lines[story + 1 + k], new RegExp(`^  ${titles[k]} `));
  assert.match(
    lines[story + 2],
    /ROC AUC macro +n\/a \(macro average needs every label.*label 'label1' has only negative/,
  );
  assert.ok(lines.indexOf('Other metrics') > story + 8);
  assert.ok(text.includes('label ranking average precision'));
  const table = lines.indexOf('Per label');
  assert.match(lines[table + 1], /label +support +prevalence/);
  assert.match(lines[table + 3], /^ {2}label1 .* n\/a /);
  assert.ok(text.includes("label1: ROC AUC n/a (label 'label1' has only negative samples)"));
  assert.ok(text.includes('ranking metrics from logits'));
  const other = lines.indexOf('Other metrics');
  assert.match(lines[other + 1], /^ {2}ROC AUC weighted /);
  assert.match(lines[other + 2], /^ {2}ROC AUC samples /);
  assert.match(lines[other + 3], /^ {2}average precision micro /);
  const tied = formatReport(computeReport({ ...saturated(200, 3, 1000), logits: undefined }));
  assert.match(
    tied,
    /ranking metrics from probabilities; 9\d\.\d% of probabilities are exactly 0 or 1 \(tied: pass logits/,
  );
});
