import { TAGS } from '../../run/tags.js';
import { finding, lifecycle } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Divergence: the *training* loss rises well above its best so far, or the weights change by
 * several times their own norm between two probes. Validation loss rising while the training
 * loss falls is overfitting (overfitting.ts), not this.
 */
export const divergence: Rule = {
  id: 'divergence',
  title: 'training loss rising or weights jumping: learning rate too high',
  needs: [TAGS.trainLoss],
  check(run, ctx) {
    const loss = series(run, TAGS.trainLoss).filter((p) => Number.isFinite(p.value));
    let best = Number.POSITIVE_INFINITY;
    const byStep = new Map<number, string>();
    const checks = loss.map((p) => {
      const rising = Number.isFinite(best) && p.value > T.divergeRise * best;
      if (rising)
        byStep.set(
          p.step,
          `the training loss rose to ${p.value.toPrecision(3)}, ${(p.value / best).toFixed(1)}× its best so far (${best.toPrecision(3)})`,
        );
      best = Math.min(best, p.value);
      return { step: p.step, holds: rising };
    });
    for (const L of layers(run, ctx)) {
      for (const p of series(run, TAGS.updateRatio(L, 'weights'))) {
        if (!(p.value > T.updateRatioHigh)) continue;
        const c = checks.find((x) => x.step === p.step);
        if (c) c.holds = true;
        else checks.push({ step: p.step, holds: true });
        byStep.set(
          p.step,
          `${L}'s weights changed by ${p.value.toFixed(1)}× their own norm between two probes`,
        );
      }
    }
    checks.sort((a, b) => a.step - b.step);
    const life = lifecycle(checks);
    if (!life) return [];
    const text = byStep.get(life.step) ?? '';
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        life,
        evidence: { what: text, best_train_loss: best },
        explanation: `${text[0]?.toUpperCase()}${text.slice(1)}: the optimiser's steps overshoot, which throws the weights around, kills ReLUs and can end in NaN. The learning rate is too high.`,
        cause: 'learning_rate_high',
        tag: TAGS.trainLoss,
      }),
    ];
  },
};
