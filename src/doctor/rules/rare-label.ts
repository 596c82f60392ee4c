import { TAGS } from '../../run/tags.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { labels } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';
import { labelPoints, posWeightOf } from './labels-helpers.js';

/**
 * A rare label never predicted positive at consecutive probes after the start. With an
 * unweighted loss that is what the loss asks for (the best constant answer is "no"): info, worth
 * knowing for recall. With a positive weight above 1 on that label the user asked for recall on
 * it and does not get it: a warning.
 */
export const rareLabel: Rule = {
  id: 'rare-label-never-predicted',
  title: 'rare label never predicted positive',
  needs: ['output/positive_rate/', 'output/prevalence/'],
  check(run, ctx) {
    const out: Finding[] = [];
    labels(run, ctx).forEach((label, j) => {
      const pts = labelPoints(run, label).slice(1);
      const life = lifecycle(
        sustained(
          pts.map((p) => ({
            step: p.step,
            holds: p.prevalence > 0 && p.prevalence < T.rarePrevalence && p.rate === 0,
          })),
          T.judgeChecks,
        ),
      );
      if (!life) return;
      const b = pts.find((p) => p.step === life.last_step) ?? pts[0];
      const w = posWeightOf(ctx, j);
      const asked = w === undefined || w > 1;
      out.push(
        finding(ctx, {
          id: this.id,
          severity: asked ? 'warning' : 'info',
          where: { label },
          life,
          evidence: {
            prevalence: b.prevalence,
            positive_rate: b.rate,
            logit_spread: b.spread,
            pos_weight: w,
          },
          explanation: asked
            ? `Label '${label}' is positive for ${(100 * b.prevalence).toFixed(1)}% of the samples and is never predicted positive at threshold 0.5, although its loss is weighted${w !== undefined ? ` (pos_weight ${w.toPrecision(3)})` : ''} to ask for recall on it.`
            : `Label '${label}' is positive for ${(100 * b.prevalence).toFixed(1)}% of the samples and is never predicted positive at threshold 0.5: with an unweighted loss the best constant answer is "no", so recall for it is 0 even if its ranking is fine. Weight it or pick its threshold if its recall matters.`,
          cause: 'imbalance',
          tag: TAGS.positiveRate(label),
        }),
      );
    });
    return out;
  },
};
