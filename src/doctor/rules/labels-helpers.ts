import type { RunData } from '../../events/types.js';
import { TAGS } from '../../run/tags.js';
import { at, series } from '../history.js';
import { T } from '../thresholds.js';
import type { RunContext } from '../types.js';

/** Per-label probe points after the first probe: step, positive rate, prevalence, spread. */
export function labelPoints(run: RunData, label: string) {
  return series(run, TAGS.positiveRate(label)).map((p) => ({
    step: p.step,
    rate: p.value,
    prevalence: at(run, TAGS.prevalence(label), p.step) ?? Number.NaN,
    spread: at(run, TAGS.outputSpread(label), p.step),
  }));
}

/** True when the run's loss is weighted (pos_weight). */
export function weightedLoss(ctx: RunContext): boolean {
  return Boolean(ctx.spec?.posWeight) || ctx.config?.posWeight !== undefined;
}

/** The positive weight of label `index` (1 when the loss is unweighted; undefined when weighted but unknown). */
export function posWeightOf(ctx: RunContext, index: number): number | undefined {
  const w = ctx.spec?.posWeight;
  if (w) return w[index];
  return weightedLoss(ctx) ? undefined : 1;
}

/** Probe rows behind the output/ rates (for sample-size margins). */
export function probeRows(run: RunData, step: number): number {
  return at(run, TAGS.evidence('probe', 'rows'), step) ?? 512;
}

/**
 * Does the model rank this label clearly better than chance at `step` (ROC AUC on the logits
 * beyond z standard errors of 0.5, on the probe rows or on the validation rows of that step)?
 */
export function ranksAboveChance(run: RunData, label: string): (step: number) => boolean {
  const splits = (['probe', 'val'] as const).map((split) => ({
    auc: new Map(series(run, TAGS.evidenceAuc(split, label)).map((p) => [p.step, p.value])),
    se: new Map(series(run, TAGS.evidenceAucSe(split, label)).map((p) => [p.step, p.value])),
  }));
  return (step) =>
    splits.some(({ auc, se }) => {
      const a = auc.get(step);
      const s = se.get(step);
      return a !== undefined && s !== undefined && a - 0.5 > T.z * s;
    });
}
