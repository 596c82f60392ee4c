import { availableParallelism } from 'node:os';
import { createEngine } from '../engine/index.js';
import { resolveSpec } from '../model/resolve.js';
import { parseTrainConfig, type TrainConfigInput } from '../run/config.js';
import { prepareData, withStandardTest } from '../train/prepare.js';
import { probeBatchFrom } from '../train/probes.js';
import { type PreflightResult, preflight } from './preflight.js';

/**
 * `train --preflight`: everything a run would do before its first update — data, scaling,
 * initial weights, one forward pass on the probe batch — and the doctor's verdict on it. No run
 * directory is created.
 */
export async function runPreflight(input: TrainConfigInput): Promise<PreflightResult> {
  const config = withStandardTest(parseTrainConfig(input));
  const data = await prepareData(config);
  const posWeight = Array.isArray(config.posWeight) ? config.posWeight : undefined;
  const spec = resolveSpec(config, data.train.nFeatures, data.train.nLabels, posWeight);
  const engine = await createEngine(spec, {
    seed: config.seed,
    threads: config.threads ?? availableParallelism(),
  });
  try {
    const probe = probeBatchFrom(data.train, config.probeBatch, config.seed);
    return preflight(spec, engine.params(), probe.x, probe.rows, {
      config,
      labelNames: [...data.train.labelNames],
    });
  } finally {
    await engine.dispose();
  }
}
