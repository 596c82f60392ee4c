import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRun } from '../events/reader.js';
import type { RunData } from '../events/types.js';
import type { ModelSpec } from '../model/spec.js';
import type { RunContext } from './types.js';

export interface LoadedRun {
  dir: string;
  run: RunData;
  ctx: RunContext;
  /** trainscope.json when the run is ours (absent for foreign TensorBoard logs). */
  meta?: {
    config: Record<string, unknown>;
    spec: ModelSpec;
    labelNames: string[];
    data?: { rows?: { train: number } };
  };
}

/** A run directory: its event files, plus trainscope.json when trainscope wrote it. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const run = await readRun(dir);
  const metaPath = join(dir, 'trainscope.json');
  if (!existsSync(metaPath)) return { dir, run, ctx: {} };
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  return { dir, run, meta, ctx: { spec: meta.spec, config: meta.config, labelNames: meta.labelNames } };
}
