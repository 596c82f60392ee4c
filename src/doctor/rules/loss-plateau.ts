import { TAGS } from '../../run/tags.js';
import { finding, priorLoss } from '../finding.js';
import { series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';
import { prevalences, weightedLoss } from './labels-helpers.js';

/**
 * Not learning: after a few epochs the training loss is still about the loss of predicting each
 * label's prevalence for every sample (the entropy of the prevalences), and it has stopped
 * improving. A plateau at a low loss is convergence, not a fault, so only this case is flagged.
 */
export const lossPlateau: Rule = {
  id: 'loss-plateau',
  title: 'loss not decreasing below the constant-predictor loss',
  needs: [TAGS.trainLoss, 'output/prevalence/'],
  check(run, ctx) {
    if (weightedLoss(ctx)) return [];
    const loss = series(run, TAGS.trainLoss).filter((p) => Number.isFinite(p.value));
    const prior = priorLoss(prevalences(run, ctx));
    if (!Number.isFinite(prior)) return [];
    for (let i = Math.max(T.plateauMinEpochs, T.plateauWindow) - 1; i < loss.length; i++) {
      const now = loss[i].value;
      const before = loss[i - T.plateauWindow + 1].value;
      const improved = (before - now) / Math.abs(before);
      if (now > T.plateauShareOfPrior * prior && improved < T.plateauImprovement) {
        return [
          finding(ctx, {
            id: this.id,
            severity: 'warning',
            step: loss[i].step,
            evidence: {
              train_loss: now,
              constant_predictor_loss: prior,
              improvement_over_window: improved,
              window_epochs: T.plateauWindow,
            },
            explanation: `After ${i + 1} epochs the training loss (${now.toFixed(4)}) is no better than predicting each label's prevalence for every sample (${prior.toFixed(4)}) and has stopped improving: the network has learned nothing from the inputs.`,
            cause: 'unknown',
            symptom: true,
            tag: TAGS.trainLoss,
          }),
        ];
      }
    }
    return [];
  },
};
