import { looksInitial, mean, norm, std } from '../../logs/movement.js';
import { finding } from '../finding.js';
import { layers } from '../history.js';
import { LT } from '../log-thresholds.js';
import type { Finding, Rule } from '../types.js';
import { failingEvidence, fansOf } from './outcome.js';

/**
 * Steps far too big, from weight histograms: a layer's weights far broader than any
 * initialisation for its fans *and* shifted off 0 (no initialiser does that — the optimiser
 * did, before the first record), or a norm that multiplies between two records. Claimed only
 * when the run is also failing (AUC at chance, constant outputs, a non-finite loss). trainscope's
 * own runs record exact update ratios, which the divergence rule reads instead.
 */
export const weightsBlownUp: Rule = {
  id: 'weights-blown-up',
  title: 'weights thrown far from their scale by the updates: learning rate too high',
  needs: ['*/weights'],
  supersededBy: ['*/weights/update_ratio'],
  check(run, ctx) {
    const failing = failingEvidence(run);
    if (!failing) return [];
    const hits: { L: string; step: number; evidence: Finding['evidence']; text: string }[] = [];
    for (const L of layers(run, ctx)) {
      const hs = run.histograms.get(`${L}/weights`) ?? [];
      const f = fansOf(L, ctx);
      const first = hs[0];
      if (first && f && !looksInitial(first.histogram)) {
        const ref = Math.max(Math.sqrt(2 / (f.fanIn + f.fanOut)), Math.sqrt(2 / f.fanIn));
        const h = first.histogram;
        const rms = Math.sqrt(mean(h) ** 2 + std(h) ** 2);
        if (rms > LT.blownUpRatio * ref) {
          hits.push({
            L,
            step: first.step,
            evidence: { layer: L, weight_mean: mean(h), weight_std: std(h), rms_vs_init: rms / ref },
            text: `${L}'s weights at the first record (step ${first.step}) have mean ${mean(h).toPrecision(3)} and std ${std(h).toPrecision(3)}: ${(rms / ref).toFixed(0)}× the scale Glorot/He give a ${f.fanIn}→${f.fanOut} layer, and shifted off 0 as no initialiser draws them — the updates threw them there`,
          });
          continue;
        }
      }
      for (let i = 1; i < hs.length; i++) {
        const before = norm(hs[i - 1].histogram);
        const ratio = norm(hs[i].histogram) / before;
        if (before > 0 && ratio >= LT.normJump) {
          hits.push({
            L,
            step: hs[i].step,
            evidence: { layer: L, norm_before: before, norm_after: norm(hs[i].histogram), norm_ratio: ratio },
            text: `${L}'s weight norm multiplied by ${ratio.toFixed(1)} between steps ${hs[i - 1].step} and ${hs[i].step} (the update was at least ${(ratio - 1).toFixed(1)}× the weights' own size)`,
          });
          break;
        }
      }
    }
    if (!hits.length) return [];
    hits.sort((a, b) => a.step - b.step);
    const h = hits[0];
    return [
      finding(ctx, {
        id: this.id,
        severity: 'warning',
        where: { layer: h.L },
        step: h.step,
        evidence: { ...h.evidence, layers_hit: hits.map((x) => x.L).join(','), failing: failing.text },
        explanation: `${h.text}; and ${failing.text}. Steps that large wreck the weights, kill ReLUs and leave the network stuck: the learning rate is far too high.`,
        cause: 'learning_rate_high',
        tag: `${h.L}/weights`,
        reads: [...new Set(hits.flatMap((x) => [`${x.L}/weights`, `${x.L}/biases`]))]
          .filter((t) => run.histograms.has(t))
          .concat(failing.tag),
      }),
    ];
  },
};
