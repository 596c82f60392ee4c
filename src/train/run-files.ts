import { createRequire } from 'node:module';
import { join } from 'node:path';
import { standaloneModel } from '../export/standalone.js';
import { computeReport } from '../metrics/report.js';
import type { ModelSpec } from '../model/spec.js';
import { writeFileAtomic } from '../run/atomic-write.js';
import type { TrainConfig } from '../run/config.js';
import { RUN_FILES } from '../run/files.js';
import { killPoint } from '../run/kill-point.js';
import type { ResumeRecord, RunMeta } from '../run/meta.js';
import { VERSION } from '../version.js';
import type { Callback, LoopState, TrainingRun } from './callback.js';
import { predictLogits, sigmoid32 } from './evaluate-data.js';
import type { PreparedData } from './prepare.js';
import type { TrainResult } from './types.js';

function ortVersion(): string {
  try {
    return createRequire(import.meta.url)('onnxruntime-node/package.json').version;
  } catch {
    return 'unknown';
  }
}

export function writeMeta(
  runDir: string,
  m: {
    config: TrainConfig;
    spec: ModelSpec;
    data: PreparedData;
    labelNames: string[];
    featureNames: string[];
  },
  /** A resumed run keeps its history: when it was created, and each resume with what it changed. */
  resumed?: { previous: RunMeta; record: ResumeRecord },
): RunMeta {
  const meta: RunMeta = {
    trainscope: VERSION,
    createdAt: resumed?.previous.createdAt ?? new Date().toISOString(),
    config: m.config,
    spec: m.spec,
    labelNames: m.labelNames,
    featureNames: m.featureNames,
    scaler: m.data.scaler,
    imputeMeans: m.data.imputeMeans,
    data: {
      source: m.config.data,
      ...(m.config.test ? { test: m.config.test } : {}),
      fingerprint: m.data.fingerprint,
      split: m.data.split,
      rows: { train: m.data.train.nRows, val: m.data.val?.nRows ?? 0, test: m.data.test.nRows },
    },
    seed: m.config.seed,
    versions: { node: process.version, onnxruntime: ortVersion() },
    ...(resumed ? { resumes: [...(resumed.previous.resumes ?? []), resumed.record] } : {}),
  };
  writeFileAtomic(join(runDir, RUN_FILES.meta), JSON.stringify(meta, null, 2));
  return meta;
}

/**
 * Close a run: the final report on the test set, model.onnx, the callbacks' last words
 * (doctor.json), report.json and trainscope.json, then DONE — written last, so a run without
 * DONE is unfinished whatever else it holds. Every file is written whole or not at all.
 */
export async function finishRun(
  run: TrainingRun,
  state: LoopState,
  callbacks: Callback[],
): Promise<TrainResult> {
  const { test } = run.data;
  const logits = await predictLogits(run.engine, test);
  const report = computeReport({
    yTrue: test.y,
    probabilities: sigmoid32(logits),
    logits,
    nRows: test.nRows,
    nLabels: test.nLabels,
    labelNames: run.labelNames,
    threshold: run.config.threshold,
  }) as unknown as Record<string, unknown>;
  const stopped = state.stop?.kind ?? 'completed';
  const stopReason = state.stop?.reason;
  // The model users deploy: raw features in, this run's imputation and scaling inside.
  const metaFile = join(run.runDir, RUN_FILES.meta);
  writeFileAtomic(
    join(run.runDir, RUN_FILES.model),
    standaloneModel(run.meta, run.engine.params(), metaFile),
  );
  // A kill here leaves the final model written and the report not: resuming must redo both.
  killPoint('final-evaluation');
  for (const c of callbacks) await c.onEnd?.(state);
  writeFileAtomic(join(run.runDir, RUN_FILES.report), JSON.stringify(report, null, 2));
  const meta: RunMeta = {
    ...run.meta,
    epochsRun: state.epoch,
    stopped,
    ...(stopReason ? { stopReason } : {}),
    report,
  };
  writeFileAtomic(metaFile, JSON.stringify(meta, null, 2));
  run.rec.hparamsEnd(stopped === 'interrupted' ? 'unknown' : 'success');
  run.rec.close();
  if (stopped !== 'interrupted')
    writeFileAtomic(join(run.runDir, RUN_FILES.done), `${new Date().toISOString()}\n`);
  return {
    runDir: run.runDir,
    config: run.config,
    epochsRun: state.epoch,
    stopped,
    ...(stopReason ? { stopReason } : {}),
    report,
    history: run.rec.history,
  };
}
