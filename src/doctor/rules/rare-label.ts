import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { labels } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';
import { labelPoints } from './labels-helpers.js';

/**
 * A rare label never predicted positive at two consecutive probes after the start. Below 1%
 * prevalence the unweighted loss all but ignores the label (warning); between 1% and 10% it is
 * common in healthy multi-label runs and a threshold choice (info).
 */
export const rareLabel: Rule = {
  id: 'rare-label-never-predicted',
  title: 'rare label never predicted positive',
  needs: ['output/positive_rate/', 'output/prevalence/'],
  check(run, ctx) {
    const out: Finding[] = [];
    for (const label of labels(run, ctx)) {
      const pts = labelPoints(run, label).slice(1);
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1];
        const b = pts[i];
        if (!(b.prevalence > 0 && b.prevalence < T.rarePrevalence) || a.rate > 0 || b.rate > 0) continue;
        out.push(
          finding(ctx, {
            id: this.id,
            severity: b.prevalence < T.almostNeverPrevalence ? 'warning' : 'info',
            where: { label },
            step: a.step,
            evidence: { prevalence: b.prevalence, positive_rate: b.rate, logit_spread: b.spread },
            explanation: `Label '${label}' is positive for ${(100 * b.prevalence).toFixed(1)}% of the samples and is never predicted positive at threshold 0.5: with an unweighted loss the best constant answer is "no", so recall for it is 0 even if its ranking is fine.`,
            cause: 'imbalance',
            tag: TAGS.positiveRate(label),
          }),
        );
        break;
      }
    }
    return out;
  },
};
