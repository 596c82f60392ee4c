/** Number formatting for tables, legends and axes. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return Number(x.toPrecision(digits)).toString();
}

export function pct(x: number | undefined): string {
  return x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** Stable id for a chart element (findings link to it). */
export function chartId(kind: string, tag: string, run?: string): string {
  return `chart-${kind}-${tag}${run ? `@${run}` : ''}`.replace(/[^a-zA-Z0-9_@-]/g, '_');
}
