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
 * Narrow alone is not a fault: with Adam a truncated normal of std 0.01 (0.1× Glorot) learns as
 * well as Glorot on emotions, scene or seed-like. A warning needs the harm: the run not learning
 * (in inference mode no better than the constant predictor, at consecutive checks once the
 * optimiser has had its steps; the not-learning rule's evidence), or for logs without that
 * evidence, validation ranking at chance. Otherwise it is worth knowing (info), not a fault.
 */
export const initTooNarrow: Rule = {
  id: 'init-too-narrow',
  title: 'initial hidden weights far narrower than Glorot/He (or all equal), and the run not learning',
  needs: ['*/weights/std_vs_glorot', '*/weights/std_vs_he'],
  check(run, ctx) {
    const out: Finding[] = [];
    let harm: Harm | undefined | null = null;
    const checksOf = (r: RunData) => learningChecks(r).length > 0;
    for (const L of layers(run, ctx)) {
      if (L === 'output') continue;
      const g = series(run, TAGS.stdVsGlorot(L))[0];
      const h = series(run, TAGS.stdVsHe(L)).find((p) => p.step === g?.step);
      if (!g || !h) continue;
      const ratio = Math.max(g.value, Math.SQRT2 * h.value);
      if (!(ratio < T.initNarrow)) continue;
      if (harm === null) harm = harmOf(run, ctx);
      const start =
        g.value === 0
          ? `${L}'s weights all start equal (std 0): every unit computes the same thing and gets the same gradient, so the layer never learns more than one feature.`
          : `${L}'s initial weights are only ${g.value.toFixed(2)}× the Glorot std: the signal and the gradients shrink layer by layer, so training starts slowly.`;
      out.push(
        finding(ctx, {
          id: this.id,
          severity: harm ? 'warning' : 'info',
          where: { layer: L },
          ...(harm ? { life: harm.life } : { step: g.step }),
          evidence: {
            std_vs_glorot: g.value,
            std_vs_he: h.value,
            threshold: T.initNarrow,
            ...(harm && checksOf(run) ? { harm: harm.how } : {}),
          },
          explanation: harm
            ? `${start}${checksOf(run) ? ` And it shows: ${harm.how}.` : ''}`
            : `${start} The run learns regardless so far (in inference mode it beats the constant predictor or ranks above chance): worth knowing, not a fault.`,
          cause: 'initialisation',
          tag: TAGS.param(L, 'weights'),
        }),
      );
    }
    return out;
  },
};

interface Harm {
  life: Lifecycle;
  how: string;
}

/**
 * The harm, with its life cycle; undefined when the run learns. Not learning: in inference mode
 * no better than the constant predictor (nor above chance) at the latest check. Barely learning: at the last validation check its loss is still within `stallGain` of
 * the constant predictor's (std 0.01 on seed-like: 4% below it, test ROC AUC 0.63 where Glorot
 * reaches 0.82; on scene the same init is 43% below it and as good as Glorot). Logs without
 * learning evidence (other frameworks) keep the structural warning: nothing to weigh.
 */
function harmOf(run: RunData, ctx: RunContext): Harm | undefined {
  const checks = learningChecks(run);
  if (!checks.length)
    return {
      life: { step: 0, last_step: 0, status: 'current' },
      how: 'no learning evidence in this log to weigh it',
    };
  // Not learned at the latest check (from the first check: a narrow start is a reason to expect
  // a slow one; once the model learns, this clears).
  const life = lifecycle(checks.map((c) => ({ step: c.step, holds: !c.learned })));
  if (life?.status === 'current') {
    const at = checks.find((c) => c.step === life.last_step);
    return {
      life,
      how: `after ${life.last_step} steps the model is no better than the constant predictor (${at?.how ?? ''})`,
    };
  }
  const from = judgeFrom(run, ctx);
  const val = evidenceSeries(run, 'val').filter((e) => e.step >= from && Number.isFinite(e.lossGain));
  if (!val.length) return undefined;
  const last = val[val.length - 1];
  const loss = at(run, TAGS.valLoss, last.step);
  if (loss === undefined) return undefined;
  const share = last.lossGain / (loss + last.lossGain);
  if (!(share < T.stallGain)) return undefined;
  return {
    life: { step: last.step, last_step: last.step, status: 'current' },
    how: `after ${last.step} steps the validation loss is only ${(100 * share).toFixed(1)}% below the constant predictor's (${describe(last)})`,
  };
}
