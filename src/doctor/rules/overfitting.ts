import { TAGS } from '../../run/tags.js';
import { evidenceSeries, trainRowsLoss } from '../evidence.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { at, series } from '../history.js';
import { LT } from '../log-thresholds.js';
import { scatter } from '../scatter.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';
import { VAL_AUC_TAGS as VAL_AUC } from './outcome.js';

/**
 * Overfitting: the validation loss rises clearly above its minimum while the loss on the
 * training rows keeps falling (in inference mode on the probe batch when recorded, see
 * trainRowsLoss), at consecutive checks; the epoch of the minimum is where to stop. A warning
 * when the validation ranking got clearly worse than its best too (the model is worse, not only
 * overconfident); info when it holds (the probabilities grow overconfident, the ranking does not
 * suffer: worth knowing, not a fault).
 *
 * "Clearly" is z standard errors of the validation rows where trainscope recorded them
 * (evidence.ts). A foreign log has no standard errors and does not say how many rows it
 * validated on, so there the margins are the series' own record-to-record scatter (scatter.ts)
 * and a share of the loss, or of the AUC's gain over chance, below which nothing would change
 * (LT.valLossRise, LT.aucFallShare: what they rest on is written there).
 */
export const overfitting: Rule = {
  id: 'overfitting',
  title: 'validation loss rising while training loss falls',
  needs: [TAGS.valLoss, TAGS.trainLoss],
  check(run, ctx) {
    const val = series(run, TAGS.valLoss).filter((p) => Number.isFinite(p.value));
    const train = trainRowsLoss(run);
    const ev = new Map(evidenceSeries(run, 'val').map((e) => [e.step, e]));
    const aucTag = VAL_AUC.find((t) => series(run, t).some((p) => Number.isFinite(p.value)));
    const logged = aucTag ? series(run, aucTag).filter((p) => Number.isFinite(p.value)) : [];
    const noise = {
      loss: T.z * Math.SQRT2 * scatter(val.map((p) => p.value)),
      auc: T.z * Math.SQRT2 * scatter(logged.map((p) => p.value)),
    };
    const trainAt = (s: number) => train.at(s)?.loss;
    // trainscope validates once per epoch; a foreign log's records are epochs only when its steps
    // count them (PyTorch, Keras: 0, 1, 2, …) — TF1 logs on the global step, with a record before
    // training, where the record's index is no epoch: there the step is named instead
    const foreign = ctx.log !== undefined && !ctx.log.ours;
    const byEpoch = !foreign || val.every((p, i) => i === 0 || p.step === val[i - 1].step + 1);
    let bestI = 0;
    let bestAuc: { step: number; auc: number } | undefined;
    let usedLogged = false;
    const checks = val.map((p, i) => {
      if (p.value < val[bestI].value) bestI = i;
      const e = ev.get(p.step);
      const fromLog = e || !aucTag ? undefined : at(run, aucTag, p.step);
      const auc = e?.auc ?? (fromLog !== undefined && Number.isFinite(fromLog) ? fromLog : undefined);
      if (auc !== undefined && (!bestAuc || auc > bestAuc.auc)) bestAuc = { step: p.step, auc };
      const best = val[bestI].value;
      const margin = e ? T.z * e.lossGainSe : Math.max(LT.valLossRise * best, noise.loss);
      const tBest = trainAt(val[bestI].step);
      const tNow = trainAt(p.step);
      const rising =
        i > bestI && p.value - best > margin && tBest !== undefined && tNow !== undefined && tNow < tBest;
      const fell = bestAuc && auc !== undefined ? bestAuc.auc - auc : 0;
      const aucMargin = e
        ? e.aucSe === undefined
          ? Number.POSITIVE_INFINITY
          : T.z * Math.SQRT2 * e.aucSe
        : Math.max(LT.aucFallShare * ((bestAuc?.auc ?? 0.5) - 0.5), noise.auc);
      const worse = rising && auc !== undefined && fell > aucMargin && fell > 0;
      if (rising && fromLog !== undefined) usedLogged = true;
      return {
        step: p.step,
        holds: rising,
        best: val[bestI],
        bestEpoch: byEpoch ? bestI + 1 : undefined,
        worse,
        auc,
        tBest,
        tNow,
        value: p.value,
      };
    });
    const life = lifecycle(sustained(checks, T.judgeChecks));
    if (!life) return [];
    const c = checks.find((x) => x.step === life.last_step);
    if (!c) return [];
    const when = c.bestEpoch === undefined ? `step ${c.best.step}` : `epoch ${c.bestEpoch}`;
    const aucText =
      c.auc === undefined || bestAuc === undefined
        ? 'the log has no validation ROC AUC to tell whether its ranking suffered'
        : `validation ROC AUC ${bestAuc.auc.toFixed(3)} at best, ${c.auc.toFixed(3)} now`;
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
        explanation: `Validation loss bottomed out at ${when} (${c.bestEpoch === undefined ? '' : `step ${c.best.step}, `}${c.best.value.toFixed(4)}) and has risen to ${c.value.toFixed(4)} while the training loss kept falling: the network is memorising the training rows. ${c.worse ? `Validation ROC AUC fell too (${bestAuc?.auc.toFixed(3)} → ${c.auc?.toFixed(3)}): the model at ${when} was better.` : `Its ranking has not clearly suffered (${aucText}), but its probabilities grow overconfident.`} Stop at ${when}.`,
        cause: 'overfitting',
        tag: TAGS.valLoss,
        ...(usedLogged && aucTag ? { reads: [TAGS.valLoss, TAGS.trainLoss, aucTag] } : {}),
      }),
    ];
  },
};
