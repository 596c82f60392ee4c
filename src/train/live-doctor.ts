import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLiveDoctor } from '../doctor/live.js';
import type { DoctorReport, Finding } from '../doctor/types.js';
import type { ModelSpec } from '../model/spec.js';
import type { TrainConfig } from '../run/config.js';
import { RUN_FILES } from '../run/files.js';
import { TAGS } from '../run/tags.js';
import type { Recorder } from './recorder-types.js';
import type { TrainHooks } from './types.js';

/** The doctor as the training loop sees it: look after each probe, say whether to stop, report at the end. */
export interface LiveDoctor {
  afterProbe(step: number): void;
  /** The reason to stop now (per --stop-on), or null. */
  shouldStop(): string | null;
  finish(): DoctorReport;
}

const RANK = { info: 0, warning: 1, fatal: 2 } as const;

/**
 * doctor.json as the run goes (the board shows findings while training): written whole to a
 * temporary file and renamed, so a reader never sees half a report; rewritten only when it changed.
 */
function liveReportWriter(runDir: string): (report: DoctorReport) => void {
  let last = '';
  const file = join(runDir, RUN_FILES.doctor);
  return (report) => {
    const text = JSON.stringify(report, null, 2);
    if (text === last) return;
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    last = text;
  };
}

export function startLiveDoctor(
  config: TrainConfig,
  spec: ModelSpec,
  labelNames: string[],
  hooks: TrainHooks,
  rec: Recorder,
  runDir?: string,
): LiveDoctor {
  if (!config.doctor) {
    return {
      afterProbe() {},
      shouldStop: () => null,
      finish: () => ({ findings: [], checked: [], not_checked: [] }),
    };
  }
  const doctor = createLiveDoctor({ spec, config: config as unknown as Record<string, unknown>, labelNames });
  const writeReport = runDir ? liveReportWriter(runDir) : () => {};
  let stopBecause: Finding | null = null;
  return {
    afterProbe(step) {
      const fresh = doctor.update(rec.history, step);
      writeReport(doctor.report());
      if (fresh.length === 0) return;
      rec.text(
        TAGS.findings,
        fresh.map((f) => `**${f.severity}** \`${f.id}\` ${f.explanation} Fix: ${f.fix.text}`).join('\n\n'),
        step,
      );
      for (const f of fresh) {
        hooks.onFinding?.(f);
        if (config.stopOn !== 'never' && !stopBecause && RANK[f.severity] >= RANK[config.stopOn])
          stopBecause = f;
      }
    },
    shouldStop: () =>
      stopBecause
        ? `doctor found ${stopBecause.severity} '${stopBecause.id}' at step ${stopBecause.step} (--stop-on ${config.stopOn}): ${stopBecause.explanation} Fix: ${stopBecause.fix.text}`
        : null,
    finish: () => doctor.report(),
  };
}
