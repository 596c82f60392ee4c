import type { RunData } from '../../events/types.js';
import { type EvidenceSplit, TAGS } from '../../run/tags.js';

/**
 * Fabricated histories for rule tests: a healthy run of a 3-hidden-layer network with 6 labels,
 * probed at step 0 and after every epoch, which a test then bends into a fault with `set`.
 */
export const LAYERS = ['layer1', 'layer2', 'layer3', 'output'];
export const LABELS = ['a', 'b', 'c', 'd', 'e', 'f'];
export const STEPS_PER_EPOCH = 100;

export function emptyRun(): RunData {
  return { name: 'fake', scalars: new Map(), histograms: new Map(), texts: new Map(), warnings: [] };
}

/** Set (replace) a scalar series from values at probes 0..n-1 (step = i * STEPS_PER_EPOCH), or explicit [step, value] pairs. */
export function set(
  run: RunData,
  tag: string,
  values: number[] | [number, number][],
  firstStep = 0,
): RunData {
  const pts = values.map((v, i) =>
    Array.isArray(v)
      ? { step: v[0], wallTime: 0, value: v[1] }
      : { step: firstStep + i * STEPS_PER_EPOCH, wallTime: 0, value: v },
  );
  run.scalars.set(tag, pts);
  return run;
}

export function remove(run: RunData, prefix: string): RunData {
  for (const t of [...run.scalars.keys()]) if (t.startsWith(prefix)) run.scalars.delete(t);
  return run;
}

