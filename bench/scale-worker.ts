/**
 * One trainscope side of `npm run bench -- scale`, in its own process so its peak RSS is its own:
 * load and prepare the data as `trainscope train` does, then per epoch the training steps
 * (shuffle, gather, step) and the per-epoch validation on the test rows (loss + the eight
 * logged metrics). Prints one JSON line; writes the feature transform it used for the PyTorch side.
 *
 *   node dist/bench/scale-worker.js TRAIN TEST LABELS THREADS EPOCHS TRANSFORM_OUT
 */
import { writeFileSync } from 'node:fs';
import { gatherLabels, gatherRows } from '../src/data/gather.js';
import { createEngine } from '../src/engine/index.js';
import { resolveSpec } from '../src/model/resolve.js';
import { createRng, shuffle } from '../src/model/rng.js';
import { parseTrainConfig } from '../src/run/config.js';
import { prepareData } from '../src/train/prepare.js';
import { sparseBatches } from '../src/train/sparse-batches.js';
import { validate } from '../src/train/validate.js';
import { BENCH_MODEL, cpuSeconds } from './scale-config.js';

const [train, test, labels, threads, epochs, transformOut] = process.argv.slice(2);
const wall0 = performance.now();
const cpu0 = cpuSeconds();
const config = parseTrainConfig({
  data: train,
  test,
  labels: labels === '-' ? undefined : labels,
  valFraction: 0,
  threads: Number(threads),
  ...BENCH_MODEL,
});
const data = await prepareData(config);
const load = { wall: (performance.now() - wall0) / 1000, cpu: cpuSeconds() - cpu0 };
const ds = data.train;
const t = ds.transform;
writeFileSync(
  transformOut,
  JSON.stringify(t ? { shift: Array.from(t.shift), inverse: Array.from(t.inverse) } : null),
);
const spec = resolveSpec(config, ds.nFeatures, ds.nLabels);
const engine = await createEngine(spec, { seed: config.seed, threads: config.threads });
const bs = config.batchSize;
// As the trainer does: mostly-zero inputs go to the engine's sparse first layer.
const sparse = process.env.SCALE_DENSE ? null : sparseBatches(ds);
const xb = new Float32Array(bs * ds.nFeatures);
const yb = new Float32Array(bs * ds.nLabels);
const epochsOut: {
  train: number;
  trainCpu: number;
  whole: number;
  wholeCpu: number;
  aucMicro: number | null;
}[] = [];
for (let e = 0; e < Number(epochs); e++) {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  const order = shuffle(
    Uint32Array.from({ length: ds.nRows }, (_, i) => i),
    createRng(config.seed * 7919 + e + 1),
  );
  for (let start = 0; start < ds.nRows; start += bs) {
    const rows = Math.min(bs, ds.nRows - start);
    const batch = order.subarray(start, start + rows);
    gatherLabels(ds, batch, yb);
    const y = yb.subarray(0, rows * ds.nLabels);
    if (sparse) await engine.trainStepSparse(sparse(batch), y, rows);
    else {
      gatherRows(ds, batch, xb);
      await engine.trainStep(xb.subarray(0, rows * ds.nFeatures), y, rows);
    }
  }
  const trainWall = (performance.now() - w0) / 1000;
  const trainCpu = cpuSeconds() - c0;
  const v = await validate(engine, data.test, config.threshold);
  epochsOut.push({
    train: trainWall,
    trainCpu,
    whole: (performance.now() - w0) / 1000,
    wholeCpu: cpuSeconds() - c0,
    aucMicro: v.metrics.roc_auc_micro,
  });
}
await engine.dispose();
console.log(
  JSON.stringify({
    load,
    epochs: epochsOut,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    rows: { train: ds.nRows, test: data.test.nRows },
    sparseFirstLayer: sparse !== null,
    shape: { features: ds.nFeatures, labels: ds.nLabels },
  }),
);
