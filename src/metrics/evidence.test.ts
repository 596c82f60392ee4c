import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { aucNullSe, labelPrevalence, learningEvidence } from './evidence.js';

const logit = (p: number) => Math.log(p / (1 - p));

/** rows × 3 labels: label 0 at 30%, label 1 at 10%, label 2 never positive. */
function truth(rows: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const y = new Uint8Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    y[r * 3] = rng.next() < 0.3 ? 1 : 0;
    y[r * 3 + 1] = rng.next() < 0.1 ? 1 : 0;
  }
  return y;
}

test('the constant predictor itself: no loss gain, AUC exactly 0.5 on the labels with both classes', () => {
  const rows = 400;
  const y = truth(rows, 1);
  const prevalence = labelPrevalence(y, rows, 3);
  const logits = new Float32Array(rows * 3);
  for (let i = 0; i < logits.length; i++) logits[i] = logit(Math.max(1e-7, prevalence[i % 3]));
  const ev = learningEvidence({ logits, yTrue: y, nRows: rows, nLabels: 3, prevalence });
  assert.ok(Math.abs(ev.lossGain) < 1e-6, `${ev.lossGain}`);
  assert.equal(ev.aucLabels, 2);
  assert.equal(ev.aucMacro, 0.5);
  assert.equal(ev.perLabel[2].auc, null);
  assert.equal(ev.perLabel[2].positives, 0);
  // Ranking cells by their label's prevalence beats chance: the baseline for micro AUC is not 0.5.
  assert.ok((ev.aucMicroConstant ?? 0) > 0.6, `${ev.aucMicroConstant}`);
  assert.equal(ev.aucMicro, ev.aucMicroConstant);
});

test('a model that ranks and is calibrated gains loss and AUC well beyond their standard errors', () => {
  const rows = 400;
  const y = truth(rows, 2);
  const rng = createRng(3);
  const logits = Float32Array.from(y, (v, i) => (i % 3 === 2 ? -6 : (v ? 1.5 : -1.5) + rng.normal()));
  const ev = learningEvidence({
    logits,
    yTrue: y,
    nRows: rows,
    nLabels: 3,
    prevalence: labelPrevalence(y, rows, 3),
  });
  assert.ok(ev.lossGain > 5 * ev.lossGainSe, `${ev.lossGain} ± ${ev.lossGainSe}`);
  assert.ok((ev.aucMacro ?? 0) - 0.5 > 5 * (ev.aucMacroSe ?? 1));
  assert.ok((ev.aucMicro ?? 0) > (ev.aucMicroConstant ?? 1));
});

test("the AUC's standard error under chance matches random scores", () => {
  const rng = createRng(4);
  const rows = 200;
  const y = truth(rows, 5);
  const aucs: number[] = [];
  for (let t = 0; t < 300; t++) {
    const logits = Float32Array.from({ length: rows * 3 }, () => rng.normal());
    aucs.push(
      learningEvidence({ logits, yTrue: y, nRows: rows, nLabels: 3, prevalence: [0.3, 0.1, 0] }).perLabel[0]
        .auc!,
    );
  }
  const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  const sd = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / (aucs.length - 1));
  let n1 = 0;
  for (let r = 0; r < rows; r++) n1 += y[r * 3];
  const se = aucNullSe(n1, rows - n1);
  assert.ok(Math.abs(mean - 0.5) < 3 * (se / Math.sqrt(aucs.length)), `mean ${mean}`);
  assert.ok(Math.abs(sd / se - 1) < 0.2, `sd ${sd} vs se ${se}`);
});

test('with pos_weight the baseline is the constant that is optimal for the weighted loss', () => {
  const rows = 300;
  const y = truth(rows, 6);
  const prevalence = labelPrevalence(y, rows, 3);
  const w = [4, 9, 1];
  const logits = new Float32Array(rows * 3);
  for (let i = 0; i < logits.length; i++) {
    const p = Math.max(1e-7, prevalence[i % 3]);
    logits[i] = logit((w[i % 3] * p) / (w[i % 3] * p + 1 - p));
  }
  const ev = learningEvidence({ logits, yTrue: y, nRows: rows, nLabels: 3, prevalence, posWeight: w });
  assert.ok(Math.abs(ev.lossGain) < 1e-6, `${ev.lossGain}`);
  // The unweighted constant is worse under the weighted loss.
  const plain = Float32Array.from(logits, (_, i) => logit(Math.max(1e-7, prevalence[i % 3])));
  const worse = learningEvidence({
    logits: plain,
    yTrue: y,
    nRows: rows,
    nLabels: 3,
    prevalence,
    posWeight: w,
  });
  assert.ok(worse.lossGain < -0.01);
});
