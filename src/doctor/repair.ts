import { basename, dirname } from 'node:path';
import type { RunData } from '../events/types.js';
import { diagnose } from './diagnose.js';
import type { ExplainResult } from './explain.js';
import type { DoctorReport, RunContext } from './types.js';

export interface RepairResult {
  patch: Record<string, unknown>;
  label: string;
  runDir: string;
  before: DoctorReport;
  after: DoctorReport;
  report: Record<string, unknown>;
}

export type FullTrainFn = (
  config: Record<string, unknown>,
) => Promise<{ runDir: string; history: RunData; report: Record<string, unknown> }>;

/** The best repair from an explanation (the top-ranked change that helped), or none. */
export function bestRepair(ex: ExplainResult): { label: string; patch: Record<string, unknown> } | undefined {
  if (!ex.cause) return undefined;
  const top = ex.ranked[0];
  return top ? { label: top.label, patch: top.patch } : undefined;
}

/** Retrain the original configuration with the repair at full budget, beside the original run. */
export async function repair(
  runDir: string,
  config: Record<string, unknown>,
  before: DoctorReport,
  fix: { label: string; patch: Record<string, unknown> },
  ctx: RunContext,
  trainFn: FullTrainFn,
): Promise<RepairResult> {
  const cfg = {
    ...config,
    ...fix.patch,
    logdir: dirname(runDir),
    name: `${basename(runDir)}-fixed-${Date.now().toString(36)}`,
  };
  delete (cfg as Record<string, unknown>).resume;
  const r = await trainFn(cfg);
  return {
    patch: fix.patch,
    label: fix.label,
    runDir: r.runDir,
    before,
    after: diagnose(r.history, { ...ctx, config: cfg }),
    report: r.report,
  };
}
