import type { RunData } from '../../events/types.js';
import { TAGS } from '../../run/tags.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { at, labels, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';
import { labelPoints } from './labels-helpers.js';

/** Positive rate and prevalence of a label at each check: on the validation rows when recorded, else the probe's. */
function ratePoints(run: RunData, label: string) {
  const val = series(run, TAGS.evidencePositiveRate('val', label));
  if (!val.length) return labelPoints(run, label).map((p) => ({ ...p, rows: 'probe' }));
  return val.map((p) => ({
    step: p.step,
    rate: p.value,
    prevalence: at(run, TAGS.evidencePrevalence('val', label), p.step) ?? Number.NaN,
    rows: 'validation',
  }));
}

/**
 * A positive-class weight so large that labels are predicted positive for (nearly) every row:
 * the weight is heavier than "balanced" ((1 − p)/p, which puts the decision at the label's base
 * rate), so "positive" is what the weighted loss wants for any row the model cannot rule out,
 * and at threshold 0.5 the predictions carry no information (precision = prevalence). Checked
 * on the validation rows (the probe rows are training rows, which the model learns to separate).
 */
export const posWeightTooLarge: Rule = {
  id: 'pos-weight-too-large',
  title: 'pos_weight making labels always positive',
  needs: ['output/positive_rate/'],
  check(run, ctx) {
    const weights = ctx.spec?.posWeight;
    if (!weights) return [];
    const names = labels(run, ctx);
    const per = names.map((label, j) => ({ label, w: weights[j] ?? 1, pts: ratePoints(run, label) }));
    const steps = [...new Set(per.flatMap((l) => l.pts.map((p) => p.step)))].sort((a, b) => a - b);
    const always = (step: number) =>
      per.filter((l) => {
        const p = l.pts.find((x) => x.step === step);
        return (
          p &&
          p.prevalence > 0 &&
          p.prevalence < 0.5 &&
          l.w * p.prevalence > 1 - p.prevalence &&
          p.rate >= T.constantShare
        );
      });
    const life = lifecycle(
      sustained(
        steps.map((step) => ({ step, holds: always(step).length > 0 })),
        T.judgeChecks,
      ),
    );
    if (!life) return [];
    const hit = always(life.last_step);
    const rows = per[0]?.pts[0]?.rows ?? 'probe';
    const first = hit[0];
    const p = first?.pts.find((x) => x.step === life.last_step);
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        life,
        evidence: {
          labels_always_positive: hit.length,
          labels: names.length,
          example: first?.label,
          pos_weight: first?.w,
          balanced_weight: p ? (1 - p.prevalence) / p.prevalence : undefined,
          prevalence: p?.prevalence,
          positive_rate: p?.rate,
          measured_on: `${rows} rows`,
        },
        explanation: `${hit.length} of ${names.length} labels are predicted positive for ${(100 * T.constantShare).toFixed(0)}%+ of the ${rows} rows (e.g. '${first?.label}': ${(100 * (p?.rate ?? 0)).toFixed(0)}% predicted, ${(100 * (p?.prevalence ?? 0)).toFixed(0)}% positive). Its pos_weight ${first?.w.toPrecision(3)} is heavier than balanced (${p ? ((1 - p.prevalence) / p.prevalence).toPrecision(3) : '?'}), so the weighted loss calls a row positive unless the model can rule it out: at threshold 0.5 the predictions carry no information (precision = prevalence).`,
        cause: 'loss_weighting',
        tag: TAGS.positiveRate(first?.label ?? names[0]),
      }),
    ];
  },
};
