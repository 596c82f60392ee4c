import { TAGS } from '../../run/tags.js';
import { evidenceSeries, learnedAt, learningChecks, trainRowsLoss } from '../evidence.js';
import { finding, lifecycle } from '../finding.js';
import { activationOf, at, layers, series } from '../history.js';
import { learningRate } from '../progress.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Steps too large for the weights, shown by what they did: the weights changed by more than
 * `stepChangeHigh` of their norm per optimiser step over some probe interval, and the run is
 * damaged by it — a hidden layer lost `deadRise` of its units since the start (large steps kill
 * ReLUs) while the model, in inference mode, has not learned (dead units alone are a statistic
 * that moved: Adam at 1e-2 kills a fifth of a layer and still ends as good as 1e-3 on most sets;
 * logs without learning evidence keep the dead units alone), or the model's ranking fell clearly
 * below its best while the loss on the training rows (inference mode, see trainRowsLoss)
 * stopped improving (thrashing; not overfitting, where it keeps falling). Without NaN.
 */
export const lrTooHigh: Rule = {
  id: 'lr-too-high',
  title: 'steps large for the weights, with units dying or the model thrashing',
  needs: ['*/weights/update_ratio', TAGS.trainLoss],
  check(run, ctx) {
    const names = layers(run, ctx);
    const hidden = names.filter((L) => L !== 'output');
    const ratios = names.map((L) => series(run, TAGS.updateRatio(L, 'weights')));
    const steps = [...new Set(ratios.flatMap((r) => r.map((p) => p.step)))].sort((a, b) => a - b);
    const first = series(run, TAGS.deadFraction(hidden[0] ?? 'layer1', 'inference_mode'))[0]?.step ?? 0;
    let prev = first;
    let biggest = { perStep: 0, layer: '', step: 0 };
    const dead0 = new Map(
      hidden.map((L) => [L, at(run, TAGS.deadFraction(L, 'inference_mode'), first) ?? 0]),
    );
    const ranking = evidenceSeries(run, evidenceSeries(run, 'val').length ? 'val' : 'probe');
    const train = trainRowsLoss(run);
    const lossAt = (s: number) => train.at(s)?.loss;
    let best: (typeof ranking)[number] | undefined;
    const learning = learningChecks(run);
    const checks = steps.map((step) => {
      const span = Math.max(1, step - prev);
      prev = step;
      names.forEach((L, i) => {
        const r = ratios[i].find((p) => p.step === step)?.value;
        if (r !== undefined && Number.isFinite(r) && r / span > biggest.perStep)
          biggest = { perStep: r / span, layer: L, step };
      });
      const large = biggest.perStep > T.stepChangeHigh;
      // units that died since the start (dead-unit definitions are per activation: leaky_relu never dies)
      let died = { rise: 0, layer: '' };
      for (const L of hidden) {
        const act = activationOf(L, ctx.spec);
        if (act && !['relu', 'elu', 'selu', 'leaky_relu'].includes(act)) continue;
        const d = at(run, TAGS.deadFraction(L, 'inference_mode'), step);
        if (d !== undefined && d - (dead0.get(L) ?? 0) > died.rise)
          died = { rise: d - (dead0.get(L) ?? 0), layer: L };
      }
      const e = ranking.find((p) => p.step === step);
      let thrash: string | undefined;
      if (e?.auc !== undefined) {
        if (!best || (best.auc ?? 0) < e.auc) best = e;
        const fall = (best.auc ?? 0) - e.auc;
        const lNow = lossAt(step);
        const lBest = lossAt(best.step);
        if (
          e.aucSe !== undefined &&
          fall > T.z * Math.SQRT2 * e.aucSe &&
          lNow !== undefined &&
          lBest !== undefined &&
          lNow >= lBest
        )
          thrash = `ROC AUC fell from ${best.auc?.toFixed(3)} (step ${best.step}) to ${e.auc.toFixed(3)} while the loss on the training rows did not improve${train.inferenceMode ? ' (inference mode)' : ''}`;
      }
      const dying = died.rise >= T.deadRise && (learning.length === 0 || learnedAt(learning, step) === false);
      const damaged = dying || thrash !== undefined;
      return { step, holds: large && damaged, died: dying ? died : { rise: 0, layer: '' }, thrash };
    });
    const life = lifecycle(checks);
    if (!life) return [];
    const c = checks.find((x) => x.step === life.last_step);
    if (!c) return [];
    const lr = learningRate(run, ctx);
    const harm = [
      c.died.rise >= T.deadRise
        ? `${(100 * c.died.rise).toFixed(0)}% of ${c.died.layer}'s units died since the start${learning.length ? ' and the model has not learned' : ''}`
        : '',
      c.thrash ?? '',
    ].filter(Boolean);
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: c.died.layer ? { layer: c.died.layer } : {},
        life,
        evidence: {
          largest_change_per_step: biggest.perStep,
          in_layer: biggest.layer,
          at_step: biggest.step,
          threshold: T.stepChangeHigh,
          dead_rise: c.died.rise,
          lr,
          damage: harm.join('; '),
        },
        explanation: `The optimiser's steps change ${biggest.layer}'s weights by ${(100 * biggest.perStep).toFixed(1)}% of their norm per step (healthy runs: about 1%), and it shows: ${harm.join('; ')}. The learning rate is too high${lr ? ` (${lr})` : ''}.`,
        cause: 'learning_rate_high',
        tag: TAGS.updateRatio(biggest.layer, 'weights'),
      }),
    ];
  },
};
