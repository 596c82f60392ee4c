import { TAGS } from '../../run/tags.js';
import { learnedAt, learningChecks } from '../evidence.js';
import { finding, lifecycle } from '../finding.js';
import { activationOf, at, layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** Activations whose units can die (no gradient for any input); see run/layer-stats' flatRange. */
const CAN_DIE = ['relu', 'leaky_relu', 'elu', 'selu'];

/**
 * Units that pass no gradient for any probe sample at inference (dead is defined per activation:
 * leaky_relu units never die). Some dead units are normal; most of a layer dead means little
 * passes (warning), a whole layer dead means the output is just the output bias (fatal). Dead
 * from the start with negative biases → the bias initialisation. Most of a layer dead while the
 * model, in inference mode, has learned (beats the constant predictor or ranks above chance) is
 * info: the units are gone but the run is not shown worse (logs without that evidence: warning).
 */
export const deadUnits: Rule = {
  id: 'dead-units',
  title: 'most units of a layer dead at inference',
  needs: ['*/dead_fraction/inference_mode'],
  check(run, ctx) {
    const out: Finding[] = [];
    const learning = learningChecks(run);
    for (const L of layers(run, ctx)) {
      const act = activationOf(L, ctx.spec);
      if (L === 'output' || (act !== undefined && !CAN_DIE.includes(act))) continue;
      const pts = series(run, TAGS.deadFraction(L, 'inference_mode'));
      const life = lifecycle(pts.map((p) => ({ step: p.step, holds: p.value >= T.deadWarning })));
      if (!life) continue;
      const shown = pts.find((p) => p.step === life.last_step) ?? pts[0];
      const worst = pts.reduce((m, p) => Math.max(m, p.value), 0);
      const fatal = life.status === 'current' && shown.value >= T.deadFatal;
      const first = pts[0];
      const biasMean = at(run, TAGS.paramStat(L, 'biases', 'mean'), first.step);
      const fromStart = life.step === first.step && biasMean !== undefined && biasMean < 0;
      out.push(
        finding(ctx, {
          id: this.id,
          severity: fatal ? 'fatal' : learnedAt(learning, shown.step) ? 'info' : 'warning',
          where: { layer: L },
          life,
          evidence: {
            dead_fraction: shown.value,
            at_step: shown.step,
            worst,
            train_mode_dead_fraction: at(run, TAGS.deadFraction(L, 'train_mode'), shown.step),
            initial_bias_mean: biasMean,
            threshold: fatal ? T.deadFatal : T.deadWarning,
          },
          explanation: fromStart
            ? `${(100 * first.value).toFixed(0)}% of ${L}'s units output 0 for every probe sample from the start: the initial biases (mean ${biasMean?.toPrecision(2)}) push the pre-activations below zero, so those units get no gradient and can never recover.`
            : `${(100 * shown.value).toFixed(0)}% of ${L}'s units pass no gradient for any probe sample at inference${fatal ? ': nothing passes, the output is just the output bias and the same for every sample' : ''}. Dead ReLUs get no gradient and do not come back.`,
          cause: fromStart ? 'bias_initialisation' : 'activation',
          symptom: !fromStart,
          tag: TAGS.deadFraction(L, 'inference_mode'),
        }),
      );
    }
    return out;
  },
};
