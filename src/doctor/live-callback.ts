import { join } from 'node:path';
import { writeFileAtomic } from '../run/atomic-write.js';
import { RUN_FILES } from '../run/files.js';
import { TAGS } from '../run/tags.js';
import type { Callback, TrainingRun } from '../train/callback.js';
import { SEVERITY_RANK } from './diagnose.js';
import { createLiveDoctor } from './live.js';
import { formatPreflight, preflight } from './preflight.js';
import type { DoctorReport, Finding } from './types.js';

export interface LiveDoctorOptions {
  /** A finding when it first holds, and again when it clears (status 'cleared'); the CLI prints both. */
  onFinding?: (finding: Finding) => void;
  /** The latest report, after every probe and at the end. */
  onReport?: (report: DoctorReport) => void;
}

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
    writeFileAtomic(file, text);
    last = text;
  };
}

/**
 * The doctor as a training callback: preflight before the first update (its table is shown when
 * anything is wrong), the rules over the history after every probe (each finding recorded and
 * reported once), doctor.json kept current, and --stop-on. Without config.doctor it does
 * nothing and writes no doctor.json (readers then say "not checked").
 */
export function liveDoctorCallback(run: TrainingRun, opts: LiveDoctorOptions = {}): Callback {
  const { config, rec } = run;
  if (!config.doctor) return { name: 'doctor' };
  const spec = run.engine.spec;
  const ctx = { spec, config, labelNames: run.labelNames };
  const doctor = createLiveDoctor(ctx);
  const writeReport = liveReportWriter(run.runDir);
  let stopBecause: Finding | null = null;
  let preflightDone = run.resumed;
  return {
    name: 'doctor',
    onProbe(step) {
      if (!preflightDone) {
        preflightDone = true;
        // One float64 forward pass on the probe batch before any update; shown only when something is wrong.
        const pre = preflight(spec, run.engine.params(), run.probe.x, run.probe.rows, ctx);
        if (pre.findings.some((f) => f.severity !== 'info')) run.log(formatPreflight(pre));
      }
      const changes = doctor.update(rec.history);
      writeReport(doctor.report());
      opts.onReport?.(doctor.report());
      if (changes.length === 0) return;
      rec.text(
        TAGS.findings,
        changes
          .map((f) =>
            f.status === 'cleared'
              ? `**cleared** \`${f.id}\` held from step ${f.step} to ${f.last_step}; no longer at step ${f.cleared_step}.`
              : `**${f.severity}** \`${f.id}\` ${f.explanation} Fix: ${f.fix.text}`,
          )
          .join('\n\n'),
        step,
      );
      for (const f of changes) {
        opts.onFinding?.(f);
        if (f.status !== 'current') continue;
        if (
          config.stopOn !== 'never' &&
          !stopBecause &&
          SEVERITY_RANK[f.severity] >= SEVERITY_RANK[config.stopOn]
        )
          stopBecause = f;
      }
    },
    onEpochEnd(_e, state) {
      if (!stopBecause || state.stop) return;
      state.stop = {
        kind: 'doctor',
        reason: `doctor found ${stopBecause.severity} '${stopBecause.id}' at step ${stopBecause.step} (--stop-on ${config.stopOn}): ${stopBecause.explanation} Fix: ${stopBecause.fix.text}`,
      };
    },
    onEnd() {
      const report = doctor.report();
      writeReport(report);
      opts.onReport?.(report);
    },
  };
}
