/**
 * Honest coverage: which rules ran on which tags, and whether that is enough for "no findings" to
 * mean anything. A report on a log in which almost nothing could be read must say so, not
 * print a clean bill (a PyTorch log once got "no findings" with 0 of 17 rules run).
 */
import type { RunData } from '../events/types.js';
import { tagsMatching } from './history.js';
import type { DoctorReport, Finding, Rule } from './types.js';

/**
 * The least that makes a clean bill worth something: this many rules, among them at least one
 * that reads how the run learns (losses or validation metrics: divergence, NaN, collapse,
 * overfitting) and one that reads inside the network (weights, activations or outputs: the
 * initialisation, dead or frozen layers). Losses alone miss the story (its loss falls for 20
 * epochs before the outputs collapse); histograms alone cannot show that the run is worse.
 */
export const MIN_CHECKED = 4;

/** Tags that measure the run's outcome rather than its internals. */
export function isOutcomeTag(tag: string): boolean {
  return tag.startsWith('loss/') || tag.startsWith('metrics/');
}

/** Every tag a rule's needs resolve to in this run, sorted. */
export function ruleReads(run: RunData, rule: Rule): string[] {
  const out = new Set<string>();
  for (const n of [...rule.needs, ...(rule.needsAny ?? [])]) for (const t of tagsMatching(run, n)) out.add(t);
  return [...out].sort();
}

/**
 * The tags behind one finding: its rule's reads, narrowed to the finding's layer when it has
 * one (tags of other layers are dropped; run-wide tags such as the losses are kept), plus the
 * tag it points at.
 */
export function findingReads(f: Finding, reads: string[]): string[] {
  const layer = f.where.layer;
  const layerTag = /^(layer\d+|output)\//;
  const kept = layer ? reads.filter((t) => !layerTag.test(t) || t.startsWith(`${layer}/`)) : reads;
  return f.tag && !kept.includes(f.tag) ? [...kept, f.tag] : kept;
}

export function assessCoverage(
  checked: DoctorReport['checked'],
  notChecked: DoctorReport['not_checked'],
): NonNullable<DoctorReport['coverage']> {
  const outcome = checked.some((c) => c.reads.some(isOutcomeTag));
  const internals = checked.some((c) => c.reads.some((t) => !isOutcomeTag(t)));
  const total = checked.length + notChecked.length;
  const sufficient = checked.length >= MIN_CHECKED && outcome && internals;
  if (sufficient) return { sufficient, note: `${checked.length} of ${total} checks ran` };
  return {
    sufficient,
    note: `only ${checked.length} of ${total} checks could run: too few for "no findings" to mean the run is healthy (needed: at least ${MIN_CHECKED}, including one on the losses or validation metrics and one on the weights, activations or outputs)`,
  };
}
