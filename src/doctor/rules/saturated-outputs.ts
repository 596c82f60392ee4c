import { TAGS } from '../../run/tags.js';
import { learningChecks } from '../evidence.js';
import { finding, lifecycle } from '../finding.js';
import { at, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Sigmoid outputs pinned at 0/1: mean |logit| far beyond the healthy 0.5–5, or outputs exactly
 * 0.0 or 1.0 in float32, before the model has learned anything (at the start, or while the
 * inference-mode evidence shows no learning). A model that ranks well and grew confident on its
 * training rows is not saturated by a fault. Outputs below 0.01 alone are not counted: rare
 * labels legitimately sit there in multi-label problems.
 */
export const saturatedOutputs: Rule = {
  id: 'saturated-outputs',
  title: 'sigmoid outputs saturated at exactly 0 or 1 (huge logits) before learning',
  needs: [TAGS.meanAbsLogit],
  check(run, ctx) {
    const learned = new Map(learningChecks(run).map((c) => [c.step, c.learned]));
    const pts = series(run, TAGS.meanAbsLogit);
    const checks = pts.map((p, i) => {
      const saturated =
        p.value > T.meanAbsLogit || (at(run, TAGS.exactZeroOne, p.step) ?? 0) > T.exactZeroOne;
      return { step: p.step, holds: saturated && (i === 0 || learned.get(p.step) === false) };
    });
    const life = lifecycle(checks);
    if (!life) return [];
    const step = life.step;
    const v = pts.find((p) => p.step === step)?.value ?? Number.NaN;
    const exact = at(run, TAGS.exactZeroOne, step);
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: { layer: 'output' },
        life,
        evidence: {
          mean_abs_logit: v,
          exact_0_or_1: exact,
          saturated_high: at(run, TAGS.saturatedHigh, step),
          saturated_low: at(run, TAGS.saturatedLow, step),
          threshold_mean_abs_logit: T.meanAbsLogit,
        },
        explanation: `The mean |logit| is ${v.toPrecision(3)} (healthy: about 1–5)${exact !== undefined ? ` and ${(100 * exact).toFixed(1)}% of the float32 sigmoid outputs are exactly 0 or 1` : ''} before the model has learned anything. Saturated sigmoids give almost no gradient, and ties at 0/1 hide the ranking, so probability-based AUC drops.`,
        cause: 'initialisation',
        symptom: true,
        tag: TAGS.meanAbsLogit,
      }),
    ];
  },
};
