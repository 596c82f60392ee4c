/**
 * Seeds of one configuration taken together (the server's `group`: the settings without the
 * seed): the runs grouped, a metric's mean ± std over them, the metric a grouped list shows
 * (the one the runs table is sorted by, else ROC AUC macro), and the short names of metrics.
 */
import type { RunSummary } from '../../src/board/api-types.js';
import { STORY_METRICS } from '../../src/run/tags.js';

export const METRIC_LABEL: Record<string, string> = {
  roc_auc_micro: 'AUC µ',
  roc_auc_macro: 'AUC M',
  precision_micro: 'P µ',
  precision_macro: 'P M',
  precision_weighted: 'P w',
  recall_micro: 'R µ',
  recall_macro: 'R M',
  recall_weighted: 'R w',
  loss_val: 'val loss',
};

/** Worst first: the order of run states in sorting and in a group's summary. */
export const STATE_ORDER: Record<RunSummary['state'], number> = {
  collapsed: 0,
  fatal: 1,
  warning: 2,
  unchecked: 3,
  ok: 4,
};

/** A group's state is its worst run's. */
export function worstRun(runs: RunSummary[]): RunSummary {
  return [...runs].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state])[0];
}

/** The runs table's order: a column id (`run`, `health`, `cfg:lr`, `m:roc_auc_macro`, …) and direction. */
export interface SortOrder {
  column: string;
  dir: 1 | -1;
}

export interface SeedGroup {
  /** the configuration (a run without a group stands alone under its name) */
  key: string;
  runs: RunSummary[];
}

/** Runs grouped by configuration, groups in the order of their first run, runs in the given order. */
export function bySeedGroup(runs: RunSummary[]): SeedGroup[] {
  const groups = new Map<string, RunSummary[]>();
  for (const r of runs) {
    const key = r.group || r.name;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, members]) => ({ key, runs: members }));
}

export function meanStd(xs: number[]): { m: number; sd: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return { m, sd };
}

/** A metric's final values over the runs that have it. */
export function finals(runs: RunSummary[], metric: string): number[] {
  return runs.map((r) => r.final[metric]).filter((v): v is number => typeof v === 'number');
}

/** `0.623 ± 0.014` (sample std) over the runs that have the metric; one value alone; `—` for none. */
export function aggregate(runs: RunSummary[], metric: string): string {
  const xs = finals(runs, metric);
  if (!xs.length) return '—';
  const { m, sd } = meanStd(xs);
  return xs.length > 1 ? `${m.toFixed(3)} ± ${sd.toFixed(3)}` : m.toFixed(3);
}

/** The metric a grouped list shows: the runs table's sort column when it is a metric, else AUC macro. */
export function listedMetric(sort: SortOrder, runs: RunSummary[]): string {
  if (sort.column.startsWith('m:')) return sort.column.slice(2);
  const present = [...STORY_METRICS, 'loss_val'].filter((k) => runs.some((r) => r.final[k] !== undefined));
  return present.includes('roc_auc_macro') ? 'roc_auc_macro' : (present[0] ?? 'roc_auc_macro');
}

/** Groups in the runs table's order when it is sorted by a metric (by their mean, no value last), else as they are. */
export function sortGroups(groups: SeedGroup[], sort: SortOrder): SeedGroup[] {
  if (!sort.column.startsWith('m:')) return groups;
  const metric = sort.column.slice(2);
  const mean = (g: SeedGroup) => {
    const xs = finals(g.runs, metric);
    return xs.length ? meanStd(xs).m : null;
  };
  return [...groups].sort((a, b) => {
    const x = mean(a);
    const y = mean(b);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sort.dir * (x - y);
  });
}
