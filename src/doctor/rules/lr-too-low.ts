import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * After a few hundred steps the weights have hardly moved (median relative change since init
 * below 1%) and the training loss has hardly improved: the steps are too small.
 */
export const lrTooLow: Rule = {
  id: 'lr-too-low',
  title: 'weights and loss barely moving: learning rate too low',
  needs: [TAGS.trainLoss, '*/weights/change_since_init'],
  check(run, ctx) {
    const loss = series(run, TAGS.trainLoss).filter((p) => Number.isFinite(p.value));
    if (loss.length < 2) return [];
    const names = layers(run, ctx);
    const changes = names.map((L) => series(run, TAGS.changeSinceInit(L, 'weights')));
    for (const p of changes[0] ?? []) {
      if (p.step < T.lrLowMinSteps) continue;
      const atStep = changes
        .map((s) => s.find((x) => x.step === p.step)?.value ?? Number.NaN)
        .sort((a, b) => a - b);
      const median = atStep[Math.floor(atStep.length / 2)];
      const upTo = loss.filter((x) => x.step <= p.step);
      if (upTo.length < 2) continue;
      const improved = (upTo[0].value - upTo[upTo.length - 1].value) / Math.abs(upTo[0].value);
      if (median < T.lrLowChange && improved < T.lrLowLossImprovement) {
        return [
          finding(ctx, {
            id: this.id,
            severity: 'warning',
            step: p.step,
            evidence: {
              median_change_since_init: median,
              loss_improvement: improved,
              steps: p.step,
              lr: ctx.config?.lr as number | undefined,
            },
            explanation: `After ${p.step} steps the weights moved a median ${(100 * median).toFixed(2)}% of their norm and the training loss improved ${(100 * improved).toFixed(2)}%: the steps are too small to get anywhere in a reasonable number of epochs.`,
            cause: 'learning_rate_low',
            tag: TAGS.changeSinceInit(names[0], 'weights'),
          }),
        ];
      }
    }
    return [];
  },
};
