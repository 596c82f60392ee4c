import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Steps too big: the loss rises well above its best so far, or the weights change by several
 * times their own norm between two probes (update_ratio). Either is the learning rate.
 */
export const divergence: Rule = {
  id: 'divergence',
  title: 'loss rising or weights jumping: learning rate too high',
  needs: [TAGS.trainLoss],
  check(run, ctx) {
    const hits: { step: number; evidence: Record<string, number | string>; text: string; tag: string }[] = [];
    for (const tag of [TAGS.trainLoss, TAGS.valLoss]) {
      const loss = series(run, tag);
      let best = Number.POSITIVE_INFINITY;
      for (const p of loss) {
        if (Number.isFinite(best) && p.value > T.divergeRise * best) {
          hits.push({
            step: p.step,
            evidence: { loss: p.value, best_before: best, rise: p.value / best, tag },
            text: `${tag} rose to ${p.value.toPrecision(3)}, ${(p.value / best).toFixed(1)}× its best so far (${best.toPrecision(3)})`,
            tag,
          });
          break;
        }
        if (Number.isFinite(p.value)) best = Math.min(best, p.value);
      }
    }
    for (const L of layers(run, ctx)) {
      const p = series(run, TAGS.updateRatio(L, 'weights')).find((x) => x.value > T.updateRatioHigh);
      if (p) {
        hits.push({
          step: p.step,
          evidence: { layer: L, update_ratio: p.value, threshold: T.updateRatioHigh },
          text: `${L}'s weights changed by ${p.value.toFixed(1)}× their own norm between two probes`,
          tag: TAGS.updateRatio(L, 'weights'),
        });
      }
    }
    if (!hits.length) return [];
    hits.sort((a, b) => a.step - b.step);
    const h = hits[0];
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        step: h.step,
        evidence: h.evidence,
        explanation: `${h.text}: the optimiser's steps overshoot, which throws the weights around, kills ReLUs and can end in NaN. The learning rate is too high.`,
        cause: 'learning_rate_high',
        tag: h.tag,
      }),
    ];
  },
};
