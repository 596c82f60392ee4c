import { TAGS } from '../../run/tags.js';
import { finding, lifecycle } from '../finding.js';
import { fans, layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Weight-gradient RMS of the first layer against the last: far smaller → vanishing gradients
 * (the early layers do not learn), far larger → exploding. RMS per element, so layer sizes do
 * not matter (needs the spec); without it, norms are compared (AUTOTRAINER's 1e-4 on norms).
 */
export const gradientScale: Rule = {
  id: 'gradient-scale',
  title: 'gradients vanishing or exploding across depth',
  needs: ['*/gradients/weights/norm'],
  check(run, ctx) {
    const names = layers(run, ctx);
    if (names.length < 2) return [];
    const first = names[0];
    const lastL = names[names.length - 1];
    const size = (L: string) => {
      const f = ctx.spec ? fans(L, ctx.spec) : undefined;
      return f ? Math.sqrt(f.fanIn * f.fanOut) : 1;
    };
    const a = series(run, TAGS.gradientNorm(first, 'weights'));
    const b = series(run, TAGS.gradientNorm(lastL, 'weights'));
    const scaleV = ctx.spec ? T.gradVanish : T.gradVanish / 10;
    const checks = a.flatMap((p) => {
      const q = b.find((x) => x.step === p.step);
      if (!q || !(q.value > 0)) return [];
      const ratio = p.value / size(first) / (q.value / size(lastL));
      return [
        { step: p.step, holds: ratio < scaleV || ratio > T.gradExplode, ratio, p: p.value, q: q.value },
      ];
    });
    const life = lifecycle(checks);
    if (!life) return [];
    const c = checks.find((x) => x.step === life.step) ?? checks[0];
    const vanishing = c.ratio < scaleV;
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: { layer: first },
        life,
        evidence: {
          first_layer_grad_norm: c.p,
          last_layer_grad_norm: c.q,
          rms_ratio: c.ratio,
          direction: vanishing ? 'vanishing' : 'exploding',
        },
        explanation: vanishing
          ? `${first}'s gradients are ${c.ratio.toExponential(1)}× the output layer's (per weight): the early layers barely learn.`
          : `${first}'s gradients are ${c.ratio.toExponential(1)}× the output layer's (per weight): updates to the early layers are huge and unstable.`,
        cause: vanishing ? 'initialisation' : 'learning_rate_high',
        symptom: true,
        tag: TAGS.gradient(first, 'weights'),
      }),
    ];
  },
};
