import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRun } from '../events/reader.js';
import type { RunData } from '../events/types.js';
import { RUN_FILES } from '../run/files.js';
import { type RunMeta, readRunMeta } from '../run/meta.js';
import type { RunContext } from './types.js';

export interface LoadedRun {
  dir: string;
  run: RunData;
  ctx: RunContext;
  /** trainscope.json when the run is ours (absent for foreign TensorBoard logs). */
  meta?: RunMeta;
}

/** A run directory: its event files, plus trainscope.json (validated) when trainscope wrote it. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const run = await readRun(dir);
  if (!existsSync(join(dir, RUN_FILES.meta))) return { dir, run, ctx: {} };
  const meta = readRunMeta(dir);
  return { dir, run, meta, ctx: { spec: meta.spec, config: meta.config, labelNames: meta.labelNames } };
}
