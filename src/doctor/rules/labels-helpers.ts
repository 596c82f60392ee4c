import type { RunData } from '../../events/types.js';
import { TAGS } from '../../run/tags.js';
import { at, labels, series } from '../history.js';
import type { RunContext } from '../types.js';

/** Prevalences (latest probe) of every label with the tags, for the constant-predictor loss. */
export function prevalences(run: RunData, ctx: RunContext): number[] {
  return labels(run, ctx)
    .map((l) => series(run, TAGS.prevalence(l)).at(-1)?.value)
    .filter((v): v is number => v !== undefined);
}

/** Per-label probe points after the first probe: step, positive rate, prevalence, spread. */
export function labelPoints(run: RunData, label: string) {
  return series(run, TAGS.positiveRate(label)).map((p) => ({
    step: p.step,
    rate: p.value,
    prevalence: at(run, TAGS.prevalence(label), p.step) ?? Number.NaN,
    spread: at(run, TAGS.outputSpread(label), p.step),
  }));
}

/** True when the run's loss is weighted (pos_weight), so it is not comparable with the plain entropy. */
export function weightedLoss(ctx: RunContext): boolean {
  return Boolean(ctx.spec?.posWeight) || ctx.config?.posWeight !== undefined;
}
