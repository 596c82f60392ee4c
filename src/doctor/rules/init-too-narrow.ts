import { TAGS } from '../../run/tags.js';
import { finding } from '../finding.js';
import { layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/**
 * Hidden-layer weights at their first record far narrower than any standard initialiser: the
 * signal shrinks layer by layer and so do the gradients. The output layer is exempt: a small
 * or zero output initialisation is a legitimate choice. std / min(Glorot, LeCun) =
 * max(std_vs_glorot, √2·std_vs_he), since LeCun = He/√2.
 */
export const initTooNarrow: Rule = {
  id: 'init-too-narrow',
  title: 'initial hidden weights far narrower than Glorot/He (or all equal)',
  needs: ['*/weights/std_vs_glorot', '*/weights/std_vs_he'],
  check(run, ctx) {
    const out: Finding[] = [];
    for (const L of layers(run, ctx)) {
      if (L === 'output') continue;
      const g = series(run, TAGS.stdVsGlorot(L))[0];
      const h = series(run, TAGS.stdVsHe(L)).find((p) => p.step === g?.step);
      if (!g || !h) continue;
      const ratio = Math.max(g.value, Math.SQRT2 * h.value);
      if (!(ratio < T.initNarrow)) continue;
      out.push(
        finding(ctx, {
          id: this.id,
          severity: 'warning',
          where: { layer: L },
          step: g.step,
          evidence: { std_vs_glorot: g.value, std_vs_he: h.value, threshold: T.initNarrow },
          explanation:
            g.value === 0
              ? `${L}'s weights all start equal (std 0): every unit computes the same thing and gets the same gradient, so the layer never learns more than one feature.`
              : `${L}'s initial weights are only ${g.value.toFixed(2)}× the Glorot std: the signal and the gradients shrink layer by layer, so training starts very slowly or not at all.`,
          cause: 'initialisation',
          tag: TAGS.param(L, 'weights'),
        }),
      );
    }
    return out;
  },
};
