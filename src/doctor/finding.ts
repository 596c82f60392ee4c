import { fixFor } from './fixes.js';
import { round } from './history.js';
import type { Cause, Finding, FindingStatus, RunContext, Severity } from './types.js';

/** When a condition checked at successive steps first held, last held, and whether it still holds. */
export interface Lifecycle {
  step: number;
  last_step: number;
  status: FindingStatus;
  cleared_step?: number;
}

/**
 * The life cycle of a condition from its checks in step order, or null if it never held. A
 * condition that held, cleared and held again is one finding from its first step; whether it
 * is current is decided by the last check.
 */
export function lifecycle(checks: readonly { step: number; holds: boolean }[]): Lifecycle | null {
  let first = -1;
  let last = -1;
  let cleared: number | undefined;
  for (const c of checks) {
    if (c.holds) {
      if (first < 0) first = c.step;
      last = c.step;
      cleared = undefined;
    } else if (first >= 0 && cleared === undefined) cleared = c.step;
  }
  if (first < 0) return null;
  return cleared === undefined
    ? { step: first, last_step: last, status: 'current' }
    : { step: first, last_step: last, status: 'cleared', cleared_step: cleared };
}

/** A condition that only counts once it has held at `k` consecutive checks (it holds from the k-th on). */
export function sustained(checks: readonly { step: number; holds: boolean }[], k: number) {
  let run = 0;
  return checks.map((c) => {
    run = c.holds ? run + 1 : 0;
    return { step: c.step, holds: run >= k };
  });
}

/** Build a finding with rounded evidence and the fix for its cause (unless given). */
export function finding(
  ctx: RunContext,
  f: {
    id: string;
    severity: Severity;
    where?: Finding['where'];
    evidence: Record<string, number | string | undefined>;
    explanation: string;
    cause: Cause;
    symptom?: boolean;
    tag?: string;
    fix?: Finding['fix'];
    reads?: string[];
  } & (
    | { life: Lifecycle; step?: never }
    /** A fact that holds from `step` for the rest of the run (e.g. about the initial weights). */
    | { step: number; life?: never }
  ),
): Finding {
  const evidence: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(f.evidence)) {
    if (v === undefined) continue;
    evidence[k] = typeof v === 'number' ? round(v, 3) : v;
  }
  const life: Lifecycle = f.life ?? {
    step: f.step as number,
    last_step: f.step as number,
    status: 'current',
  };
  return {
    id: f.id,
    severity: f.severity,
    where: f.where ?? {},
    ...life,
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
