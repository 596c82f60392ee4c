import { finding } from '../finding.js';
import { LT } from '../log-thresholds.js';
import type { Rule } from '../types.js';
import { AUC_TAGS, aucNear } from './outcome.js';

/**
 * The model ranks no better than a coin: a logged ROC AUC within 0.02 of 0.5 at each of the last
 * records (without being exactly 0.5, which is the collapse). Whatever the internals show, a
 * run in this state has learned nothing usable; the cause comes from the other findings.
 */
export const rankingAtChance: Rule = {
  id: 'ranking-at-chance',
  title: 'ROC AUC at chance at the end of the run',
  needs: [],
  needsAny: [...AUC_TAGS],
  supersededBy: ['output/spread/'],
  check(run, ctx) {
    if (aucNear(run, LT.collapseMargin)) return [];
    const hit = aucNear(run, LT.chanceMargin);
    if (!hit) return [];
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        step: hit.step,
        evidence: { auc_tag: hit.tag, auc: hit.value, best_auc: hit.best, margin: LT.chanceMargin },
        explanation: `${hit.tag} has stayed within ${LT.chanceMargin} of 0.5 since step ${hit.step} (now ${hit.value.toFixed(3)}, best ${hit.best.toFixed(3)}): the model ranks positives no better than chance, so it has learned nothing usable.`,
        cause: 'unknown',
        symptom: true,
        tag: hit.tag,
        reads: [hit.tag],
      }),
    ];
  },
};
