import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { RUN_FILES } from '../run/files.js';
import { type RunMeta, readRunMeta } from '../run/meta.js';

export interface SavedRun {
  meta: RunMeta;
  metaPath: string;
  modelPath: string;
  /** model.onnx as written: standalone, or (runs before 0.1.0's export) the bare network. */
  modelBytes: Uint8Array;
}

/** A finished run's trainscope.json and model.onnx, checked, with one-line errors for user mistakes. */
export function readSavedRun(runDir: string): SavedRun {
  const metaPath = join(runDir, RUN_FILES.meta);
  const modelPath = join(runDir, RUN_FILES.model);
  if (!existsSync(runDir)) throw new UserError(`${runDir}: no such run directory`);
  if (!existsSync(metaPath) || !existsSync(modelPath)) {
    throw new UserError(
      `${runDir}: not a trained run (expected ${RUN_FILES.meta} and ${RUN_FILES.model}; was training finished?)`,
    );
  }
  return { meta: readRunMeta(runDir), metaPath, modelPath, modelBytes: readFileSync(modelPath) };
}
