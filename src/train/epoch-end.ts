import { learningEvidence } from '../metrics/evidence.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import type { TrainingRun } from './callback.js';
import { recordEvidence } from './probes.js';
import type { EpochInfo } from './types.js';
import { fullValidationReport, validate } from './validate.js';

/** The epoch's training losses as the steps go: the mean over finite losses, NaN and Inf counted apart. */
export function lossTally() {
  let sum = 0;
  let rows = 0;
  let nan = 0;
  let inf = 0;
  return {
    add(loss: number, batchRows: number): void {
      if (Number.isNaN(loss)) nan++;
      else if (!Number.isFinite(loss)) inf++;
      else {
        sum += loss * batchRows;
        rows += batchRows;
      }
    },
    /** Mean loss so far; NaN when no step had a finite loss. */
    mean: () => (rows ? sum / rows : Number.NaN),
    nonFinite: () => ({ nan, inf }),
  };
}

export type LossTally = ReturnType<typeof lossTally>;

/**
 * Learning evidence on the validation rows (inference mode, from their logits) under
 * evidence/val/: at every epoch, and at step 0 for the untrained network (the baseline against
 * which learning is judged: a random network already ranks some labels better than chance).
 */
export function recordValidationEvidence(run: TrainingRun, logits: Float32Array, step: number): void {
  const { config, engine, rec, data } = run;
  if (!data.val) return;
  const evidence = learningEvidence({
    logits,
    yTrue: data.val.y,
    nRows: data.val.nRows,
    nLabels: data.val.nLabels,
    prevalence: run.probe.prevalence,
    posWeight: engine.spec.posWeight,
    threshold: config.threshold,
  });
  recordEvidence(rec, 'val', evidence, run.labelNames, step);
}

/**
 * The end of an epoch as recorded: training loss, learning rate, NaN/Inf counts, and on the
 * validation set the loss and the story's eight metrics.
 */
export async function recordEpoch(
  run: TrainingRun,
  epoch: number,
  losses: LossTally,
): Promise<Omit<EpochInfo, 'seconds' | 'probeSeconds'>> {
  const { config, engine, rec, data } = run;
  const step = engine.step;
  const trainLoss = losses.mean();
  const nonFinite = losses.nonFinite();
  rec.scalar(TAGS.trainLoss, trainLoss, step);
  rec.scalar(TAGS.learningRate, engine.learningRate, step);
  rec.scalar(TAGS.nanCount, nonFinite.nan, step);
  rec.scalar(TAGS.infCount, nonFinite.inf, step);
  let valLoss: number | null = null;
  const val: Record<string, number | null> = {};
  if (data.val) {
    const v = await validate(engine, data.val, config.threshold);
    recordValidationEvidence(run, v.logits, step);
    valLoss = v.loss;
    rec.scalar(TAGS.valLoss, valLoss, step);
    for (const m of STORY_METRICS) {
      val[m] = Number.isFinite(v.metrics[m]) ? v.metrics[m] : null;
      if (val[m] !== null) rec.scalar(TAGS.valMetric(m), val[m]!, step);
    }
    if (config.reportEvery > 0 && epoch % config.reportEvery === 0)
      fullValidationReport(run.runDir, epoch, data.val, v, config.threshold);
  }
  return { epoch, epochs: config.epochs, step, trainLoss, valLoss, val };
}
