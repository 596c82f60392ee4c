import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DoctorReport } from '../doctor/types.js';
import type { MetricsReport } from '../metrics/report.js';
import { RUN_FILES } from '../run/files.js';
import { STORY_METRICS } from '../run/tags.js';

export type StoryMetric = (typeof STORY_METRICS)[number];

/** What the results table needs from one finished trial, read back from its run directory. */
export interface TrialOutcome {
  metrics: Record<StoryMetric, number | null>;
  /** Share of all (row, label) cells predicted positive. */
  predictedPositiveRate: number | null;
  /** Per label: share of rows predicted positive. */
  labelPositiveRates: number[];
  /** Every label predicted all-positive or all-negative: the outputs carry no information. */
  collapsed: boolean;
  /** The doctor's root cause (`initialisation`, …), or null when it found nothing serious. */
  verdict: string | null;
  verdictSummary: string | null;
}

/**
 * Read a trial's final report (report.json, else the `report` inside trainscope.json) and its
 * doctor.json. Missing pieces become nulls: the table shows what exists.
 */
export function readTrialOutcome(runDir: string): TrialOutcome {
  const report = readReport(runDir);
  const doctor = readJson(join(runDir, RUN_FILES.doctor)) as DoctorReport | undefined;
  const metrics = {} as Record<StoryMetric, number | null>;
  for (const k of STORY_METRICS) {
    const v = report?.metrics?.[k];
    metrics[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  const rates = (report?.labels ?? []).map((l) => l.predicted_positive_rate);
  return {
    metrics,
    predictedPositiveRate: typeof report?.predicted_density === 'number' ? report.predicted_density : null,
    labelPositiveRates: rates,
    collapsed: rates.length > 0 && rates.every((r) => r === 0 || r === 1),
    ...verdictOf(doctor),
  };
}

function verdictOf(doctor: DoctorReport | undefined): {
  verdict: string | null;
  verdictSummary: string | null;
} {
  if (!doctor) return { verdict: null, verdictSummary: null };
  if (doctor.diagnosis) return { verdict: doctor.diagnosis.cause, verdictSummary: doctor.diagnosis.summary };
  // Older or foreign reports without a diagnosis: name the most severe non-symptom finding.
  // Cleared findings are history; an old report without `status` is taken as current.
  const serious = (doctor.findings ?? []).filter((f) => f.severity !== 'info' && f.status !== 'cleared');
  const top =
    serious.find((f) => f.severity === 'fatal' && !f.symptom) ??
    serious.find((f) => !f.symptom) ??
    serious[0];
  if (!top) return { verdict: null, verdictSummary: null };
  return { verdict: top.cause ?? top.id, verdictSummary: top.explanation };
}

function readReport(runDir: string): Partial<MetricsReport> | undefined {
  const direct = readJson(join(runDir, RUN_FILES.report)) as Partial<MetricsReport> | undefined;
  if (direct?.metrics) return direct;
  const meta = readJson(join(runDir, RUN_FILES.meta)) as { report?: Partial<MetricsReport> } | undefined;
  return meta?.report?.metrics ? meta.report : undefined;
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
