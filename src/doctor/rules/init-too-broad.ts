import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { activationOf, at, layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/**
 * Weights at their first record broader than any standard initialiser for the layer's fans
 * (std / max(Glorot, He, LeCun) = min(std_vs_glorot, std_vs_he), since LeCun ≤ He), *and* the
 * forward pass at that probe shows the harm: outputs saturated (mean |logit| beyond initLogit)
 * or hidden sigmoid/tanh units saturated. The ratio compounds layer by layer; a broad layer whose
 * signal stays sane is not a fault. Foreign logs without the forward record need a larger ratio.
 */
export const initTooBroad: Rule = {
  id: 'init-too-broad',
  title: 'initial weights far broader than Glorot/He for the layer, saturating the forward pass',
  needs: ['*/weights/std_vs_glorot', '*/weights/std_vs_he'],
  check(run, ctx) {
    const names = layers(run, ctx);
    const out: Finding[] = [];
    const start = series(run, TAGS.stdVsGlorot(names[0] ?? 'layer1'))[0]?.step ?? 0;
    const logit = at(run, TAGS.meanAbsLogit, start);
    const saturatedHidden = names
      .filter((L) => ['sigmoid', 'tanh'].includes(activationOf(L, ctx.spec) ?? ''))
      .map((L) => ({ L, v: at(run, TAGS.saturatedFraction(L, 'inference_mode'), start) ?? 0 }))
      .filter((x) => x.v > T.hiddenSaturated);
    const harm =
      logit !== undefined && logit > T.initLogit
        ? `the mean |logit| before any update is ${logit.toPrecision(3)} (a matched initialisation gives about 1), so the sigmoid outputs start saturated`
        : saturatedHidden.length
          ? `${(100 * saturatedHidden[0].v).toFixed(0)}% of ${saturatedHidden[0].L}'s pre-activations start in the flat region of its activation`
          : undefined;
    for (const L of names) {
      const g = series(run, TAGS.stdVsGlorot(L))[0];
      const h = series(run, TAGS.stdVsHe(L)).find((p) => p.step === g?.step);
      if (!g || !h) continue;
      const ratio = Math.min(g.value, h.value);
      const forwardKnown = logit !== undefined;
      if (!(ratio > (forwardKnown ? T.initBroad : T.initBroadAlone))) continue;
      if (forwardKnown && !harm) continue;
      const std = at(run, TAGS.paramStat(L, 'weights', 'std'), g.step);
      out.push(
        finding(ctx, {
          id: this.id,
          severity: 'warning',
          where: { layer: L },
          step: g.step,
          evidence: {
            weight_std: std,
            std_vs_glorot: g.value,
            std_vs_he: h.value,
            glorot_std: std !== undefined ? std / g.value : undefined,
            mean_abs_logit_at_start: logit,
            threshold: forwardKnown ? T.initBroad : T.initBroadAlone,
          },
          explanation: `${L}'s initial weights are ${ratio.toFixed(1)}× the largest standard std for its fan-in and fan-out (${g.value.toFixed(1)}× Glorot). Each layer multiplies the signal's spread by that factor${harm ? `, and ${harm}` : ''}: saturated units pass almost no gradient, and weights this large relative to the optimiser's steps barely change ("weights not changing").`,
          cause: 'initialisation',
          tag: TAGS.param(L, 'weights'),
        }),
      );
    }
    return out;
  },
};
