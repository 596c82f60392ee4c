import type { TrainConfigInput } from '../run/config.js';
import { train } from '../train/train.js';
import type { TrainHooks, TrainResult } from '../train/types.js';
import { type LiveDoctorOptions, liveDoctorCallback } from './live-callback.js';
import type { DoctorReport, Finding } from './types.js';

export interface WatchedHooks extends TrainHooks, LiveDoctorOptions {}

export interface WatchedResult extends TrainResult {
  /** The live doctor's findings (none when the run had --no-doctor). */
  findings: Finding[];
}

/**
 * train() with the doctor watching, as `trainscope train` and experiments run it: preflight,
 * the rules after every probe, doctor.json and --stop-on (all only when config.doctor).
 */
export async function trainWatched(
  input: TrainConfigInput,
  hooks: WatchedHooks = {},
): Promise<WatchedResult> {
  let report: DoctorReport | null = null;
  const { onFinding, onReport, ...rest } = hooks;
  const doctor = liveDoctorCallback;
  const r = await train(input, {
    ...rest,
    callbacks: [
      ...(rest.callbacks ?? []),
      (run) =>
        doctor(run, {
          onFinding,
          onReport: (x) => {
            report = x;
            onReport?.(x);
          },
        }),
    ],
  });
  return { ...r, findings: (report as DoctorReport | null)?.findings ?? [] };
}
