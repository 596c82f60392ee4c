import { STORY_METRICS } from '../run/tags.js';
import { describe, SEED_FIELD, type Trial } from './grid.js';
import type { StoryMetric, TrialOutcome } from './results.js';

/** Mean and sample standard deviation (n − 1; 0 for a single value) of the values present. */
export interface Stat {
  mean: number | null;
  std: number | null;
  n: number;
}

export type TrialStatus = 'done' | 'failed' | 'missing';

export interface TrialEntry {
  trial: Trial;
  status: TrialStatus;
  outcome?: TrialOutcome;
  error?: string;
}

/** One row of the results table: one configuration, summarised over its seeds. */
export interface ConfigRow {
  group: string;
  /** `init=truncated_normal:1, dropout=0.5` */
  label: string;
  assignment: Record<string, unknown>;
  trials: { name: string; seed: unknown; status: TrialStatus; error?: string; outcome?: TrialOutcome }[];
  done: number;
  failed: number;
  metrics: Record<StoryMetric, Stat>;
  predictedPositiveRate: Stat;
  /** How many of the finished seeds collapsed (every label predicted all-positive or all-negative). */
  collapsed: number;
  /** The doctor's most frequent verdict over the finished seeds, and how many seeds gave it. */
  verdict: string | null;
  verdictCount: number;
  verdictSummary: string | null;
}

export interface ResultsTable {
  experiment: string;
  metrics: readonly StoryMetric[];
  rows: ConfigRow[];
}

export function stat(values: (number | null | undefined)[]): Stat {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: null, std: null, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n };
}

/** Group trials by configuration (everything but the seed), in grid order. */
export function aggregate(experiment: string, entries: TrialEntry[]): ResultsTable {
  const groups = new Map<string, TrialEntry[]>();
  for (const e of entries) {
    const list = groups.get(e.trial.group) ?? [];
    list.push(e);
    groups.set(e.trial.group, list);
  }
  const rows: ConfigRow[] = [];
  for (const [group, list] of groups) {
    const assignment = Object.fromEntries(
      Object.entries(list[0].trial.assignment).filter(([k]) => k !== SEED_FIELD),
    );
    const done = list.filter((e) => e.status === 'done' && e.outcome);
    const outcomes = done.map((e) => e.outcome!);
    const metrics = {} as Record<StoryMetric, Stat>;
    for (const m of STORY_METRICS) metrics[m] = stat(outcomes.map((o) => o.metrics[m]));
    const verdict = mostFrequent(outcomes.map((o) => o.verdict));
    rows.push({
      group,
      label: describe(assignment),
      assignment,
      trials: list.map((e) => ({
        name: e.trial.name,
        seed: e.trial.assignment[SEED_FIELD] ?? e.trial.config.seed ?? null,
        status: e.status,
        ...(e.error ? { error: e.error } : {}),
        ...(e.outcome ? { outcome: e.outcome } : {}),
      })),
      done: done.length,
      failed: list.filter((e) => e.status === 'failed').length,
      metrics,
      predictedPositiveRate: stat(outcomes.map((o) => o.predictedPositiveRate)),
      collapsed: outcomes.filter((o) => o.collapsed).length,
      verdict: verdict?.value ?? null,
      verdictCount: verdict?.count ?? 0,
      verdictSummary: outcomes.find((o) => o.verdict === verdict?.value)?.verdictSummary ?? null,
    });
  }
  return { experiment, metrics: STORY_METRICS, rows };
}

function mostFrequent(values: (string | null)[]): { value: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: string; count: number } | undefined;
  for (const [value, count] of counts) if (!best || count > best.count) best = { value, count };
  return best;
}
