import type { RunData } from '../../events/types.js';
import { frozenSeries, movedAtLeast } from '../../logs/movement.js';
import { finding } from '../finding.js';
import { layers } from '../history.js';
import { LT } from '../log-thresholds.js';
import type { Rule, RunContext } from '../types.js';
import { AUC_TAGS, aucNear } from './outcome.js';

/**
 * The model ranks no better than a coin: a logged ROC AUC within 0.02 of 0.5 at each of the last
 * records (without being exactly 0.5, which is the collapse). Whatever the internals show, a
 * run in this state has learned nothing usable; the cause comes from the other findings —
 * except when the weight histograms show why: every layer changed, but none visibly (a learning
 * rate far too low). Identical histograms are not that: they are a frozen or dead layer's rule.
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
    const still = barelyMoved(run, ctx);
    const why = still
      ? ` No layer's weights changed visibly from step ${still.from} to ${still.to}: the most any moved is ≥ ${(100 * still.most).toPrecision(2)}% (${still.layer}; learning runs move some layer by ${100 * LT.barelyMoved}% or more). The optimiser's steps are too small to learn: a learning rate far too low.`
      : '';
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        step: hit.step,
        evidence: {
          auc_tag: hit.tag,
          auc: hit.value,
          best_auc: hit.best,
          margin: LT.chanceMargin,
          ...(still ? { most_moved: still.most, most_moved_layer: still.layer } : {}),
        },
        explanation: `${hit.tag} has stayed within ${LT.chanceMargin} of 0.5 since step ${hit.step} (now ${hit.value.toFixed(3)}, best ${hit.best.toFixed(3)}): the model ranks positives no better than chance, so it has learned nothing usable.${why}`,
        cause: still ? 'learning_rate_low' : 'unknown',
        symptom: true,
        tag: hit.tag,
        reads: [hit.tag, ...(still ? still.tags : [])],
      }),
    ];
  },
};

/** Every layer's weights changed between the first and last record, but by less than LT.barelyMoved (a lower bound). */
function barelyMoved(
  run: RunData,
  ctx: RunContext,
): { most: number; layer: string; from: number; to: number; tags: string[] } | undefined {
  const series = layers(run, ctx)
    .map((L) => ({ L, hs: run.histograms.get(`${L}/weights`) ?? [] }))
    .filter((s) => s.hs.length >= LT.frozenMinRecords);
  if (!series.length || series.some((s) => frozenSeries(s.hs))) return undefined;
  const moved = series.map((s) => ({
    ...s,
    by: movedAtLeast(s.hs[0].histogram, s.hs[s.hs.length - 1].histogram),
  }));
  const top = moved.reduce((a, b) => (b.by > a.by ? b : a));
  if (!(top.by < LT.barelyMoved)) return undefined;
  return {
    most: top.by,
    layer: top.L,
    from: Math.min(...series.map((s) => s.hs[0].step)),
    to: Math.max(...series.map((s) => s.hs[s.hs.length - 1].step)),
    tags: series.map((s) => `${s.L}/weights`),
  };
}
