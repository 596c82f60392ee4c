import { UserError } from '../errors.js';
import type { RunData } from '../events/types.js';
import { lastStepOf, runStatusNotes } from '../run/status.js';

/**
 * Say what the reader of a run must know before its contents (unfinished, log cut short), as
 * `note:` lines on stderr (stdout stays the command's output). With the run's events read: a log
 * with no readable event at all is an error, not an empty report.
 */
export function noteRunStatus(runDir: string, run?: RunData): void {
  const seen = run && { lastStep: lastStepOf(run), warnings: run.warnings };
  if (seen && seen.lastStep === undefined && run.texts.size === 0)
    throw new UserError(runStatusNotes(runDir, seen)[0]);
  for (const note of runStatusNotes(runDir, seen)) process.stderr.write(`note: ${note}\n`);
}
