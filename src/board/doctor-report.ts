/**
 * The doctor's report for a run, as the board shows it: the run's doctor.json (written by the
 * trainer as the run goes, or by `trainscope doctor`). One place, so every view and the static
 * report read findings the same way.
 */
import type { DoctorReport } from '../doctor/types.js';
import type { FindingsResponse } from './api-types.js';
import type { DataProvider, RunMeta } from './provider.js';

export interface DoctorView {
  report: DoctorReport | null;
  source: FindingsResponse['source'];
}

export async function readDoctor(p: DataProvider, run: string, meta?: RunMeta): Promise<DoctorView> {
  const m = meta ?? (await p.readRunMeta(run));
  if (!m.doctor) return { report: null, source: 'none' };
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
