import { renameSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { exportMetadata } from './metadata.js';
import { type Preprocessing, preprocessingOf } from './preprocess.js';
import { readSavedRun } from './saved-run.js';
import { reexport } from './standalone.js';

export interface ExportResult {
  out: string;
  bytes: number;
  preprocessing: Preprocessing;
  metadata: Record<string, string>;
}

/**
 * `trainscope export RUN --out FILE`: the run's model as a standalone ONNX file, rebuilt from
 * its weights and trainscope.json, so runs trained before exports stood alone get one too.
 * Written through a temporary file, so `--out RUN/model.onnx` upgrades a run in place safely.
 */
export function exportRun(runDir: string, out: string): ExportResult {
  const { meta, metaPath, modelPath, modelBytes } = readSavedRun(runDir);
  const model = reexport(meta, modelBytes, modelPath, metaPath);
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, model);
    renameSync(tmp, out);
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    throw new UserError(`${out}: cannot write the model (${code})`);
  }
  const preprocessing = preprocessingOf(meta, metaPath);
  return { out, bytes: model.length, preprocessing, metadata: exportMetadata(meta, preprocessing) };
}
