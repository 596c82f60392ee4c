import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { at, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Sigmoid outputs pinned at 0/1: mean |logit| far beyond the healthy 0.5–5, or outputs exactly
 * 0.0 or 1.0 in float32. Outputs below 0.01 alone are not counted: rare labels legitimately sit
 * there in multi-label problems.
 */
export const saturatedOutputs: Rule = {
  id: 'saturated-outputs',
  title: 'sigmoid outputs saturated at exactly 0 or 1 (huge logits)',
  needs: [TAGS.meanAbsLogit],
  check(run, ctx) {
    const hit = series(run, TAGS.meanAbsLogit).find(
      (p) => p.value > T.meanAbsLogit || (at(run, TAGS.exactZeroOne, p.step) ?? 0) > T.exactZeroOne,
    );
    if (!hit) return [];
    const exact = at(run, TAGS.exactZeroOne, hit.step);
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: { layer: 'output' },
        step: hit.step,
        evidence: {
          mean_abs_logit: hit.value,
          exact_0_or_1: exact,
          saturated_high: at(run, TAGS.saturatedHigh, hit.step),
          saturated_low: at(run, TAGS.saturatedLow, hit.step),
          threshold_mean_abs_logit: T.meanAbsLogit,
        },
        explanation: `The mean |logit| is ${hit.value.toPrecision(3)} (healthy: about 1–5)${exact !== undefined ? ` and ${(100 * exact).toFixed(1)}% of the float32 sigmoid outputs are exactly 0 or 1` : ''}. Saturated sigmoids give almost no gradient, and ties at 0/1 hide the ranking, so probability-based AUC drops.`,
        cause: 'initialisation',
        symptom: true,
        tag: TAGS.logits('inference_mode'),
      }),
    ];
  },
};
