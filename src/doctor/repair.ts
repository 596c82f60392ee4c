import { basename, dirname } from 'node:path';
import type { RunData } from '../events/types.js';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { diagnose } from './diagnose.js';
import type { ConfigPatch, ExplainResult } from './explain.js';
import type { DoctorReport, RunContext } from './types.js';

export interface RepairResult {
  patch: ConfigPatch;
  label: string;
  runDir: string;
  before: DoctorReport;
  after: DoctorReport;
  report: Record<string, unknown>;
}

export type FullTrainFn = (
  config: TrainConfigInput,
) => Promise<{ runDir: string; history: RunData; report: Record<string, unknown> }>;

/** The best repair from an explanation (the top-ranked change that helped), or none. */
export function bestRepair(ex: ExplainResult): { label: string; patch: ConfigPatch } | undefined {
  if (!ex.cause) return undefined;
  const top = ex.ranked[0];
  return top ? { label: top.label, patch: top.patch } : undefined;
}

/** Retrain the original configuration with the repair at full budget, beside the original run. */
export async function repair(
  runDir: string,
  config: TrainConfig,
  before: DoctorReport,
  fix: { label: string; patch: ConfigPatch },
  ctx: RunContext,
  trainFn: FullTrainFn,
): Promise<RepairResult> {
  const { resume: _resume, ...original } = config;
  const cfg: TrainConfigInput = {
    ...original,
    ...fix.patch,
    logdir: dirname(runDir),
    name: `${basename(runDir)}-fixed-${Date.now().toString(36)}`,
  };
  const r = await trainFn(cfg);
  return {
    patch: fix.patch,
    label: fix.label,
    runDir: r.runDir,
    before,
    after: diagnose(r.history, { ...ctx, config: parseTrainConfig(cfg) }),
    report: r.report,
  };
}
