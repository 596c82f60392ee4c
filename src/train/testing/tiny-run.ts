import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../engine/index.js';
import { resolveSpec } from '../../model/resolve.js';
import { parseTrainConfig, type TrainConfigInput } from '../../run/config.js';
import type { TrainingRun } from '../callback.js';
import { prepareData } from '../prepare.js';
import { probeBatchFrom } from '../probes.js';
import { createRecorder } from '../recorder.js';
import { writeMeta } from '../run-files.js';
import type { TrainHooks } from '../types.js';

/**
 * A real, small run set up as train.ts does it (synthetic data, an ONNX Runtime engine, an event
 * file in a temporary directory), for the tests of the loop and of single callbacks.
 * The caller disposes `run.engine`.
 */
export async function tinyRun(
  input: TrainConfigInput = {},
  hooks: TrainHooks = {},
  opts: { resumed?: boolean } = {},
): Promise<TrainingRun & { lines: string[] }> {
  const config = parseTrainConfig({
    data: 'seed-like:rows=300,features=12',
    hidden: [8],
    epochs: 2,
    threads: 1,
    lr: 1e-2,
    ...input,
  });
  const data = await prepareData(config);
  const spec = resolveSpec(config, data.train.nFeatures, data.train.nLabels);
  const engine = await createEngine(spec, { seed: config.seed, threads: 1 });
  const runDir = mkdtempSync(join(tmpdir(), 'ts-tiny-'));
  const labelNames = [...data.train.labelNames];
  const meta = writeMeta(runDir, {
    config,
    spec,
    data,
    labelNames,
    featureNames: [...data.train.featureNames],
  });
  const lines: string[] = [];
  return {
    config,
    data,
    engine,
    rec: createRecorder(runDir),
    runDir,
    meta,
    labelNames,
    probe: probeBatchFrom(data.train, config.probeBatch, config.seed),
    resumed: opts.resumed ?? false,
    hooks,
    log: (l) => lines.push(l),
    lines,
  };
}

/** An EpochEnd as the loop hands it over, for the tests of single callbacks. */
export function epochEnd(epoch: number, trainLoss: number, valLoss: number | null) {
  return {
    epoch,
    epochs: 10,
    step: epoch * 3,
    trainLoss,
    valLoss,
    val: {},
    startedAt: performance.now(),
    timings: new Map<string, number>(),
  };
}
