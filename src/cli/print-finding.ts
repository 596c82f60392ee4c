import type { Finding } from '../doctor/types.js';

/** One finding as a short block of terminal text: severity, id, where, explanation, fix. */
export function printFinding(f: Finding): string {
  const where = [f.where.layer, f.where.label && `label ${f.where.label}`].filter(Boolean).join(', ');
  if (f.status === 'cleared')
    return `[doctor] cleared: ${f.id}${where ? ` (${where})` : ''} held from step ${f.step} to ${f.last_step} and no longer does (step ${f.cleared_step})`;
  const evidence = Object.entries(f.evidence)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`)
    .join(' ');
  return `[doctor] ${f.severity.toUpperCase()} ${f.id}${where ? ` (${where})` : ''} at step ${f.step}: ${f.explanation}\n         evidence: ${evidence}\n         fix: ${f.fix.text}`;
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
