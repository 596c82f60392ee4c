import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { series } from '../history.js';
import { LT } from '../log-thresholds.js';
import { scatter } from '../scatter.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';
import { aucNear, VAL_AUC_TAGS as VAL_AUC } from './outcome.js';

/**
 * Learning, but far too slowly: the validation ROC AUC was still rising over the last third of
 * the records at (at least LT.pace of) the pace of the first third, clearly beyond the series'
 * scatter, and the validation loss was still falling. A healthy run decelerates — it gains most
 * of its AUC early and flattens, however slowly it converges — so a run that ends at its
 * starting pace was stopped long before it got anywhere: the steps are too small for its length.
 * For logs without trainscope's learning evidence (which lr-too-low reads), and only where the
 * AUC is off chance (at chance, ranking-at-chance says it).
 */
export const slowLearning: Rule = {
  id: 'slow-learning',
  title: 'validation AUC still rising at its starting pace when the run ended: learning rate too low',
  needs: [],
  needsAny: VAL_AUC,
  supersededBy: ['evidence/probe/loss_gain'],
  check(run, ctx) {
    const tag = VAL_AUC.find((t) => series(run, t).length >= LT.paceRecords);
    if (!tag || aucNear(run, LT.chanceMargin)) return [];
    const pts = series(run, tag);
    if (pts.some((p) => !Number.isFinite(p.value))) return [];
    const n = pts.length;
    const k = Math.floor(n / 3);
    const first = pts[k].value - pts[0].value;
    const lastGain = pts[n - 1].value - pts[n - 1 - k].value;
    const margin = T.z * Math.SQRT2 * scatter(pts.map((p) => p.value));
    const val = series(run, TAGS.valLoss).filter((p) => Number.isFinite(p.value));
    const kl = Math.floor(val.length / 3);
    const lossFalling =
      val.length < LT.paceRecords || val[val.length - 1].value < val[val.length - 1 - kl].value;
    if (!(first > margin && lastGain > margin && lastGain >= LT.pace * first && lossFalling)) return [];
    const ratio = lastGain / first;
    const span = (a: number, b: number) => `steps ${pts[a].step}–${pts[b].step}`;
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        step: pts[n - 1 - k].step,
        evidence: {
          auc_tag: tag,
          auc_first: pts[0].value,
          auc_last: pts[n - 1].value,
          gain_first_third: first,
          gain_last_third: lastGain,
          pace_ratio: ratio,
          records: n,
        },
        explanation: `${tag} rose ${first.toFixed(3)} over the first third of its records (${span(0, k)}) and still ${lastGain.toFixed(3)} over the last third (${span(n - 1 - k, n - 1)}), ending at ${pts[n - 1].value.toFixed(3)}: the model was improving ${ratio >= 1 ? 'faster than ever' : 'almost as fast as at its start'} when the run ended${ratio < 1 ? ` (on a curve levelling off exponentially, about ${Math.round(100 * (1 - ratio ** 1.5))}% of the way to its level)` : ''}. A healthy run gains most of its AUC early and then flattens; one that keeps its starting pace to the end has taken steps too small to get far in the epochs it had.`,
        cause: 'learning_rate_low',
        tag,
        reads: [tag, ...(val.length ? [TAGS.valLoss] : [])],
      }),
    ];
  },
};
