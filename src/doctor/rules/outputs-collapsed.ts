import { finding } from '../finding.js';
import { LT } from '../log-thresholds.js';
import type { Rule } from '../types.js';
import { AUC_TAGS, aucNear, OUTPUT_HISTOGRAMS, outputSpikes } from './outcome.js';

/**
 * The outputs collapsed to the same value for every sample, from what any log holds: a ROC AUC
 * that sits at exactly 0.5 record after record (only ties — a constant output per label — give
 * that), or an output histogram reduced to a few spikes. trainscope's own runs record each
 * label's spread across samples, and the output-collapse rule reads that instead.
 */
export const outputsCollapsed: Rule = {
  id: 'outputs-collapsed',
  title: 'constant outputs for every sample (AUC exactly 0.5, output histogram a few spikes)',
  needs: [],
  needsAny: [...AUC_TAGS, ...OUTPUT_HISTOGRAMS],
  supersededBy: ['output/spread/'],
  check(run, ctx) {
    const auc = aucNear(run, LT.collapseMargin);
    const spikes = outputSpikes(run);
    if (!auc && !spikes) return [];
    const step = Math.min(auc?.step ?? Number.POSITIVE_INFINITY, spikes?.step ?? Number.POSITIVE_INFINITY);
    const parts = [
      auc
        ? `${auc.tag} is ${auc.value.toFixed(4)} from step ${auc.step} on${auc.best > 0.5 + LT.chanceMargin ? ` (it reached ${auc.best.toFixed(3)} before)` : ''} — exactly chance, which only identical scores for every sample give`
        : '',
      spikes
        ? `the output histogram (${spikes.tag}) is ${spikes.spikes} spike${spikes.spikes === 1 ? '' : 's'} over ${spikes.values} values from step ${spikes.step}`
        : '',
    ].filter(Boolean);
    const reads = [auc?.tag, spikes?.tag].filter((t): t is string => t !== undefined);
    return [
      finding(ctx, {
        id: this.id,
        severity: 'fatal',
        step,
        evidence: {
          auc_tag: auc?.tag,
          auc: auc?.value,
          best_auc_before: auc && auc.best > auc.value ? auc.best : undefined,
          output_spikes: spikes?.spikes,
        },
        explanation: `The outputs collapsed: ${parts.join('; ')}. The network gives every input the same answer (ROC AUC 0.5); typically the last hidden layer is dead and only the output bias is left.`,
        cause: 'unknown',
        symptom: true,
        tag: auc?.tag ?? spikes?.tag,
        reads,
      }),
    ];
  },
};
