/**
 * Findings as the board shows them: one card per rule however many layers or labels it fired
 * on, fatal first; findings that held earlier and cleared since are history, kept apart.
 */
import { SEVERITY_RANK } from '../doctor/diagnose.js';
import type { Finding } from '../doctor/types.js';
import type { FindingGroup } from './api-types.js';

/**
 * False when the report says the finding no longer holds at the end of the run. The doctor's
 * life cycle is being written while the board reads it, so read it generically: a `status` of
 * `cleared`, `holds: false`, or a cleared step under any of its spellings. Reports written
 * before the life cycle have none of these: their findings are taken as current.
 */
export function stillHolds(f: Finding): boolean {
  const x = f as Finding & Record<string, unknown>;
  if (x.status === 'cleared' || x.state === 'cleared') return false;
  if (x.holds === false || x.holds_at_end === false) return false;
  return clearedAt(f) === undefined;
}

/** The step at which a cleared finding stopped holding (when the report says). */
export function clearedAt(f: Finding): number | undefined {
  const x = f as Finding & Record<string, unknown>;
  for (const k of ['cleared_step', 'clearedStep', 'cleared']) {
    if (typeof x[k] === 'number') return x[k] as number;
  }
  return undefined;
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
    const cleared = members.map(clearedAt).filter((c): c is number => c !== undefined);
    groups.push({
      id,
      severity: worst.severity,
      step: Math.min(...members.map((m) => m.step)),
      ...(cleared.length === members.length ? { clearedStep: Math.max(...cleared) } : {}),
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
