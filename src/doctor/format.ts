import { SEVERITY_RANK } from './diagnose.js';
import type { DoctorReport, Finding } from './types.js';

function num(v: number | string): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

export function formatFinding(f: Finding): string {
  const where = [f.where.layer, f.where.label && `label ${f.where.label}`].filter(Boolean).join(', ');
  const evidence = Object.entries(f.evidence)
    .map(([k, v]) => `${k}=${num(v)}`)
    .join(' ');
  const cause = f.symptom && f.cause ? ` [symptom of: ${f.cause}]` : '';
  const when =
    f.status === 'cleared'
      ? `held from step ${f.step} to ${f.last_step}, cleared by step ${f.cleared_step}`
      : `since step ${f.step}`;
  const shown = f.reads?.slice(0, 8) ?? [];
  const more = (f.reads?.length ?? 0) - shown.length;
  const reads = shown.length ? `\n  read: ${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}` : '';
  return `${f.severity.toUpperCase().padEnd(7)} ${f.id}${where ? ` (${where})` : ''} ${when}${cause}\n  ${f.explanation}\n  evidence: ${evidence}${reads}\n  fix: ${f.fix.text}`;
}

/**
 * The whole report as terminal text: a loud line first when too little could be checked, then
 * the findings (most severe first), the verdict, and what was and was not checked.
 */
export function formatReport(report: DoctorReport, title = 'doctor', preamble = ''): string {
  const lines: string[] = [];
  const order = (a: Finding, b: Finding) =>
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.step - b.step;
  const current = report.findings.filter((f) => f.status !== 'cleared').sort(order);
  const cleared = report.findings.filter((f) => f.status === 'cleared').sort(order);
  if (report.coverage && !report.coverage.sufficient)
    lines.push(`NOT ENOUGH CHECKED: ${report.coverage.note}`, '');
  if (preamble) lines.push(preamble, '');
  const unchecked = report.coverage !== undefined && !report.coverage.sufficient;
  const count = current.length
    ? `${current.length} finding(s)`
    : unchecked
      ? 'nothing found in the little that could be checked (not a clean bill)'
      : 'no findings';
  lines.push(`${title}: ${count}${cleared.length ? `, ${cleared.length} cleared during the run` : ''}`);
  for (const f of current) lines.push('', formatFinding(f));
  if (cleared.length) {
    lines.push('', 'history (held earlier in the run, no longer):');
    for (const f of cleared) {
      const where = [f.where.layer, f.where.label && `label ${f.where.label}`].filter(Boolean).join(', ');
      lines.push(
        `  ${f.severity} ${f.id}${where ? ` (${where})` : ''}: steps ${f.step}–${f.last_step}, cleared by step ${f.cleared_step}`,
      );
    }
  }
  if (report.diagnosis) lines.push('', report.diagnosis.summary);
  lines.push(
    '',
    `checked (${report.checked.length}): ${report.checked.map((c) => c.id).join(', ') || 'nothing'}`,
  );
  if (report.not_checked.length) {
    lines.push(
      `not checked (${report.not_checked.length}): ${report.not_checked.map((n) => `${n.id} (${n.reason})`).join('; ')}`,
    );
  }
  return lines.join('\n');
}
