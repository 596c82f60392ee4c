import type { RunData } from '../../events/types.js';
import { type EvidenceSplit, TAGS } from '../../run/tags.js';
import { finding, lifecycle, sustained } from '../finding.js';
import { labels, series } from '../history.js';
import { judgeFrom } from '../progress.js';
import { T } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

function median(v: number[]): number {
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
 * One label the model ranks no better than chance while the others learn: its ROC AUC (on
 * logits) is within z standard errors of 0.5, and confidently (by z standard errors) below the
 * midpoint between chance and the other labels' median — both with its own standard error, so
 * the claim is only made where the rows can tell chance from a label learned half as well as
 * the others (a rare label, or a small validation set, is never accused: yeast's 150
 * validation rows cannot tell its two hard labels, AUC ≈ 0.55, from chance). On the validation rows when recorded, else on
 * the probe rows; after judgeFrom, at consecutive checks. Its values do not follow from the
 * inputs: a shuffled or misaligned column, or a label the features carry no signal for.
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
    const out: Finding[] = [];
    for (const t of table) {
      const checks = steps.map((step) => {
        const own = t.points.get(step);
        const others = table.filter((o) => o !== t).flatMap((o) => o.points.get(step)?.auc ?? []);
        if (!own || own.se === undefined || others.length === 0 || step < from) return { step, holds: false };
        const med = median(others);
        // Confidently below half the others' skill, and indistinguishable from chance.
        const farBelow = own.auc + T.z * own.se < (0.5 + med) / 2;
        const atChance = own.auc - 0.5 <= T.z * own.se;
        return { step, holds: farBelow && atChance, auc: own.auc, se: own.se, med };
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
          explanation: `Label '${t.label}' is ranked no better than chance (ROC AUC ${c.auc.toFixed(3)}, chance 0.5 ± ${c.se.toFixed(3)}) while the other labels reach a median ${c.med.toFixed(3)}: the network learns the others but nothing about this one. Its values do not follow from the inputs.`,
          cause: 'labels',
          tag: TAGS.evidenceAuc(split, t.label),
        }),
      );
    }
    return out;
  },
};
