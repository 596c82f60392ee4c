import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from './files.js';

/** What was read of a run's event log: its last step and the reader's warnings. */
export interface LogSeen {
  lastStep: number | undefined;
  warnings: string[];
}

/**
 * What every reader of a run must say besides its contents (one line each): the run is
 * unfinished (no DONE: stopped, killed, or still training), or its event log is shorter than the
 * run (a finished run whose log ends before the step its checkpoint reached: cut or lost).
 * Runs without trainscope.json (other frameworks' logs) can only be judged by their log.
 */
export function runStatusNotes(runDir: string, log?: LogSeen): string[] {
  const notes: string[] = [];
  if (log && log.lastStep === undefined) {
    const why = log.warnings.find((w) => /not a TensorBoard event file|corrupt/.test(w));
    notes.push(`${runDir}: the event log is unreadable or empty${why ? ` (${why})` : ''}`);
  }
  if (!existsSync(join(runDir, RUN_FILES.meta))) return notes;
  if (!existsSync(join(runDir, RUN_FILES.done))) {
    notes.push(
      `${runDir}: unfinished run (no ${RUN_FILES.done}): it was stopped, killed or is still training; what it holds is from its last checkpoint`,
    );
    return notes;
  }
  const trained = checkpointStep(runDir);
  if (log?.lastStep !== undefined && trained !== undefined && log.lastStep < trained)
    notes.push(
      `${runDir}: the event log is incomplete: it ends at step ${log.lastStep}, the run trained to step ${trained} (the file was cut or lost)`,
    );
  return notes;
}

function checkpointStep(runDir: string): number | undefined {
  try {
    const step = (
      JSON.parse(readFileSync(join(runDir, RUN_FILES.checkpointMeta), 'utf8')) as { step?: unknown }
    ).step;
    return typeof step === 'number' ? step : undefined;
  } catch {
    return undefined;
  }
}

/** The last step of any scalar or histogram in a run read by the events reader. */
export function lastStepOf(run: {
  scalars: Map<string, { step: number }[]>;
  histograms: Map<string, { step: number }[]>;
}): number | undefined {
  let last: number | undefined;
  for (const m of [run.scalars, run.histograms])
    for (const points of m.values())
      for (const p of points) if (last === undefined || p.step > last) last = p.step;
  return last;
}
