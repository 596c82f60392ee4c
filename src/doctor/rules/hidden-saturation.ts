import { TAGS } from '../../run/tags.js';
import { finding, lifecycle } from '../finding.js';
import { activationOf, layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** Sigmoid/tanh hidden units in their flat region for most samples: gradients vanish through them. */
export const hiddenSaturation: Rule = {
  id: 'hidden-saturation',
  title: 'sigmoid/tanh hidden units saturated',
  needs: ['*/saturated_fraction/inference_mode'],
  check(run, ctx) {
    const out: Finding[] = [];
    for (const L of layers(run, ctx)) {
      const act = activationOf(L, ctx.spec);
      if (L === 'output' || (act !== 'sigmoid' && act !== 'tanh')) continue;
      const pts = series(run, TAGS.saturatedFraction(L, 'inference_mode'));
      const life = lifecycle(pts.map((p) => ({ step: p.step, holds: p.value > T.hiddenSaturated })));
      if (!life) continue;
      const hit = pts.find((p) => p.step === life.step) ?? pts[0];
      out.push(
        finding(ctx, {
          id: this.id,
          severity: 'warning',
          where: { layer: L },
          life,
          evidence: { saturated_fraction: hit.value, activation: act, threshold: T.hiddenSaturated },
          explanation: `${(100 * hit.value).toFixed(0)}% of ${L}'s ${act} pre-activations are in the flat region, where the derivative is ~0: those units pass no gradient and barely learn.`,
          cause: 'initialisation',
          symptom: true,
          tag: TAGS.preactivations(L, 'inference_mode'),
        }),
      );
    }
    return out;
  },
};
