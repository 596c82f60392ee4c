/**
 * One hparams experiment record at a grid's root, as TensorBoard's HParams view wants it: every
 * hyperparameter the trials record, with the values it takes across the grid as a discrete domain
 * (those with several marked as differing), and the validation metrics. The trials themselves
 * write only their session start and end (TrainHooks.hparamsExperiment = false); with one
 * experiment record per trial, TensorBoard took the first trial's and marked nothing as varied.
 */
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HParamValue } from '../events/encode.js';
import { isEventFileName } from '../events/reader.js';
import { createEventWriter } from '../events/writer.js';
import { HPARAMS_METRICS, sessionHparams } from '../train/hparams.js';
import type { Trial } from './grid.js';

/** Each hyperparameter → its distinct values over the trials, sorted. */
export function hparamDomains(trials: readonly Trial[]): Record<string, HParamValue[]> {
  const seen = new Map<string, Set<HParamValue>>();
  for (const t of trials) {
    for (const [k, v] of Object.entries(sessionHparams(t.config))) {
      const s = seen.get(k) ?? new Set();
      s.add(v);
      seen.set(k, s);
    }
  }
  const sorted = (vs: HParamValue[]) =>
    vs.sort((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
    );
  return Object.fromEntries(
    [...seen].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => [k, sorted([...s])]),
  );
}

/** The root record's file: one fixed name, so that concurrent writers replace each other's. */
export const HPARAMS_ROOT_FILE = 'events.out.tfevents.0.grid-hparams';

/**
 * (Re)write the root record: the event file at the root holds only this record, so an earlier
 * one (a resumed grid, a grid that grew) is replaced — TensorBoard keeps a tag's first metadata.
 * Written aside and renamed onto one fixed name: two experiments starting on the same root at
 * once used to leave two records (each removed the old file, then created its own).
 */
export function writeHparamsRoot(expDir: string, trials: readonly Trial[]): void {
  const aside = mkdtempSync(join(expDir, '.hparams-'));
  try {
    const w = createEventWriter(aside);
    w.hparamsExperiment(hparamDomains(trials), HPARAMS_METRICS);
    w.close();
    for (const f of readdirSync(expDir))
      if (isEventFileName(f) && f !== HPARAMS_ROOT_FILE) rmSync(join(expDir, f), { force: true });
    renameSync(w.path, join(expDir, HPARAMS_ROOT_FILE));
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}
