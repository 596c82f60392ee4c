import { parseScaler, scalerAffine } from '../data/index.js';
import { UserError } from '../errors.js';
import type { RunMeta } from '../run/meta.js';

/**
 * What a run does to a raw feature row before its network, fitted on the training rows only.
 * An exported model computes it in its own graph, so raw rows go in.
 */
export interface Preprocessing {
  /** Per feature, the value a missing one (NaN) becomes; null when the run fills nothing. */
  fill: number[] | null;
  /**
   * Trained with --impute mean before the training means were saved: the means are lost, so
   * the model cannot fill missing values itself (NaN in gives NaN out).
   */
  fillLost: boolean;
  /** Per feature x' = (x − shift) / scale; null when features enter the network unscaled. */
  affine: { shift: number[]; scale: number[] } | null;
}

/** The preprocessing recorded in a run's trainscope.json (`where` names it in errors). */
export function preprocessingOf(meta: RunMeta, where: string): Preprocessing {
  const n = meta.spec.inputs;
  const wantsFill = meta.config?.impute === 'mean';
  const fill = wantsFill && Array.isArray(meta.imputeMeans) ? meta.imputeMeans : null;
  if (fill && (fill.length !== n || fill.some((v) => typeof v !== 'number' || !Number.isFinite(v))))
    throw new UserError(`${where}: imputeMeans must be ${n} finite numbers (one per feature)`);
  const affine = meta.scaler ? scalerAffine(parseScaler(meta.scaler, `${where}: scaler`)) : null;
  if (affine && affine.shift.length !== n)
    throw new UserError(`${where}: the scaler has ${affine.shift.length} features, the model ${n}`);
  return { fill, fillLost: wantsFill && !fill, affine };
}

/** One line for humans (the model's metadata and the export command). */
export function describePreprocessing(p: Preprocessing): string {
  const steps = [
    p.fill
      ? 'a missing value (NaN) becomes the training rows’ mean of its feature'
      : p.fillLost
        ? 'missing values are not filled (the run predates saved training means): NaN in gives NaN out'
        : 'no missing values expected (NaN in gives NaN out)',
    p.affine
      ? 'then (x − shift) / scale per feature, fitted on the training rows'
      : 'features enter the network as they are (no scaling)',
  ];
  return steps.join('; ');
}
