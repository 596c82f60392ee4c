import { TAGS } from '../../run/tags.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { labels } from '../history.js';
import { judgeFrom } from '../progress.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';
import { labelPoints, probeRows, ranksAboveChance, weightedLoss } from './labels-helpers.js';

/**
 * A label predicted on the wrong side for every probe row, with an unweighted loss: always
 * positive while clearly fewer than half are positive, or always negative while clearly more
 * than half are (beyond z standard errors of the probe batch's prevalence) — never what the loss
 * drives a model to, at any point of training. Judged once the optimiser has had enough steps
 * (judgeFrom), at consecutive probes (the story: labels 100% positive for 20–60 epochs). A label
 * near 50% can sit on either side early on; a rare label never predicted is rare-label's
 * business; with pos_weight, pos-weight-too-large's. A label the model ranks clearly better than
 * chance (its ROC AUC on the logits beyond z standard errors, on the probe or validation rows)
 * is learning: its threshold side is a matter of calibration that the loss is still fixing, so
 * it is not accused (the story's constant outputs rank at chance).
 */
export const constantLabel: Rule = {
  id: 'constant-label',
  title: 'label predicted always positive or always negative on the wrong side',
  needs: ['output/positive_rate/', 'output/prevalence/'],
  check(run, ctx) {
    if (weightedLoss(ctx)) return [];
    const from = judgeFrom(run, ctx);
    const out: Finding[] = [];
    for (const label of labels(run, ctx)) {
      const pts = labelPoints(run, label);
      const ranks = ranksAboveChance(run, label);
      const wrong = (p: (typeof pts)[number]) => {
        if (ranks(p.step)) return undefined;
        const m = T.z * Math.sqrt((p.prevalence * (1 - p.prevalence)) / probeRows(run, p.step));
        if (p.rate >= T.constantShare && p.prevalence < 0.5 - m) return 'always positive';
        if (p.rate <= 1 - T.constantShare && p.prevalence > 0.5 + m) return 'always negative';
        return undefined;
      };
      const life = lifecycle(
        sustained(
          pts.map((p) => ({ step: p.step, holds: p.step >= from && wrong(p) !== undefined })),
          T.judgeChecks,
        ),
      );
      if (!life) continue;
      const a = pts.find((p) => p.step === life.last_step) ?? pts[0];
      const side = wrong(a) ?? 'constant';
      const positive = side === 'always positive';
      out.push(
        finding(ctx, {
          id: this.id,
          severity: 'warning',
          where: { label },
          life,
          evidence: {
            positive_rate: a.rate,
            prevalence: a.prevalence,
            logit_spread: a.spread,
            predicted: side,
          },
          explanation: `Label '${label}' is predicted ${positive ? 'positive' : 'negative'} for every probe sample while ${(100 * a.prevalence).toFixed(0)}% are positive: recall ${positive ? '1.0 and precision = prevalence' : '0'}. An unweighted loss never drives a model there; the output does not separate the samples.`,
          cause: 'unknown',
          symptom: true,
          tag: TAGS.positiveRate(label),
        }),
      );
    }
    return out;
  },
};
