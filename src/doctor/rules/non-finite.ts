import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { series } from '../history.js';
import type { Rule } from '../types.js';

/** NaN or ±Inf in the loss or counted by the trainer: the run cannot recover. */
export const nonFinite: Rule = {
  id: 'non-finite',
  title: 'NaN or Inf in the loss, weights or gradients',
  needs: [TAGS.trainLoss],
  check(run, ctx) {
    const candidates: { tag: string; step: number; value: string }[] = [];
    for (const tag of [TAGS.trainLoss, TAGS.valLoss]) {
      for (const p of series(run, tag))
        if (!Number.isFinite(p.value)) candidates.push({ tag, step: p.step, value: String(p.value) });
    }
    for (const tag of [TAGS.nanCount, TAGS.infCount]) {
      for (const p of series(run, tag))
        if (p.value > 0) candidates.push({ tag, step: p.step, value: String(p.value) });
    }
    candidates.sort((a, b) => a.step - b.step);
    const hit = candidates[0];
    if (!hit) return [];
    return [
      finding(ctx, {
        id: this.id,
        severity: 'fatal',
        step: hit.step,
        evidence: { tag: hit.tag, value: hit.value },
        explanation: `${hit.tag} is ${hit.value} at step ${hit.step}: once a NaN or Inf enters the weights every later step is NaN too. With sane inputs and initial weights (no finding about either) it is the learning rate: the updates overshoot until the numbers overflow.`,
        // Blamed on the learning rate unless a root cause before the first update (inputs,
        // initialisation) is also found: attribute() then gives this symptom that cause instead.
        cause: 'learning_rate_high',
        symptom: true,
        tag: hit.tag,
      }),
    ];
  },
};
