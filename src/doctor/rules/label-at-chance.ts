import type { RunData } from '../../events/types.js';
import { type EvidenceSplit, TAGS } from '../../run/tags.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { labels, series } from '../history.js';
import { judgeFrom } from '../progress.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

function median(v: number[]): number {
  if (!v.length) return Number.NaN;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Per label and step: ROC AUC and its standard error under chance. */
function aucTable(run: RunData, split: EvidenceSplit, names: string[]) {
  return names.map((label) => {
    const se = new Map(series(run, TAGS.evidenceAucSe(split, label)).map((p) => [p.step, p.value]));
    return {
      label,
      points: new Map(
        series(run, TAGS.evidenceAuc(split, label)).map((p) => [
          p.step,
          { auc: p.value, se: se.get(p.step) },
        ]),
      ),
    };
  });
}

/**
 * One label the model ranks no better than chance while the others learn: the labels' median
 * ROC AUC (on logits) is beyond 0.5 + 2z standard errors of this label's AUC (the others learn,
 * and the rows can tell chance from a label learned half as well), and this label's AUC is
 * within z standard errors of 0.5 and z standard errors below that midpoint — all with its own
 * standard error, so the claim is only made where the rows have the power: a rare label or a
 * small validation set is never accused (yeast's 150 validation rows cannot tell its two hard
 * labels, AUC ≈ 0.55, from chance). On the validation rows when recorded, else on the probe
 * rows; after judgeFrom, at consecutive checks. Its values do not follow from the inputs: a
 * shuffled or misaligned column, or a label the features carry no signal for.
 */
export const labelAtChance: Rule = {
  id: 'label-at-chance',
  title: 'one label ranked at chance while the others learn',
  needs: ['evidence/probe/auc/'],
  check(run, ctx) {
    const names = labels(run, ctx);
    if (names.length < 2) return [];
    const split: EvidenceSplit = series(run, TAGS.evidence('val', 'auc_macro')).length ? 'val' : 'probe';
    const table = aucTable(run, split, names);
    const steps = [...new Set(table.flatMap((t) => [...t.points.keys()]))].sort((a, b) => a - b);
    const from = judgeFrom(run, ctx);
    // The labels' median at each step (with the label itself in: with many labels the same, and
    // linear in the number of labels instead of quadratic).
    const medians = new Map(
      steps.map((step) => [step, median(table.flatMap((o) => o.points.get(step)?.auc ?? []))]),
    );
    const out: Finding[] = [];
    for (const t of table) {
      const checks = steps.map((step) => {
        const own = t.points.get(step);
        const med = medians.get(step) ?? Number.NaN;
        if (!own || own.se === undefined || step < from || !Number.isFinite(med))
          return { step, holds: false };
        // The others learn, and these rows can tell chance from half their skill: the midpoint
        // between chance and the labels' median lies beyond this label's chance band …
        const powered = med - 0.5 > 2 * T.z * own.se;
        // … and this label sits inside the band, confidently below the midpoint.
        const atChance = Math.abs(own.auc - 0.5) <= T.z * own.se;
        const farBelow = own.auc + T.z * own.se < (0.5 + med) / 2;
        return { step, holds: powered && atChance && farBelow, auc: own.auc, se: own.se, med };
      });
      const life = lifecycle(sustained(checks, T.judgeChecks));
      if (!life) continue;
      const c = checks.find((x) => x.step === life.last_step) as { auc: number; se: number; med: number };
      out.push(
        finding(ctx, {
          id: this.id,
          severity: 'warning',
          where: { label: t.label },
          life,
          evidence: {
            roc_auc: c.auc,
            chance_se: c.se,
            other_labels_median_auc: c.med,
            measured_on: split === 'val' ? 'validation rows' : 'probe rows (training data)',
          },
          explanation: `Label '${t.label}' is ranked no better than chance (ROC AUC ${c.auc.toFixed(3)}, chance 0.5 ± ${c.se.toFixed(3)}) while the labels reach a median ${c.med.toFixed(3)}: the network learns the others but nothing about this one. Its values do not follow from the inputs.`,
          cause: 'labels',
          tag: TAGS.evidenceAuc(split, t.label),
        }),
      );
    }
    return out;
  },
};
