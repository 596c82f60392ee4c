import { TAGS } from '../../run/tags.js';
import { learningChecks } from '../evidence.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { at, layers } from '../history.js';
import { learningRate } from '../progress.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Steps too small to get anywhere: after `judgeSteps` optimiser steps the weights have moved a
 * median of less than 1% of their norm since the start, and the model has not learned anything
 * (inference-mode evidence, see evidence.ts). Small moves while the model does learn are
 * fine-tuning, not a fault.
 */
export const lrTooLow: Rule = {
  id: 'lr-too-low',
  title: 'weights barely moving and nothing learned: learning rate too low',
  needs: ['*/weights/change_since_init', 'evidence/probe/loss_gain'],
  check(run, ctx) {
    const names = layers(run, ctx);
    const median = (step: number) => {
      const v = names
        .map((L) => at(run, TAGS.changeSinceInit(L, 'weights'), step))
        .filter((x): x is number => x !== undefined && !Number.isNaN(x))
        .sort((a, b) => a - b);
      return v.length ? v[Math.floor(v.length / 2)] : undefined;
    };
    const checks = learningChecks(run).map((c) => ({ ...c, moved: median(c.step) }));
    const life = lifecycle(
      sustained(
        checks.map((c) => ({
          step: c.step,
          holds: c.step >= T.judgeSteps && !c.learned && c.moved !== undefined && c.moved < T.lrLowChange,
        })),
        T.judgeChecks,
      ),
    );
    if (!life) return [];
    const c = checks.find((x) => x.step === life.last_step);
    if (!c || c.moved === undefined) return [];
    const lr = learningRate(run, ctx);
    const perStep = c.moved / c.step;
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        life,
        evidence: {
          median_change_since_init: c.moved,
          steps: c.step,
          lr,
          steps_to_move_10_percent: perStep > 0 ? Math.round(0.1 / perStep) : 'never',
          learning: c.how,
        },
        explanation: `After ${c.step} steps${lr ? ` at learning rate ${lr}` : ''} the weights have moved a median ${(100 * c.moved).toFixed(2)}% of their norm and the model has learned nothing (${c.how}). At this pace moving them 10% would take ${perStep > 0 ? Math.round(0.1 / perStep) : '∞'} steps: the steps are too small.`,
        cause: 'learning_rate_low',
        tag: TAGS.changeSinceInit(names[0], 'weights'),
      }),
    ];
  },
};
