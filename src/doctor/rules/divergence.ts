import { TAGS } from '../../run/tags.js';
import { evidenceSeries } from '../evidence.js';
import { finding, lifecycle } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Divergence: the loss on the training rows rises well above its best so far, or the weights
 * change by several times their own norm between two probes. The recorded training loss is
 * the dropout-mode epoch mean, so its rise counts only when the inference-mode loss on the
 * probe batch (training rows, no dropout) is clearly worse than its best too, by z standard
 * errors of the difference (or not finite); without that evidence (foreign logs) it counts
 * alone. Validation loss rising while the training loss falls is overfitting (overfitting.ts).
 */
export const divergence: Rule = {
  id: 'divergence',
  title: 'training loss rising or weights jumping: learning rate too high',
  needs: [TAGS.trainLoss],
  check(run, ctx) {
    const loss = series(run, TAGS.trainLoss).filter((p) => Number.isFinite(p.value));
    const probe = evidenceSeries(run, 'probe');
    const inferenceWorse = (step: number) => {
      if (!probe.length) return true;
      const seen = probe.filter((e) => e.step <= step);
      const now = seen.at(-1);
      if (!now) return false;
      if (!Number.isFinite(now.lossGain)) return true;
      const best = seen.reduce((b, e) => (e.lossGain > b.lossGain ? e : b), now);
      return best.lossGain - now.lossGain > T.z * Math.SQRT2 * now.lossGainSe;
    };
    let best = Number.POSITIVE_INFINITY;
    const byStep = new Map<number, string>();
    const checks = loss.map((p) => {
      const rising = Number.isFinite(best) && p.value > T.divergeRise * best && inferenceWorse(p.step);
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
