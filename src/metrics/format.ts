import { STORY_METRICS } from '../run/tags.js';
import { textTable } from '../text-table.js';
import type { LabelRow, MetricsReport } from './report.js';
import { METRIC_KEYS, type MetricKey } from './types.js';

/**
 * The report as terminal text: the story's eight numbers first, in the story's order (so a
 * collapsed run reads like the story: AUC 0.5, recall 1, precision = label density), then every
 * other metric, then one row per label. Undefined values print as `n/a (reason)`.
 */
export function formatReport(report: MetricsReport): string {
  const lines: string[] = [];
  const story = new Set<string>(STORY_METRICS);
  const width = Math.max(...METRIC_KEYS.map((k) => title(k).length));
  const line = (key: MetricKey) => {
    const v = report.metrics[key] as number | null;
    const reason = report.undefined_reasons[key] as string | undefined;
    lines.push(`  ${title(key).padEnd(width)}  ${v === null ? `n/a (${reason ?? 'undefined'})` : num(v)}`);
  };

  lines.push('Story metrics');
  for (const key of STORY_METRICS) line(key);
  lines.push('');
  lines.push(
    `${report.n_rows} rows × ${report.n_labels} labels; label density ${num(report.label_density)}, ` +
      `predicted density ${num(report.predicted_density)} (threshold ${report.threshold})`,
  );
  lines.push(
    `ranking metrics from ${report.ranking_scores}; ${pct(report.probabilities_exact_0_or_1)} of probabilities are exactly 0 or 1` +
      (report.ranking_scores === 'probabilities' && report.probabilities_exact_0_or_1 > 0
        ? ' (tied: pass logits for a true ranking)'
        : ''),
  );
  lines.push('', 'Other metrics');
  const others = METRIC_KEYS.filter((k) => !story.has(k) && !k.endsWith('_per_label'));
  // Grouped by family (ROC AUC micro, macro, … then AP …); stable sort keeps the average order.
  const family = (k: string) => {
    const f = FAMILIES.findIndex((p) => k.startsWith(`${p}_`));
    return f < 0 ? FAMILIES.length : f;
  };
  for (const key of others.sort((a, b) => family(a) - family(b))) line(key);

  lines.push('', 'Per label');
  lines.push(...labelTable(report.labels));
  const footnotes: string[] = [];
  for (const key of METRIC_KEYS) {
    const reasons = report.undefined_reasons[key];
    if (!Array.isArray(reasons)) continue;
    reasons.forEach((r, l) => {
      if (r !== null)
        footnotes.push(`  ${report.label_names[l]}: ${title(key).replace(' per label', '')} n/a (${r})`);
    });
  }
  lines.push(...footnotes);
  if (report.warnings.length > 0) {
    lines.push('', 'Notes');
    for (const w of report.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}

const FAMILIES = ['roc_auc', 'average_precision', 'precision', 'recall', 'f1', 'jaccard'];

const COLUMNS: [string, (r: LabelRow) => string][] = [
  ['support', (r) => String(r.support)],
  ['prevalence', (r) => num(r.prevalence)],
  ['pred. pos.', (r) => num(r.predicted_positive_rate)],
  ['ROC AUC', (r) => opt(r.roc_auc)],
  ['AP', (r) => opt(r.average_precision)],
  ['precision', (r) => opt(r.precision)],
  ['recall', (r) => opt(r.recall)],
  ['F1', (r) => opt(r.f1)],
];

function labelTable(rows: LabelRow[]): string[] {
  const cells = [
    ['label', ...COLUMNS.map(([h]) => h)],
    ...rows.map((r) => [r.name, ...COLUMNS.map(([, f]) => f(r))]),
  ];
  return textTable(cells, { indent: '  ', align: (c) => (c === 0 ? 'left' : 'right') });
}

/** `roc_auc_micro` → `ROC AUC micro`. */
function title(key: string): string {
  return key
    .replace('roc_auc', 'ROC AUC')
    .replace('average_precision', 'average precision')
    .replace('f1', 'F1')
    .replaceAll('_', ' ');
}

const num = (v: number) => v.toFixed(4);
const opt = (v: number | null) => (v === null ? 'n/a' : num(v));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
