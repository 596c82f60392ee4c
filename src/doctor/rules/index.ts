import type { Rule } from '../types.js';
import { activationScale } from './activation-scale.js';
import { collapse } from './collapse.js';
import { constantLabel } from './constant-label.js';
import { deadLayers } from './dead-layers.js';
import { deadUnits } from './dead-units.js';
import { divergence } from './divergence.js';
import { frozenLayer } from './frozen-layer.js';
import { frozenWeights } from './frozen-weights.js';
import { gradientScale } from './gradient-scale.js';
import { hiddenSaturation } from './hidden-saturation.js';
import { initTooBroad } from './init-too-broad.js';
import { initTooNarrow } from './init-too-narrow.js';
import { inputsNotStandardised } from './inputs-not-standardised.js';
import { labelAtChance } from './label-at-chance.js';
import { lrTooHigh } from './lr-too-high.js';
import { lrTooLow } from './lr-too-low.js';
import { nonFinite } from './non-finite.js';
import { notLearning } from './not-learning.js';
import { outputsCollapsed } from './outputs-collapsed.js';
import { overfitting } from './overfitting.js';
import { posWeightTooLarge } from './pos-weight.js';
import { rankingAtChance } from './ranking-at-chance.js';
import { rareLabel } from './rare-label.js';
import { saturatedOutputs } from './saturated-outputs.js';
import { slowLearning } from './slow-learning.js';
import { weightsBlownUp } from './weights-blown-up.js';

/** The registry, in reporting order: causes visible at initialisation first, then training symptoms. */
export const RULES: readonly Rule[] = [
  nonFinite,
  inputsNotStandardised,
  initTooBroad,
  initTooNarrow,
  saturatedOutputs,
  hiddenSaturation,
  activationScale,
  gradientScale,
  deadUnits,
  deadLayers,
  collapse,
  outputsCollapsed,
  rankingAtChance,
  constantLabel,
  posWeightTooLarge,
  rareLabel,
  labelAtChance,
  divergence,
  weightsBlownUp,
  lrTooHigh,
  lrTooLow,
  slowLearning,
  frozenLayer,
  frozenWeights,
  notLearning,
  overfitting,
];

/** Duplicates are a programming error: fail at start-up, not in a report. */
export function checkRegistry(rules: readonly Rule[]): void {
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) throw new Error(`doctor: duplicate rule id '${r.id}'`);
    seen.add(r.id);
  }
}
checkRegistry(RULES);
