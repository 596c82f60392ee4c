import { TAGS } from '../../run/tags.js';
import { learningChecks } from '../evidence.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { judgeFrom } from '../progress.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Not learning: once the optimiser has had enough steps (judgeFrom), the model in inference mode
 * is still no better than the constant predictor in loss and its ranking no better than chance
 * on the validation rows, nor better than at step 0 on the probe rows — at consecutive checks.
 * A run whose ranking clearly beats chance has learned something, whatever its loss does (with
 * dropout the training loss sits above the constant's for a long time while validation AUC rises).
 * A symptom: the other findings (initialisation, learning rate, frozen weights) say why.
 */
export const notLearning: Rule = {
  id: 'not-learning',
  title: 'no better than a constant predictor, in inference mode',
  needs: ['evidence/probe/loss_gain'],
  check(run, ctx) {
    const from = judgeFrom(run, ctx);
    const checks = learningChecks(run);
    const held = sustained(
      checks.map((c) => ({ step: c.step, holds: c.step >= from && !c.learned })),
      T.judgeChecks,
    );
    const life = lifecycle(held);
    if (!life) return [];
    const at = checks.find((c) => c.step === (life.status === 'current' ? life.last_step : life.step));
    if (!at) return [];
    const e = at.point;
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        life,
        evidence: {
          loss_gain: e.lossGain,
          loss_gain_se: e.lossGainSe,
          auc: e.auc,
          auc_se: e.aucSe,
          rows: e.rows,
          measured_on: e.split === 'val' ? 'validation rows' : 'probe rows (training data)',
          judged_from_step: from,
        },
        explanation: `After ${at.step} optimiser steps the model, in inference mode, is no better than predicting each label's training prevalence: ${at.how}. It has learned nothing from the inputs.`,
        cause: 'unknown',
        symptom: true,
        tag: e.split === 'val' ? TAGS.evidence('val', 'loss_gain') : TAGS.evidence('probe', 'loss_gain'),
      }),
    ];
  },
};
