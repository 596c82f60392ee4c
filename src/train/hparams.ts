/**
 * A run's hyperparameters as the TensorBoard hparams plugin records them: every config field
 * (objects as JSON) except where the run lives; and the metrics the HParams view tabulates.
 * One function, used by the run's session start and by a grid's experiment record at its root.
 */
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import { withStandardTest } from './prepare.js';

export const HPARAMS_METRICS = [TAGS.valLoss, ...STORY_METRICS.map((m) => TAGS.valMetric(m))];

export function hparamsOf(c: TrainConfig): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined || k === 'logdir' || k === 'name' || k === 'resume') continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
  return out;
}

/** The hyperparameters a run trained from `input` records (train() resolves the config the same way). */
export function sessionHparams(input: TrainConfigInput): Record<string, string | number | boolean> {
  return hparamsOf(withStandardTest(parseTrainConfig(input)));
}
