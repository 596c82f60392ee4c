import { fixFor } from './fixes.js';
import { round } from './history.js';
import type { Cause, Finding, RunContext, Severity } from './types.js';

/** Build a finding with rounded evidence and the fix for its cause (unless given). */
export function finding(
  ctx: RunContext,
  f: {
    id: string;
    severity: Severity;
    where?: Finding['where'];
    step: number;
    evidence: Record<string, number | string | undefined>;
    explanation: string;
    cause: Cause;
    symptom?: boolean;
    tag?: string;
    fix?: Finding['fix'];
    reads?: string[];
  },
): Finding {
  const evidence: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(f.evidence)) {
    if (v === undefined) continue;
    evidence[k] = typeof v === 'number' ? round(v, 3) : v;
  }
  return {
    id: f.id,
    severity: f.severity,
    where: f.where ?? {},
    step: f.step,
    evidence,
    explanation: f.explanation,
    fix: f.fix ?? fixFor(f.cause, ctx),
    ...(f.tag ? { tag: f.tag } : {}),
    cause: f.cause,
    symptom: f.symptom ?? false,
    ...(f.reads ? { reads: f.reads } : {}),
  };
}

/** Entropy (nats) of a label with prevalence p: the loss of the best constant prediction. */
export function priorLoss(prevalences: number[]): number {
  if (!prevalences.length) return Number.NaN;
  let s = 0;
  for (const p of prevalences) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
    s += -(q * Math.log(q) + (1 - q) * Math.log(1 - q));
  }
  return s / prevalences.length;
}
