/**
 * The doctor for runs without a doctor.json (foreign logs, runs trained with --no-doctor, runs
 * still starting): the board reads the run through its data provider, reads it with the
 * convention table like `trainscope doctor` does (a Keras train/ or validation/ directory, or a
 * PyTorch hparams sub-run, is diagnosed as the whole run it belongs to) and runs the rules.
 * Reports are cached per run until its data changes (the runs' versions).
 */
import { examinedReport } from '../doctor/examine.js';
import type { DoctorReport } from '../doctor/types.js';
import { readRun } from '../events/reader.js';
import { createRunData } from '../events/run-data.js';
import type { RunData } from '../events/types.js';
import {
  groupRuns,
  isAddScalarsDir,
  joinScalarsDirs,
  type LogicalRun,
  scalarsDirCandidates,
} from '../logs/layout.js';
import type { RunMeta as TrainscopeMeta } from '../run/meta.js';
import type { DataProvider, RunEntry, RunMeta } from './provider.js';

export interface ComputedReport {
  /** The run the rules read ('A' for 'A/train' of a Keras run). */
  readAs: string;
  report: DoctorReport;
}

const caches = new WeakMap<DataProvider, Map<string, { key: string; value: ComputedReport }>>();

/** A whole run's data from the provider (every kept point of every tag). */
export async function providerRunData(p: DataProvider, run: string): Promise<RunData> {
  const data = createRunData(run);
  const tags = await p.listTags(run);
  for (const t of tags.scalars) data.scalars.set(t, await p.readScalars(run, t, 0));
  for (const t of tags.histograms) data.histograms.set(t, await p.readHistograms(run, t, 0));
  for (const t of tags.texts) data.texts.set(t, await p.readTexts(run, t));
  const meta = await p.readRunMeta(run);
  if (meta.hparams) data.hparams = meta.hparams;
  return data;
}

async function logicalRunOf(p: DataProvider, runs: RunEntry[], run: string): Promise<LogicalRun> {
  const grouped = groupRuns(runs.map((r) => r.name));
  const scalarsDirs = new Set<string>();
  for (const dir of scalarsDirCandidates(grouped)) {
    const t = await p.listTags(dir);
    if (isAddScalarsDir(dir, t.scalars, t.histograms.length + t.texts.length)) scalarsDirs.add(dir);
  }
  const all = joinScalarsDirs(grouped, scalarsDirs);
  return (
    all.find((r) => r.parts.some((x) => x.dir === run)) ?? { name: run, parts: [{ dir: run, kind: 'main' }] }
  );
}

/** The rules' report for a run that has no doctor.json. */
export async function computedReport(p: DataProvider, run: string, meta?: RunMeta): Promise<ComputedReport> {
  const runs = await p.listRuns();
  const logical = await logicalRunOf(p, runs, run);
  const key = logical.parts
    .map((x) => `${x.dir}@${runs.find((r) => r.name === x.dir)?.version ?? 0}`)
    .join('|');
  let cache = caches.get(p);
  if (!cache) {
    cache = new Map();
    caches.set(p, cache);
  }
  const hit = cache.get(logical.name);
  if (hit?.key === key) return hit.value;
  const parts = [];
  // from disk where the run is on disk, as `trainscope doctor` reads it (the provider keeps one
  // record per step, which merges a tag Keras 3 shares between layers); else from the provider
  for (const part of logical.parts) {
    const dir = p.runDir?.(part.dir);
    parts.push({ part, data: dir ? await readRun(dir, part.dir) : await providerRunData(p, part.dir) });
  }
  const own = meta ?? (await p.readRunMeta(logical.parts[0].dir));
  // trainscope.json, as the provider read it (the trainer validated it when writing)
  const ours = own.meta?.spec
    ? (own.meta as unknown as Pick<TrainscopeMeta, 'spec' | 'config' | 'labelNames'>)
    : undefined;
  const report = examinedReport(logical.name, parts, ours);
  const value = { readAs: logical.name, report };
  cache.set(logical.name, { key, value });
  return value;
}
