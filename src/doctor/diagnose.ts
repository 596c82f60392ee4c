import type { RunData } from '../events/types.js';
import { assessCoverage, findingReads, ruleReads } from './coverage.js';
import { fixFor } from './fixes.js';
import { hasTag } from './history.js';
import { RULES } from './rules/index.js';
import type { Cause, DoctorReport, Finding, Rule, RunContext, Severity } from './types.js';

/**
 * Root causes in the order they are blamed when several are present: what is wrong before the
 * first update (inputs, weights, biases) explains what goes wrong during training, not the reverse.
 */
export const CAUSE_PRIORITY: Cause[] = [
  'inputs',
  'initialisation',
  'bias_initialisation',
  'learning_rate_high',
  'learning_rate_low',
  'frozen_layer',
  'loss_weighting',
  'numerics',
  'imbalance',
  'labels',
  'overfitting',
  'dropout',
  'activation',
  'unknown',
];

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, fatal: 2 };

export const CAUSE_TEXT: Record<Cause, string> = {
  inputs: 'the input scaling',
  initialisation: 'the weight initialisation',
  bias_initialisation: 'the bias initialisation',
  learning_rate_high: 'a learning rate that is too high',
  learning_rate_low: 'a learning rate that is too low',
  numerics: 'numerical overflow',
  imbalance: 'label imbalance',
  overfitting: 'overfitting',
  dropout: 'dropout',
  frozen_layer: 'a layer left out of training',
  labels: 'a label the inputs do not predict',
  loss_weighting: 'a positive-class weight (pos_weight) that is too large',
  activation: 'dying activations',
  unknown: 'an unknown cause',
};

/**
 * Run every rule whose data is present; list the others as not checked, and say which tags each
 * rule (and each finding) read. Rules superseded by a more exact recording are skipped.
 */
export function diagnose(run: RunData, ctx: RunContext = {}, rules: readonly Rule[] = RULES): DoctorReport {
  const findings: Finding[] = [];
  const checked: DoctorReport['checked'] = [];
  const notChecked: DoctorReport['not_checked'] = [];
  for (const rule of rules) {
    if (rule.supersededBy?.some((t) => hasTag(run, t))) continue;
    const missing = rule.needs.filter((n) => !hasTag(run, n));
    if (rule.needsAny && !rule.needsAny.some((n) => hasTag(run, n))) missing.push(rule.needsAny.join(' or '));
    if (missing.length) {
      notChecked.push({ id: rule.id, reason: `no data for ${missing.join(', ')}` });
      continue;
    }
    const reads = ruleReads(run, rule);
    checked.push({ id: rule.id, reads });
    for (const f of rule.check(run, ctx)) findings.push({ ...f, reads: f.reads ?? findingReads(f, reads) });
  }
  const coverage = assessCoverage(checked, notChecked);
  return attribute({ findings, checked, not_checked: notChecked, coverage }, ctx);
}

/**
 * Give symptoms the root cause found elsewhere in the report (saturated outputs *because of* the
 * initialisation), with that cause's fix, and name the primary cause of the run's current state:
 * a root cause that still holds, else the most serious current symptom. Cleared findings can
 * still explain a current symptom (dead units left behind by a learning-rate spike), but a run
 * whose findings have all cleared gets no diagnosis.
 */
export function attribute(report: DoctorReport, ctx: RunContext): DoctorReport {
  const serious = report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1);
  const roots = serious.filter((f) => !f.symptom && f.cause && f.cause !== 'unknown');
  roots.sort(
    (a, b) =>
      Number(b.status === 'current') - Number(a.status === 'current') ||
      rank(a.cause) - rank(b.cause) ||
      a.step - b.step,
  );
  const root = roots[0];
  const findings = report.findings.map((f) => {
    if (!f.symptom || !root || f.cause === root.cause) return f;
    return { ...f, cause: root.cause, fix: fixFor(root.cause as Cause, ctx) };
  });
  let primary = root?.status === 'current' ? root : undefined;
  if (!primary) {
    const symptoms = findings.filter((f) => SEVERITY_RANK[f.severity] >= 1 && f.status === 'current');
    symptoms.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.step - b.step);
    primary = symptoms[0];
  }
  const out: DoctorReport = {
    findings,
    checked: report.checked,
    not_checked: report.not_checked,
    ...(report.coverage ? { coverage: report.coverage } : {}),
  };
  if (primary) {
    const cause = (primary.cause ?? 'unknown') as Cause;
    out.diagnosis = {
      cause,
      finding: primary.id,
      summary: `Most likely cause: ${CAUSE_TEXT[cause]} (${primary.id}${primary.where.layer ? ` in ${primary.where.layer}` : ''}${primary.where.label ? ` for '${primary.where.label}'` : ''}, since step ${primary.step}). Fix: ${primary.fix.text}`,
    };
  }
  return out;
}

function rank(c: Cause | undefined): number {
  const i = CAUSE_PRIORITY.indexOf(c ?? 'unknown');
  return i < 0 ? CAUSE_PRIORITY.length : i;
}

/** A finding of warning or worse that still holds: what the exit code and the verdict are about. */
export function isCurrentProblem(f: Finding): boolean {
  return SEVERITY_RANK[f.severity] >= 1 && f.status === 'current';
}

/** Exit-code helper: a warning or worse that still holds at the end (cleared findings are history). */
export function hasWarnings(report: DoctorReport): boolean {
  return report.findings.some(isCurrentProblem);
}
