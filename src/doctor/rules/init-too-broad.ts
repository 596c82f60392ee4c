import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/**
 * Weights at their first record far broader than any standard initialiser for the layer's fans.
 * std / max(Glorot, He, LeCun) = min(std_vs_glorot, std_vs_he), since LeCun ≤ He. The ratio
 * compounds layer by layer, which is what saturates the outputs of the story's network.
 */
export const initTooBroad: Rule = {
  id: 'init-too-broad',
  title: 'initial weights far broader than Glorot/He for the layer',
  needs: ['*/weights/std_vs_glorot', '*/weights/std_vs_he'],
  check(run, ctx) {
    const out: Finding[] = [];
    for (const L of layers(run, ctx)) {
      const g = series(run, TAGS.stdVsGlorot(L))[0];
      const h = series(run, TAGS.stdVsHe(L)).find((p) => p.step === g?.step);
      if (!g || !h) continue;
      const ratio = Math.min(g.value, h.value);
      if (!(ratio > T.initBroad)) continue;
      const std = series(run, TAGS.paramStat(L, 'weights', 'std')).find((p) => p.step === g.step)?.value;
      out.push(
        finding(ctx, {
          id: this.id,
          severity: 'warning',
          where: { layer: L },
          step: g.step,
          evidence: {
            weight_std: std,
            std_vs_glorot: g.value,
            std_vs_he: h.value,
            glorot_std: std !== undefined ? std / g.value : undefined,
            threshold: T.initBroad,
          },
          explanation: `${L}'s initial weights are ${g.value.toFixed(1)}× the Glorot std for its fan-in and fan-out. Each layer multiplies the signal's spread by that factor, so later layers and the logits explode, sigmoid outputs saturate at 0/1, and the weights are so large that the optimiser's steps barely change them ("weights not changing").`,
          cause: 'initialisation',
          tag: TAGS.param(L, 'weights'),
        }),
      );
    }
    return out;
  },
};
