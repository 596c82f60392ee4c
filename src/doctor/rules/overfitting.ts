import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/** Validation loss rising for a few epochs past its minimum while the training loss keeps falling. */
export const overfitting: Rule = {
  id: 'overfitting',
  title: 'validation loss rising while training loss falls',
  needs: [TAGS.valLoss, TAGS.trainLoss],
  check(run, ctx) {
    const val = series(run, TAGS.valLoss).filter((p) => Number.isFinite(p.value));
    const train = series(run, TAGS.trainLoss);
    let bestI = 0;
    for (let i = 1; i < val.length; i++) {
      if (val[i].value < val[bestI].value) bestI = i;
      const since = i - bestI;
      const rise = val[i].value / val[bestI].value;
      if (since < T.overfitPatience || rise < T.overfitInfo) continue;
      const tBest = train.find((p) => p.step >= val[bestI].step)?.value;
      const tNow = [...train].reverse().find((p) => p.step <= val[i].step)?.value;
      if (tBest === undefined || tNow === undefined || !(tNow < tBest)) continue;
      // Report the worst point of the run, not the first that crossed the line.
      const worst = val.slice(i).reduce((a, p) => (p.value > a.value ? p : a), val[i]);
      const worstRise = worst.value / val[bestI].value;
      return [
        finding(ctx, {
          id: this.id,
          severity: worstRise >= T.overfitWarning ? 'warning' : 'info',
          step: val[i].step,
          evidence: {
            best_val_loss: val[bestI].value,
            best_step: val[bestI].step,
            val_loss: worst.value,
            rise: worstRise,
            train_loss_then: tBest,
            train_loss_now: tNow,
          },
          explanation: `Validation loss bottomed out at step ${val[bestI].step} (${val[bestI].value.toFixed(4)}) and has risen to ${worst.value.toFixed(4)} while the training loss kept falling: the network is memorising the training set.`,
          cause: 'overfitting',
          tag: TAGS.valLoss,
        }),
      ];
    }
    return [];
  },
};
