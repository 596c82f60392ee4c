import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../run/atomic-write.js';
import { readJsonFile } from '../run/read-json.js';
import { type ExplainResult, explain, explainDir } from './explain.js';
import type { LoadedRun } from './load.js';
import type { DoctorReport } from './types.js';
import { trainWatched } from './watched-train.js';

export interface ExplainRunOptions {
  /** Optimiser steps per counterfactual run (default: explain's). */
  steps?: number;
  /** ONNX Runtime threads for the short runs (default: the run's own setting). */
  threads?: number;
  /** Reuse RUN/explain/explain.json when an earlier explanation left one (the demo's reruns). */
  reuse?: boolean;
  log?: (line: string) => void;
}

const SavedExplain = z.custom<ExplainResult>(
  (v) => typeof v === 'object' && v !== null && Array.isArray((v as ExplainResult).ranked),
  { message: 'expected an explanation ({ symptom, baseline, ranked, verdict })' },
);

/**
 * `doctor RUN --explain` as a library call: short counterfactual runs of the run's own saved
 * configuration in RUN/explain/, one factor changed at a time, ranked; saved as explain.json.
 */
export async function explainRun(
  loaded: LoadedRun,
  report: DoctorReport,
  opts: ExplainRunOptions = {},
): Promise<{ result: ExplainResult; reused: boolean }> {
  if (!loaded.meta)
    throw new UserError(
      `${loaded.dir}: --explain and --fix need a trainscope run (trainscope.json with the config)`,
    );
  const out = explainDir(loaded.dir);
  const saved = join(out, 'explain.json');
  if (opts.reuse && existsSync(saved)) return { result: readJsonFile(saved, SavedExplain), reused: true };
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const config = opts.threads ? { ...loaded.meta.config, threads: opts.threads } : loaded.meta.config;
  const result = await explain(
    config,
    report,
    loaded.ctx,
    async (c) => ({ history: (await trainWatched(c)).history }),
    { dir: out, steps: opts.steps, trainRows: loaded.meta.data.rows.train, log: opts.log },
  );
  writeFileAtomic(saved, JSON.stringify(result, null, 2));
  return { result, reused: false };
}
