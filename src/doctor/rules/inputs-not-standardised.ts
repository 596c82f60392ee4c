import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { at, fans, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * Features far from mean 0 / std 1. From the input tags when recorded; otherwise inferred from
 * the first layer: for weights independent of the data, E[pre-activation variance] =
 * σ_w² · Σ_j E[x_j²] whatever the feature correlations, so pre_std / (σ_w·√fan_in) estimates the
 * inputs' RMS (≈ 1 when standardised).
 */
export const inputsNotStandardised: Rule = {
  id: 'inputs-not-standardised',
  title: 'input features far from standardised',
  needs: [],
  needsAny: ['input/', 'layer1/preactivations/inference_mode/std'],
  check(run, ctx) {
    let step: number;
    let rms: number | undefined;
    let maxStd: number | undefined;
    let maxMean: number | undefined;
    let how = 'input statistics of the probe batch';
    const direct = series(run, TAGS.inputRms)[0];
    if (direct) {
      step = direct.step;
      rms = direct.value;
      maxStd = at(run, TAGS.inputMaxStd, step);
      maxMean = at(run, TAGS.inputMaxAbsMean, step);
    } else {
      const pre = series(run, TAGS.preactivationStd('layer1', 'inference_mode'))[0];
      const f = ctx.spec ? fans('layer1', ctx.spec) : undefined;
      const w = pre ? at(run, TAGS.paramStat('layer1', 'weights', 'std'), pre.step) : undefined;
      if (!pre || !f || !w) return [];
      step = pre.step;
      rms = pre.value / (w * Math.sqrt(f.fanIn));
      how = "the first layer's pre-activation spread relative to its weights";
    }
    const big = Math.max(rms ?? 0, maxStd ?? 0, maxMean ?? 0);
    const tiny = rms !== undefined && rms < T.inputTiny;
    if (!(big > T.inputScale) && !tiny) return [];
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: { layer: 'layer1' },
        step,
        evidence: {
          input_rms: rms,
          max_feature_std: maxStd,
          max_feature_abs_mean: maxMean,
          threshold: T.inputScale,
          estimated_from: how,
        },
        explanation: tiny
          ? `The inputs' RMS is ${rms?.toPrecision(2)} (standardised: 1): the first layer sees almost nothing and learns slowly.`
          : `The inputs are far from standardised (RMS ${rms?.toPrecision(3)}, largest feature std ${maxStd?.toPrecision(3) ?? '?'}, largest |mean| ${maxMean?.toPrecision(3) ?? '?'}; standardised: about 1). Large inputs blow up the first layer's pre-activations, saturate units and make the learning rate effectively far too high for those weights.`,
        cause: 'inputs',
        tag: direct ? TAGS.inputRms : TAGS.preactivationStd('layer1', 'inference_mode'),
      }),
    ];
  },
};
