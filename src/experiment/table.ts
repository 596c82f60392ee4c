import { columnWidths, textTable } from '../text-table.js';
import type { ConfigRow, ResultsTable, Stat } from './aggregate.js';
import type { StoryMetric } from './results.js';

/**
 * The results table, in four forms (terminal, Markdown, CSV, JSON). It reads like the story's:
 * one row per configuration, the eight numbers as mean ± std over seeds, the share predicted
 * positive and the doctor's verdict; collapsed rows are flagged, and the best row is marked.
 */
const TITLES: Record<StoryMetric, [long: string, short: string]> = {
  roc_auc_micro: ['ROC AUC micro', 'AUC µ'],
  roc_auc_macro: ['ROC AUC macro', 'AUC M'],
  precision_micro: ['Precision micro', 'P µ'],
  precision_macro: ['Precision macro', 'P M'],
  precision_weighted: ['Precision weighted', 'P w'],
  recall_micro: ['Recall micro', 'R µ'],
  recall_macro: ['Recall macro', 'R M'],
  recall_weighted: ['Recall weighted', 'R w'],
};

/** `0.731 ± 0.012`; `—` when nothing finished. */
export function formatStat(s: Stat, compact = false): string {
  if (s.mean === null) return '—';
  const mean = s.mean.toFixed(3);
  if (s.n < 2 || s.std === null) return mean;
  return compact ? `${mean}±${s.std.toFixed(3).replace(/^0/, '')}` : `${mean} ± ${s.std.toFixed(3)}`;
}

/** The index of the row with the highest mean ROC AUC micro (the story's headline number). */
export function bestRow(table: ResultsTable): number {
  let best = -1;
  table.rows.forEach((r, i) => {
    const m = r.metrics.roc_auc_micro.mean;
    if (m !== null && (best < 0 || m > (table.rows[best].metrics.roc_auc_micro.mean ?? -1))) best = i;
  });
  return best;
}

function seedsCell(r: ConfigRow): string {
  const parts = [`${r.done}/${r.trials.length}`];
  if (r.failed) parts.push(`${r.failed} failed`);
  return parts.join(' ');
}

function verdictCell(r: ConfigRow): string {
  if (!r.verdict) return r.done ? 'no problem found' : '—';
  return r.done > 1 ? `${r.verdict} (${r.verdictCount}/${r.done})` : r.verdict;
}

function flagCell(r: ConfigRow, isBest: boolean): string {
  if (r.collapsed > 0) return `COLLAPSED ${r.collapsed}/${r.done}`;
  return isBest ? 'best' : '';
}

export function renderTerminal(table: ResultsTable, opts: { color?: boolean } = {}): string {
  const best = bestRow(table);
  const header = ['configuration', 'seeds', ...table.metrics.map((m) => TITLES[m][1]), 'pred+', 'doctor', ''];
  const body = table.rows.map((r, i) => [
    r.label,
    seedsCell(r),
    ...table.metrics.map((m) => formatStat(r.metrics[m], true)),
    formatStat(r.predictedPositiveRate, true),
    verdictCell(r),
    flagCell(r, i === best),
  ]);
  const lines = textTable([header, ...body], {
    align: (c, n) => (c === 0 || c >= n - 2 ? 'left' : 'right'),
    trimEnd: true,
  });
  const out = [
    lines[0],
    columnWidths([header, ...body])
      .map((w) => '─'.repeat(w))
      .join('  '),
  ];
  table.rows.forEach((r, i) => {
    let text = lines[i + 1];
    if (opts.color && r.collapsed > 0) text = `\x1b[1;31m${text}\x1b[0m`;
    else if (opts.color && i === best) text = `\x1b[1;32m${text}\x1b[0m`;
    out.push(text);
  });
  out.push(
    `mean ± std over seeds; pred+ = share of (row, label) cells predicted positive; ` +
      `COLLAPSED = every label predicted all-positive or all-negative`,
  );
  return out.join('\n');
}

export function renderMarkdown(table: ResultsTable): string {
  const best = bestRow(table);
  const header = [
    'Configuration',
    'Seeds',
    ...table.metrics.map((m) => TITLES[m][0]),
    'Predicted positive',
    'Doctor',
    '',
  ];
  const lines = [
    `# Experiment \`${table.experiment}\``,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, c) => (c < 2 || c >= header.length - 2 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  table.rows.forEach((r, i) => {
    const cells = [
      `\`${r.label}\``,
      seedsCell(r),
      ...table.metrics.map((m) => formatStat(r.metrics[m])),
      formatStat(r.predictedPositiveRate),
      verdictCell(r),
      flagCell(r, i === best),
    ];
    // Bold the whole row of a collapse so it stands out when rendered.
    const shown = r.collapsed > 0 ? cells.map((c) => (c ? `**${c}**` : c)) : cells;
    lines.push(`| ${shown.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  });
  lines.push(
    '',
    'Mean ± sample standard deviation over seeds. Predicted positive = share of (row, label) cells predicted ' +
      'positive. COLLAPSED = every label predicted all-positive or all-negative (the outputs carry no information).',
    '',
  );
  return lines.join('\n');
}

export function renderCsv(table: ResultsTable): string {
  const axisFields = [...new Set(table.rows.flatMap((r) => Object.keys(r.assignment)))];
  const header = [
    'configuration',
    ...axisFields,
    'seeds_done',
    'seeds_total',
    'seeds_failed',
    ...table.metrics.flatMap((m) => [`${m}_mean`, `${m}_std`]),
    'predicted_positive_rate_mean',
    'predicted_positive_rate_std',
    'collapsed_seeds',
    'doctor_verdict',
    'doctor_verdict_seeds',
  ];
  const num = (v: number | null) => (v === null ? '' : String(v));
  const rows = table.rows.map((r) => [
    r.label,
    ...axisFields.map((f) =>
      f in r.assignment ? JSON.stringify(r.assignment[f]).replace(/^"|"$/g, '') : '',
    ),
    String(r.done),
    String(r.trials.length),
    String(r.failed),
    ...table.metrics.flatMap((m) => [num(r.metrics[m].mean), num(r.metrics[m].std)]),
    num(r.predictedPositiveRate.mean),
    num(r.predictedPositiveRate.std),
    String(r.collapsed),
    r.verdict ?? '',
    String(r.verdictCount),
  ]);
  return `${[header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n')}\n`;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderJson(table: ResultsTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
