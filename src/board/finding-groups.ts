/**
 * Findings as the board shows them: one card per rule however many layers or labels it fired
 * on, fatal first; findings that held earlier and cleared since are history, kept apart.
 */
import { SEVERITY_RANK } from '../doctor/diagnose.js';
import type { Finding } from '../doctor/types.js';
import type { FindingGroup } from './api-types.js';

/**
 * False when the report says the finding no longer holds at the end of the run. Reports carry
 * this in one of a few shapes as the doctor's life cycle evolves: `holds: false`,
 * `holds_at_end: false`, or a `cleared` / `cleared_step` step.
 */
export function stillHolds(f: Finding): boolean {
  const x = f as Finding & Record<string, unknown>;
  if (x.holds === false || x.holds_at_end === false || x.holdsAtEnd === false) return false;
  for (const k of ['cleared', 'cleared_step', 'clearedStep']) {
    if (typeof x[k] === 'number') return false;
  }
  return true;
}

function place(f: Finding): string | null {
  const parts = [f.where.layer, f.where.label === undefined ? undefined : `'${f.where.label}'`];
  const p = parts.filter(Boolean).join(' ');
  return p || null;
}

/** Group by rule: severity is the worst member's, the step the earliest, places in first-seen order. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byId.get(f.id) ?? [];
    list.push(f);
    byId.set(f.id, list);
  }
  const groups: FindingGroup[] = [];
  for (const [id, members] of byId) {
    const worst = [...members].sort(
      (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.step - b.step,
    )[0];
    const places = [...new Set(members.map(place).filter((p): p is string => p !== null))];
    groups.push({
      id,
      severity: worst.severity,
      step: Math.min(...members.map((m) => m.step)),
      places,
      explanation: worst.explanation,
      fix: worst.fix,
      ...(worst.cause ? { cause: worst.cause } : {}),
      symptom: worst.symptom ?? false,
      ...(worst.tag ? { tag: worst.tag } : {}),
      findings: members,
    });
  }
  // fatal first; within a severity, causes before their symptoms, then the earliest
  return groups.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      Number(a.symptom) - Number(b.symptom) ||
      a.step - b.step,
  );
}