const fill = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** A healthy run: `epochs` epochs, probes at step 0 and after each epoch; losses per epoch from step 100. */
export function healthyRun(epochs = 6): RunData {
  const run = emptyRun();
  const probes = epochs + 1;
  for (const L of LAYERS) {
    set(
      run,
      TAGS.paramStat(L, 'weights', 'std'),
      fill(probes, (i) => 0.07 * (1 + 0.05 * i)),
    );
    set(
      run,
      TAGS.paramStat(L, 'biases', 'mean'),
      fill(probes, (i) => 0.001 * i),
    );
    set(
      run,
      TAGS.stdVsGlorot(L),
      fill(probes, (i) => 1 + 0.05 * i),
    );
    set(
      run,
      TAGS.stdVsHe(L),
      fill(probes, (i) => 0.75 * (1 + 0.05 * i)),
    );
    set(
      run,
      TAGS.updateRatio(L, 'weights'),
      fill(epochs, () => 0.3),
      STEPS_PER_EPOCH,
    );
    set(
      run,
      TAGS.changeSinceInit(L, 'weights'),
      fill(epochs, (i) => 0.3 * Math.sqrt(i + 1)),
      STEPS_PER_EPOCH,
    );
    set(
      run,
      TAGS.preactivationStd(L, 'inference_mode'),
      fill(probes, (i) => 0.9 + 0.1 * i),
    );
    set(
      run,
      TAGS.preactivationStd(L, 'train_mode'),
      fill(probes, (i) => 1 + 0.1 * i),
    );
    set(
      run,
      TAGS.gradientNorm(L, 'weights'),
      fill(epochs, () => 0.05),
      STEPS_PER_EPOCH,
    );
    if (L !== 'output') {
      set(
        run,
        TAGS.deadFraction(L, 'inference_mode'),
        fill(probes, (i) => 0.02 + 0.02 * i),
      );
      set(
        run,
        TAGS.deadFraction(L, 'train_mode'),
        fill(probes, (i) => 0.01 + 0.01 * i),
      );
      set(
        run,
        TAGS.saturatedFraction(L, 'inference_mode'),
        fill(probes, () => 0.5),
      );
    }
  }
  set(
    run,
    TAGS.meanAbsLogit,
    fill(probes, (i) => 0.4 + 0.3 * i),
  );
  set(
    run,
    TAGS.exactZeroOne,
    fill(probes, () => 0),
  );
  set(
    run,
    TAGS.saturatedHigh,
    fill(probes, () => 0.01),
  );
  set(
    run,
    TAGS.saturatedLow,
    fill(probes, (i) => 0.05 * i),
  );
  const prevalence = [0.34, 0.3, 0.45, 0.2, 0.4, 0.35];
  LABELS.forEach((l, k) => {
    set(
      run,
      TAGS.prevalence(l),
      fill(probes, () => prevalence[k]),
    );
    set(
      run,
      TAGS.positiveRate(l),
      fill(probes, (i) => (i === 0 ? 0.5 : prevalence[k] * 0.9)),
    );
    set(
      run,
      TAGS.outputSpread(l),
      fill(probes, (i) => 0.3 + 0.4 * i),
    );
    set(
      run,
      TAGS.outputBias(l),
      fill(probes, (i) => -0.1 * i),
    );
  });
  set(run, TAGS.inputRms, [1]);
  set(run, TAGS.inputMaxStd, [1]);
  set(run, TAGS.inputMaxAbsMean, [0]);
  set(
    run,
    TAGS.trainLoss,
    fill(epochs, (i) => 0.5 * 0.9 ** i),
    STEPS_PER_EPOCH,
  );
  set(
    run,
    TAGS.valLoss,
    fill(epochs, (i) => 0.52 * 0.92 ** i),
    STEPS_PER_EPOCH,
  );
  set(
    run,
    TAGS.nanCount,
    fill(epochs, () => 0),
    STEPS_PER_EPOCH,
  );
  // Learning evidence: loss gain and ranking rising clearly above their standard errors.
  for (const split of ['probe', 'val'] as const) {
    setEvidence(
      run,
      split,
      Array.from({ length: probes }, (_, i) => ({ gain: -0.1 + 0.05 * i, auc: 0.52 + 0.06 * i })),
    );
    LABELS.forEach((l, k) => {
      set(
        run,
        TAGS.evidenceAuc(split, l),
        fill(probes, (i) => 0.52 + 0.06 * i - 0.01 * k),
      );
      set(
        run,
        TAGS.evidenceAucSe(split, l),
        fill(probes, () => 0.03),
      );
    });
  }
  LABELS.forEach((l, k) => {
    set(
      run,
      TAGS.evidencePositiveRate('val', l),
      fill(probes, () => prevalence[k] * 0.9),
    );
    set(
      run,
      TAGS.evidencePrevalence('val', l),
      fill(probes, () => prevalence[k]),
    );
  });
  return run;
}

/** Learning evidence of one split at probes 0..n-1 (gain ± 0.01, mean AUC ± 0.015 over the 6 labels, 500 rows). */
export function setEvidence(
  run: RunData,
  split: EvidenceSplit,
  points: { gain: number; auc: number }[],
  firstStep = 0,
): RunData {
  set(
    run,
    TAGS.evidence(split, 'loss_gain'),
    points.map((p) => p.gain),
    firstStep,
  );
  set(
    run,
    TAGS.evidence(split, 'loss_gain_se'),
    points.map(() => 0.01),
    firstStep,
  );
  set(
    run,
    TAGS.evidence(split, 'auc_macro'),
    points.map((p) => p.auc),
    firstStep,
  );
  set(
    run,
    TAGS.evidence(split, 'auc_macro_se'),
    points.map(() => 0.015),
    firstStep,
  );
  set(
    run,
    TAGS.evidence(split, 'auc_labels'),
    points.map(() => LABELS.length),
    firstStep,
  );
  set(
    run,
    TAGS.evidence(split, 'rows'),
    points.map(() => 500),
    firstStep,
  );
  return run;
}

/** One label's ROC AUC on the probe and validation rows at probes 0..n-1 (standard error as recorded: 0.03). */
export function setLabelAuc(run: RunData, label: string, aucs: number[]): RunData {
  for (const split of ['probe', 'val'] as const) set(run, TAGS.evidenceAuc(split, label), aucs);
  return run;
}
