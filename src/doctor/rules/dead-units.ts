import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { activationOf, at, layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/**
 * Units that never fire on the probe batch at inference (ReLU family). Some dead units are
 * normal; most of a layer dead means little passes, and a whole layer dead means the output is
 * just the output bias. Dead from the start with negative biases → the bias initialisation.
 */
export const deadUnits: Rule = {
  id: 'dead-units',
  title: 'most ReLU units of a layer dead at inference',
  needs: ['*/dead_fraction/inference_mode'],
  check(run, ctx) {
    const out: Finding[] = [];
    for (const L of layers(run, ctx)) {
      const act = activationOf(L, ctx.spec);
      if (L === 'output' || (act !== undefined && !['relu', 'leaky_relu', 'elu', 'selu'].includes(act)))
        continue;
      const pts = series(run, TAGS.deadFraction(L, 'inference_mode'));
      const hit = pts.find((p) => p.value >= T.deadWarning);
      if (!hit) continue;
      const worst = pts.find((p) => p.value >= T.deadFatal);
      const first = pts[0];
      const biasMean = at(run, TAGS.paramStat(L, 'biases', 'mean'), first.step);
      const fromStart = hit.step === first.step && biasMean !== undefined && biasMean < 0;
      const shown = worst ?? hit;
      out.push(
        finding(ctx, {
          id: this.id,
          severity: worst ? 'fatal' : 'warning',
          where: { layer: L },
          step: hit.step,
          evidence: {
            dead_fraction: shown.value,
            at_step: shown.step,
            train_mode_dead_fraction: at(run, TAGS.deadFraction(L, 'train_mode'), shown.step),
            initial_bias_mean: biasMean,
            threshold: worst ? T.deadFatal : T.deadWarning,
          },
          explanation: fromStart
            ? `${(100 * hit.value).toFixed(0)}% of ${L}'s units output 0 for every probe sample from the start: the initial biases (mean ${biasMean?.toPrecision(2)}) push the pre-activations below zero, so those units get no gradient and can never recover.`
            : `${(100 * shown.value).toFixed(0)}% of ${L}'s units output 0 for every probe sample at inference${worst ? ': nothing passes, the output is just the output bias and the same for every sample' : ''}. Dead ReLUs get no gradient and do not come back.`,
          cause: fromStart ? 'bias_initialisation' : 'activation',
          symptom: !fromStart,
          tag: TAGS.deadFraction(L, 'inference_mode'),
        }),
      );
    }
    return out;
  },
};
