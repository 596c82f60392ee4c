import { TAGS } from '../../run/tags.js';
import { evidenceSeries, trainRowsLoss } from '../evidence.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Overfitting: the validation loss rises clearly (beyond z standard errors of the validation
 * rows) above its minimum while the loss on the training rows keeps falling (in inference mode
 * on the probe batch when recorded, see trainRowsLoss), at consecutive checks; the
 * epoch of the minimum is where to stop. A warning when the validation ranking got clearly worse
 * than its best too (the model is worse, not only overconfident); info when it holds (the
 * probabilities grow overconfident, the ranking does not suffer: worth knowing, not a fault).
 */
export const overfitting: Rule = {
  id: 'overfitting',
  title: 'validation loss rising while training loss falls',
  needs: [TAGS.valLoss, TAGS.trainLoss],
  check(run, ctx) {
    const val = series(run, TAGS.valLoss).filter((p) => Number.isFinite(p.value));
    const train = trainRowsLoss(run);
    const ev = new Map(evidenceSeries(run, 'val').map((e) => [e.step, e]));
    const trainAt = (s: number) => train.at(s)?.loss;
    let bestI = 0;
    let bestAuc: { step: number; auc: number } | undefined;
    const checks = val.map((p, i) => {
      if (p.value < val[bestI].value) bestI = i;
      const e = ev.get(p.step);
      if (e?.auc !== undefined && (!bestAuc || e.auc > bestAuc.auc)) bestAuc = { step: p.step, auc: e.auc };
      // Without recorded evidence, fall back to a 10% rise as the margin.
      const margin = e ? T.z * e.lossGainSe : 0.1 * val[bestI].value;
      const tBest = trainAt(val[bestI].step);
      const tNow = trainAt(p.step);
      const rising =
        i > bestI &&
        p.value - val[bestI].value > margin &&
        tBest !== undefined &&
        tNow !== undefined &&
        tNow < tBest;
      const worse =
        rising &&
        e?.auc !== undefined &&
        e.aucSe !== undefined &&
        bestAuc !== undefined &&
        bestAuc.auc - e.auc > T.z * Math.SQRT2 * e.aucSe;
      return {
        step: p.step,
        holds: rising,
        best: val[bestI],
        bestEpoch: bestI + 1,
        worse,
        auc: e?.auc,
        tBest,
        tNow,
        value: p.value,
      };
    });
    const life = lifecycle(sustained(checks, T.judgeChecks));
    if (!life) return [];
    const c = checks.find((x) => x.step === life.last_step);
    if (!c) return [];
    return [
      finding(ctx, {
        id: this.id,
        severity: c.worse ? 'warning' : 'info',
        life,
        evidence: {
          best_val_loss: c.best.value,
          best_epoch: c.bestEpoch,
          best_step: c.best.step,
          val_loss: c.value,
          val_auc: c.auc,
          best_val_auc: bestAuc?.auc,
          [train.inferenceMode ? 'train_rows_loss_gain_then' : 'train_loss_then']:
            c.tBest === undefined ? undefined : train.inferenceMode ? -c.tBest : c.tBest,
          [train.inferenceMode ? 'train_rows_loss_gain_now' : 'train_loss_now']:
            c.tNow === undefined ? undefined : train.inferenceMode ? -c.tNow : c.tNow,
        },
        explanation: `Validation loss bottomed out at epoch ${c.bestEpoch} (step ${c.best.step}, ${c.best.value.toFixed(4)}) and has risen to ${c.value.toFixed(4)} while the training loss kept falling: the network is memorising the training rows. ${c.worse ? `Validation ROC AUC fell too (${bestAuc?.auc.toFixed(3)} → ${c.auc?.toFixed(3)}): the model at epoch ${c.bestEpoch} was better.` : `Its ranking has not suffered (validation ROC AUC ${c.auc?.toFixed(3) ?? 'n/a'}), but its probabilities grow overconfident.`} Stop at epoch ${c.bestEpoch}.`,
        cause: 'overfitting',
        tag: TAGS.valLoss,
      }),
    ];
  },
};
