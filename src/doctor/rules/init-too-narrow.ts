import type { RunData } from '../../events/types.js';
import { TAGS } from '../../run/tags.js';
import { describe, evidenceSeries, learningChecks } from '../evidence.js';
import { finding, type Lifecycle, lifecycle } from '../finding.js';
import { at, layers, series } from '../history.js';
import { judgeFrom } from '../progress.js';
import { T } from '../thresholds.js';
import type { Finding, Rule, RunContext } from '../types.js';

/**
 * Hidden-layer weights at their first record far narrower than any standard initialiser: the
 * signal shrinks layer by layer and so do the gradients. The output layer is exempt: a small
 * or zero output initialisation is a legitimate choice. std / min(Glorot, LeCun) =
 * max(std_vs_glorot, √2·std_vs_he), since LeCun = He/√2.
 *
 * Narrow alone is not a fault: with Adam, weights 10× narrower than Glorot end within the healthy
 * test ROC AUC band on 7 of the calibration matrix's 13 sets. A warning needs the harm (harmOf);
 * otherwise the finding is info, worth knowing. Logs without learning evidence (other frameworks)
 * keep the structural warning: there is nothing to weigh it against.
 */
export const initTooNarrow: Rule = {
  id: 'init-too-narrow',
  title: 'initial hidden weights far narrower than Glorot/He (or all equal), and the run not learning',
  needs: ['*/weights/std_vs_glorot', '*/weights/std_vs_he'],
  check(run, ctx) {
    const narrow = layers(run, ctx).flatMap((L) => {
      if (L === 'output') return [];
      const g = series(run, TAGS.stdVsGlorot(L))[0];
      const h = series(run, TAGS.stdVsHe(L)).find((p) => p.step === g?.step);
      if (!g || !h || !(Math.max(g.value, Math.SQRT2 * h.value) < T.initNarrow)) return [];
      return [{ L, g, h }];
    });
    if (!narrow.length) return [];
    const harm = harmOf(run, ctx);
    return narrow.map(({ L, g, h }): Finding => {
      const start =
        g.value === 0
          ? `${L}'s weights all start equal (std 0): every unit computes the same thing and gets the same gradient, so the layer never learns more than one feature.`
          : `${L}'s initial weights are only ${g.value.toFixed(2)}× the Glorot std: the signal and the gradients shrink layer by layer, so training starts slowly.`;
      return finding(ctx, {
        id: this.id,
        severity: harm ? 'warning' : 'info',
        where: { layer: L },
        ...(harm ? { life: harm.life } : { step: g.step }),
        evidence: {
          std_vs_glorot: g.value,
          std_vs_he: h.value,
          threshold: T.initNarrow,
          ...(harm?.how ? { harm: harm.how } : {}),
        },
        explanation: harm
          ? `${start}${harm.how ? ` And it shows: ${harm.how}.` : ''}`
          : `${start} The run learns regardless so far (in inference mode it beats the constant predictor or ranks above chance): worth knowing, not a fault.`,
        cause: 'initialisation',
        tag: TAGS.param(L, 'weights'),
      });
    });
  },
};

/** Why the narrow start is a fault, and since when; `how` is absent for a log without evidence. */
interface Harm {
  life: Lifecycle;
  how?: string;
}

/**
 * The harm; undefined when the run learns. Not learning: in inference mode no better than the
 * constant predictor (nor above chance) at the latest check. Barely learning: once judged
 * (judgeFrom), the last validation loss is still within `stallGain` of the constant predictor's
 * (std 0.01 on seed-like: 4% below it, test ROC AUC 0.65 where Glorot reaches 0.75; on scene the
 * same init is 43% below it and learning).
 */
function harmOf(run: RunData, ctx: RunContext): Harm | undefined {
  const checks = learningChecks(run);
  if (!checks.length) return { life: { step: 0, last_step: 0, status: 'current' } };
  // From the first check: a narrow start is a reason to expect a slow one; it clears once the model learns.
  const life = lifecycle(checks.map((c) => ({ step: c.step, holds: !c.learned })));
  if (life?.status === 'current') {
    const c = checks.find((x) => x.step === life.last_step);
    return {
      life,
      how: `after ${life.last_step} steps the model is no better than the constant predictor (${c?.how ?? ''})`,
    };
  }
  const from = judgeFrom(run, ctx);
  const last = evidenceSeries(run, 'val')
    .filter((e) => e.step >= from && Number.isFinite(e.lossGain))
    .at(-1);
  const loss = last && at(run, TAGS.valLoss, last.step);
  if (!last || loss === undefined) return undefined;
  const share = last.lossGain / (loss + last.lossGain);
  if (!(share < T.stallGain)) return undefined;
  return {
    life: { step: last.step, last_step: last.step, status: 'current' },
    how: `after ${last.step} steps the validation loss is only ${(100 * share).toFixed(1)}% below the constant predictor's (${describe(last)})`,
  };
}
