import type { RunData } from '../events/types.js';
import { TAGS } from '../run/tags.js';
import { series } from './history.js';
import { T } from './thresholds.js';
import type { RunContext } from './types.js';

/** The run's learning rate: from its config or spec, else its recorded learning-rate tag. */
export function learningRate(run: RunData, ctx: RunContext): number | undefined {
  const lr = ctx.config?.lr ?? ctx.spec?.optimizer.lr ?? series(run, TAGS.learningRate).at(-1)?.value;
  return typeof lr === 'number' && lr > 0 ? lr : undefined;
}

function optimizerKind(ctx: RunContext): string | undefined {
  const k = ctx.spec?.optimizer.kind ?? ctx.config?.optimizer;
  return typeof k === 'string' ? k : undefined;
}

/**
 * The first optimiser step at which the doctor may say a run is not learning: after
 * `judgeSteps` steps, and for optimisers whose step moves each weight by about lr (Adam,
 * RMSProp) once lr × steps reaches `judgeLrSteps`. Windows are counted in steps, never epochs:
 * 3 epochs of a 400-row set are 9 steps, 3 epochs of a 22,000-row set 500.
 */
export function judgeFrom(run: RunData, ctx: RunContext): number {
  const lr = learningRate(run, ctx);
  const adaptive = ['adam', 'rmsprop'].includes(optimizerKind(ctx) ?? '');
  const byLr = adaptive && lr ? Math.ceil(T.judgeLrSteps / lr) : 0;
  return Math.max(T.judgeSteps, byLr);
}
