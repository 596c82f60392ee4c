import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * The story's "weights not changing": over a window of probes every layer moved less than 5% of
 * its norm (sum of update ratios, an upper bound of the change) while the loss also stalled.
 * Weights that move little while the loss still falls are fine-tuning, not a fault.
 */
export const frozenWeights: Rule = {
  id: 'frozen-weights',
  title: 'weights barely changing relative to their scale over a window',
  needs: ['*/weights/update_ratio', TAGS.trainLoss],
  check(run, ctx) {
    const names = layers(run, ctx);
    const ratios = names.map((L) => series(run, TAGS.updateRatio(L, 'weights')));
    const loss = series(run, TAGS.trainLoss);
    const n = ratios[0]?.length ?? 0;
    for (let end = T.frozenMinProbes - 1; end < n; end++) {
      const start = end - T.frozenMinProbes + 1;
      const s0 = ratios[0][start].step;
      const s1 = ratios[0][end].step;
      if (s1 - s0 < T.frozenMinSteps) continue;
      const moved = ratios.map((r) => r.slice(start, end + 1).reduce((a, p) => a + p.value, 0));
      const maxMoved = Math.max(...moved);
      const l0 = loss.find((p) => p.step >= s0)?.value;
      const l1 = [...loss].reverse().find((p) => p.step <= s1)?.value;
      if (l0 === undefined || l1 === undefined) continue;
      const lossGain = (l0 - l1) / Math.abs(l0);
      if (maxMoved < T.frozenChange && lossGain < T.frozenChange) {
        return [
          finding(ctx, {
            id: this.id,
            severity: 'warning',
            step: s1,
            evidence: {
              max_layer_change: maxMoved,
              window_steps: s1 - s0,
              loss_improvement: lossGain,
              threshold: T.frozenChange,
            },
            explanation: `Over the last ${s1 - s0} steps no layer's weights moved more than ${(100 * maxMoved).toFixed(1)}% of their norm, and the loss improved ${(100 * lossGain).toFixed(1)}%: the weights are effectively frozen. Either they are far too large for the optimiser's step (initialisation) or the step is far too small (learning rate).`,
            cause: 'learning_rate_low',
            symptom: true,
            tag: TAGS.updateRatio(names[0], 'weights'),
          }),
        ];
      }
    }
    return [];
  },
};
