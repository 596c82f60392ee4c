import { TAGS } from '../../run/tags.js';
import { learningChecks } from '../evidence.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { at, layers } from '../history.js';
import { judgeFrom } from '../progress.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * The story's "weights not changing": once the optimiser has had enough steps (judgeFrom), no
 * layer's weights have moved 5% of their norm since the start and the model has learned nothing
 * (inference-mode evidence). Either the weights are far too large for the optimiser's steps
 * (initialisation) or the steps far too small (learning rate); the other findings say which.
 */
export const frozenWeights: Rule = {
  id: 'frozen-weights',
  title: 'weights barely changing relative to their scale, nothing learned',
  needs: ['*/weights/change_since_init', 'evidence/probe/loss_gain'],
  check(run, ctx) {
    const names = layers(run, ctx);
    const from = judgeFrom(run, ctx);
    const maxMoved = (step: number) => {
      const v = names
        .map((L) => at(run, TAGS.changeSinceInit(L, 'weights'), step))
        .filter((x): x is number => x !== undefined);
      return v.length ? Math.max(...v) : undefined;
    };
    const checks = learningChecks(run).map((c) => ({ ...c, moved: maxMoved(c.step) }));
    const life = lifecycle(
      sustained(
        checks.map((c) => ({
          step: c.step,
          holds: c.step >= from && !c.learned && c.moved !== undefined && c.moved < T.frozenChange,
        })),
        T.judgeChecks,
      ),
    );
    if (!life) return [];
    const c = checks.find((x) => x.step === life.last_step);
    if (!c || c.moved === undefined) return [];
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        life,
        evidence: {
          max_layer_change_since_init: c.moved,
          steps: c.step,
          threshold: T.frozenChange,
          learning: c.how,
        },
        explanation: `After ${c.step} steps no layer's weights have moved more than ${(100 * c.moved).toFixed(1)}% of their norm and the model has learned nothing (${c.how}): the weights are effectively frozen. Either they are far too large for the optimiser's step (initialisation) or the step is far too small (learning rate).`,
        cause: 'learning_rate_low',
        symptom: true,
        tag: TAGS.changeSinceInit(names[0], 'weights'),
      }),
    ];
  },
};
