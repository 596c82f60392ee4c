/**
 * The doctor's report for a run, as the board shows it: the run's doctor.json (written by the
 * trainer as the run goes, or by `trainscope doctor`), or, for a run without one (another
 * framework's log, a --no-doctor run), the rules run by the board itself (computed-doctor.ts).
 * One place, so every view and the static report read findings the same way.
 */
import type { DoctorReport } from '../doctor/types.js';
import type { FindingsResponse } from './api-types.js';
import { computedReport } from './computed-doctor.js';
import type { DataProvider, RunMeta } from './provider.js';

export interface DoctorView {
  report: DoctorReport | null;
  source: FindingsResponse['source'];
  /** The run the rules read when computed ('A' for a Keras run's 'A/train'). */
  readAs?: string;
}

export async function readDoctor(p: DataProvider, run: string, meta?: RunMeta): Promise<DoctorView> {
  const m = meta ?? (await p.readRunMeta(run));
  if (!m.doctor) {
    const { report, readAs } = await computedReport(p, run, m);
    return { report, source: 'computed', readAs };
  }
  return {
    report: {
      ...m.doctor,
      findings: m.doctor.findings ?? [],
      checked: m.doctor.checked ?? [],
      not_checked: m.doctor.not_checked ?? [],
    },
    source: 'doctor.json',
  };
}
