import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { labels } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';
import { labelPoints } from './labels-helpers.js';

/**
 * A label predicted positive for every sample while fewer than 60% are (never loss-optimal), or
 * negative for every sample while at least 40% are, at two consecutive probes after the start
 * (the story: every label 100% positive). Prevalences in between a rare label and 40% are left
 * to the rare-label rule or count as a threshold choice.
 */
export const constantLabel: Rule = {
  id: 'constant-label',
  title: 'label predicted always positive or always negative',
  needs: ['output/positive_rate/', 'output/prevalence/'],
  check(run, ctx) {
    const out: Finding[] = [];
    for (const label of labels(run, ctx)) {
      const pts = labelPoints(run, label).slice(1);
      const bad = (p: (typeof pts)[number]) =>
        (p.rate >= T.constantShare && p.prevalence < T.alwaysPositiveMaxPrevalence) ||
        (p.rate <= 1 - T.constantShare && p.prevalence >= T.alwaysNegativeMinPrevalence && p.prevalence < 1);
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1];
        if (!bad(a) || !bad(pts[i]) || a.rate >= 0.5 !== pts[i].rate >= 0.5) continue;
        const positive = a.rate >= 0.5;
        out.push(
          finding(ctx, {
            id: this.id,
            severity: 'warning',
            where: { label },
            step: a.step,
            evidence: {
              positive_rate: a.rate,
              prevalence: a.prevalence,
              logit_spread: a.spread,
              predicted: positive ? 'always positive' : 'always negative',
            },
            explanation: `Label '${label}' is predicted ${positive ? 'positive' : 'negative'} for every probe sample while ${(100 * a.prevalence).toFixed(0)}% are positive: recall ${positive ? '1.0 and precision = prevalence' : '0'}, and the output does not separate the samples.`,
            cause: 'unknown',
            symptom: true,
            tag: TAGS.positiveRate(label),
          }),
        );
        break;
      }
    }
    return out;
  },
};
