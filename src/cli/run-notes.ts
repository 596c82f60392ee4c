import { UserError } from '../errors.js';
import type { RunData } from '../events/types.js';
import { lastStepOf, runStatusNotes } from '../run/status.js';

/**
 * Say what the reader of a run must know before its contents (unfinished, log cut short), as
 * `note:` lines on stderr (stdout stays the command's output). With the run's events read: a log
 * with no readable event at all is an error, not an empty report.
 */
export function noteRunStatus(runDir: string, read?: RunData | readonly RunData[]): void {
  // A run may be read as several parts (Keras' train/ and validation/): the log is all of them.
  const parts =
    read === undefined ? [] : Array.isArray(read) ? (read as readonly RunData[]) : [read as RunData];
  const steps = parts.map(lastStepOf).filter((s): s is number => s !== undefined);
  const seen = read && {
    lastStep: steps.length ? Math.max(...steps) : undefined,
    warnings: parts.flatMap((p) => p.warnings),
  };
  if (seen && seen.lastStep === undefined && parts.every((p) => p.texts.size === 0))
    throw new UserError(runStatusNotes(runDir, seen)[0]);
  for (const note of runStatusNotes(runDir, seen)) process.stderr.write(`note: ${note}\n`);
}
