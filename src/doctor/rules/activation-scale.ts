import { TAGS } from '../../run/tags.js';
import { finding, lifecycle } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/**
 * Pre-activation spread across depth at the first probe and later: exploding (a layer's std
 * beyond 50, or growing > 4× from one layer to the next) or vanishing (the last hidden layer's
 * std below 1% of the first's). With standardised inputs and Glorot/He init every layer sits near 1.
 */
export const activationScale: Rule = {
  id: 'activation-scale',
  title: 'activations exploding or vanishing across depth',
  needs: ['*/preactivations/inference_mode/std'],
  check(run, ctx) {
    const names = layers(run, ctx);
    const stds = names.map((L) => series(run, TAGS.preactivationStd(L, 'inference_mode')));
    const probeSteps = stds[0]?.map((p) => p.step) ?? [];
    const hits: { step: number; f: Finding }[] = [];
    for (const step of probeSteps) {
      const v = stds.map((s) => s.find((p) => p.step === step)?.value ?? Number.NaN);
      const growth = v.slice(1).map((x, i) => x / v[i]);
      const maxI = v.reduce((b, x, i) => (x > v[b] ? i : b), 0);
      const maxG = growth.reduce((b, x, i) => (x > growth[b] ? i : b), 0);
      const exploding =
        v[maxI] > T.preactExplode || (step === probeSteps[0] && growth[maxG] > T.growthExplode);
      const hiddenLast = names.length >= 3 ? v[names.length - 2] : Number.NaN;
      const vanishing = hiddenLast / v[0] < T.vanishRatio && v[0] > 0;
      if (!exploding && !vanishing) continue;
      if (hits.length) {
        hits.push({ step, f: hits[0].f });
        continue;
      }
      const evidence: Record<string, number | string> = {};
      names.forEach((L, i) => {
        evidence[`${L}_preact_std`] = v[i];
      });
      const f: Finding = finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: {
          layer: exploding ? names[v[maxI] > T.preactExplode ? maxI : maxG + 1] : names[names.length - 2],
        },
        step: 0,
        evidence: { ...evidence, direction: exploding ? 'exploding' : 'vanishing', max_growth: growth[maxG] },
        explanation: exploding
          ? `Pre-activation spread grows across depth (largest std ${v[maxI].toPrecision(3)} in ${names[maxI]}, largest layer-to-layer growth ${growth[maxG].toFixed(1)}×). With standardised inputs and a matched initialisation every layer stays near 1; here the signal blows up, saturating the outputs.`
          : `Pre-activation spread shrinks across depth (${names[0]} ${v[0].toPrecision(2)} → ${names[names.length - 2]} ${hiddenLast.toPrecision(2)}): the deeper layers see almost nothing and the gradients shrink the same way.`,
        cause: 'initialisation',
        symptom: true,
        tag: TAGS.preactivationStd(names[maxI], 'inference_mode'),
      });
      hits.push({ step, f });
    }
    const life = lifecycle(probeSteps.map((step) => ({ step, holds: hits.some((h) => h.step === step) })));
    return life && hits.length ? [{ ...hits[0].f, ...life }] : [];
  },
};
