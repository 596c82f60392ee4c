import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunData } from '../../events/types.js';
import type { ModelSpec } from '../../model/spec.js';
import { TAGS } from '../../run/tags.js';
import {
  healthyRun,
  LABELS,
  LAYERS,
  remove,
  STEPS_PER_EPOCH,
  set,
  setEvidence,
  setLabelAuc,
} from '../testing/fabricate.js';
import { withHistograms } from '../testing/histograms.js';
import type { RunContext } from '../types.js';
import { checkRegistry, RULES } from './index.js';

const relu = {
  units: 64,
  activation: 'relu' as const,
  dropout: 0,
  kernelInit: { kind: 'glorot_uniform' as const },
  biasInit: { kind: 'zeros' as const },
};
const spec = (activation: 'relu' | 'sigmoid' = 'relu'): ModelSpec => ({
  inputs: 50,
  outputs: 6,
  hidden: [relu, relu, relu].map((l) => ({ ...l, activation })),
  output: { kernelInit: { kind: 'glorot_uniform' }, biasInit: { kind: 'zeros' } },
  optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  weightDecay: 0,
  clipNorm: 0,
});

type Case = { run: RunData; ctx?: RunContext };
const n = (k: number, v: number) => Array.from({ length: k }, () => v);

/** No learning at all: loss no better than the constant predictor, ranking at the untrained level. */
function flat(run: RunData): RunData {
  for (const split of ['probe', 'val'] as const)
    setEvidence(
      run,
      split,
      n(7, 0).map(() => ({ gain: -0.02, auc: 0.52 })),
    );
  return run;
}

/** For every rule: a history where it must fire. The quiet case is the healthy run. */
const FIRES: Record<string, () => Case> = {
  'non-finite': () => ({
    run: set(healthyRun(), TAGS.trainLoss, [0.5, 0.4, Number.NaN, Number.NaN], STEPS_PER_EPOCH),
  }),
  'inputs-not-standardised': () => ({ run: set(healthyRun(), TAGS.inputMaxStd, [1000]) }),
  'init-too-broad': () => {
    const run = healthyRun();
    set(run, TAGS.stdVsGlorot('layer1'), [14.7, 14.7]);
    set(run, TAGS.stdVsHe('layer1'), [10.6, 10.6]);
    set(run, TAGS.meanAbsLogit, [2500, 2400]);
    return { run };
  },
  'init-too-narrow': () => {
    const run = healthyRun();
    set(run, TAGS.stdVsGlorot('layer2'), [0.1]);
    set(run, TAGS.stdVsHe('layer2'), [0.07]);
    return { run };
  },
  'saturated-outputs': () => ({ run: set(healthyRun(), TAGS.meanAbsLogit, [4000, 3000]) }),
  'hidden-saturation': () => ({
    run: set(healthyRun(), TAGS.saturatedFraction('layer2', 'inference_mode'), [0.9]),
    ctx: { spec: spec('sigmoid') },
  }),
  'activation-scale': () => {
    const run = healthyRun();
    LAYERS.forEach((L, i) => {
      set(run, TAGS.preactivationStd(L, 'inference_mode'), [15 * 12 ** i]);
    });
    return { run };
  },
  'gradient-scale': () => ({
    run: set(healthyRun(), TAGS.gradientNorm('layer1', 'weights'), n(6, 1e-9), STEPS_PER_EPOCH),
    ctx: { spec: spec() },
  }),
  'dead-units': () => ({
    run: set(healthyRun(), TAGS.deadFraction('layer3', 'inference_mode'), [0.03, 0.39, 0.83, 0.98]),
  }),
  'output-collapse': () => {
    const run = healthyRun();
    for (const l of LABELS) set(run, TAGS.outputSpread(l), [0.5, 0.1, 0, 0]);
    return { run };
  },
  'constant-label': () => {
    const run = set(healthyRun(), TAGS.positiveRate('a'), [0.5, 1, 1, 1, 1]);
    return { run: setLabelAuc(run, 'a', [0.5, 0.5, 0.51, 0.49, 0.5, 0.5, 0.5]) };
  },
  'rare-label-never-predicted': () => {
    const run = healthyRun();
    set(run, TAGS.prevalence('b'), n(7, 0.004));
    set(run, TAGS.positiveRate('b'), [0.5, 0, 0, 0]);
    return { run };
  },
  divergence: () => {
    const run = set(healthyRun(), TAGS.trainLoss, [0.6, 0.5, 2.5, 9], STEPS_PER_EPOCH);
    // the inference-mode loss on the probe rows gets worse too
    return {
      run: setEvidence(
        run,
        'probe',
        [-0.1, 0.05, 0.1, -0.5, -2].map((gain) => ({ gain, auc: 0.6 })),
      ),
    };
  },
  'lr-too-low': () => {
    const run = flat(healthyRun());
    for (const L of LAYERS)
      set(
        run,
        TAGS.changeSinceInit(L, 'weights'),
        [0.001, 0.002, 0.003, 0.004, 0.005, 0.006],
        STEPS_PER_EPOCH,
      );
    return { run };
  },
  'frozen-weights': () => {
    const run = flat(healthyRun());
    for (const L of LAYERS) set(run, TAGS.changeSinceInit(L, 'weights'), n(6, 0.02), STEPS_PER_EPOCH);
    return { run };
  },
  // the histogram-only rules (issue 10), for logs of any framework
  'dead-layers': () => ({ run: withHistograms(healthyRun(), { deadActivations: ['layer3'] }) }),
  'outputs-collapsed': () => ({ run: set(healthyRun(), 'metrics/val/roc_auc_macro', [0.62, 0.5, 0.5, 0.5]) }),
  'ranking-at-chance': () => ({
    run: set(healthyRun(), 'metrics/val/roc_auc_macro', [0.55, 0.51, 0.495, 0.505]),
  }),
  'weights-blown-up': () => ({
    run: set(withHistograms(healthyRun(), { blowUpAt: 2 }), 'metrics/val/roc_auc', [0.55, 0.5, 0.5, 0.5]),
  }),
  'not-learning': () => ({ run: flat(healthyRun()) }),
  'lr-too-high': () => {
    const run = healthyRun();
    set(run, TAGS.updateRatio('layer2', 'weights'), [5, 0.5, 0.4, 0.3, 0.3, 0.3], STEPS_PER_EPOCH);
    set(run, TAGS.deadFraction('layer2', 'inference_mode'), [0, 0.45, 0.5, 0.5, 0.5, 0.5, 0.5]);
    return { run };
  },
  'frozen-layer': () => {
    const run = healthyRun();
    set(run, TAGS.changeSinceInit('layer2', 'weights'), n(6, 0), STEPS_PER_EPOCH);
    return { run };
  },
  'label-at-chance': () => {
    const run = healthyRun();
    set(run, TAGS.evidenceAuc('val', 'a'), n(7, 0.51));
    set(run, TAGS.evidenceAucSe('val', 'a'), n(7, 0.02));
    return { run };
  },
  'pos-weight-too-large': () => {
    const run = healthyRun();
    for (const l of LABELS) set(run, TAGS.evidencePositiveRate('val', l), [0.6, 1, 1, 1, 1, 1, 1]);
    return { run, ctx: { spec: { ...spec(), posWeight: n(6, 50) } } };
  },
  'slow-learning': () => ({
    run: set(
      healthyRun(),
      'metrics/val/roc_auc_macro',
      [0.5, 0.52, 0.545, 0.565, 0.59, 0.61, 0.635, 0.655, 0.68],
    ),
  }),
  overfitting: () => ({
    run: set(healthyRun(10), TAGS.valLoss, [0.5, 0.4, 0.38, 0.45, 0.55, 0.65, 0.7, 0.8], STEPS_PER_EPOCH),
  }),
};

test('the registry has no duplicate ids and rejects them', () => {
  checkRegistry(RULES);
  assert.throws(() => checkRegistry([RULES[0], RULES[0]]), /duplicate rule id/);
});

test('every rule has a firing case in this suite', () => {
  assert.deepEqual(
    RULES.map((r) => r.id).filter((id) => !FIRES[id]),
    [],
  );
});

for (const rule of RULES) {
  test(`${rule.id}: quiet on a healthy run`, () => {
    const ctx = { spec: spec() };
    const found = rule.check(healthyRun(), ctx);
    assert.deepEqual(
      found.map((f) => `${f.id} ${f.severity} ${JSON.stringify(f.where)}`),
      [],
    );
  });
  test(`${rule.id}: fires on its fault, with evidence and a fix`, () => {
    const c = FIRES[rule.id]?.();
    assert.ok(c, 'no firing case');
    const found = rule.check(c.run, c.ctx ?? {});
    assert.ok(found.length > 0, 'did not fire');
    for (const f of found) {
      assert.equal(f.id, rule.id);
      assert.ok(['info', 'warning', 'fatal'].includes(f.severity));
      assert.ok(Object.keys(f.evidence).length > 0, 'no evidence');
      assert.ok(f.explanation.length > 20);
      assert.ok(f.fix.text.length > 0);
      assert.ok(Number.isFinite(f.step));
    }
  });
}

test('init-too-broad reports the first step and the ratio of the story layer', () => {
  const c = FIRES['init-too-broad']();
  const [f] = RULES.find((r) => r.id === 'init-too-broad')!.check(c.run, {});
  assert.equal(f.step, 0);
  assert.equal(f.where.layer, 'layer1');
  assert.equal(f.evidence.std_vs_glorot, 14.7);
  assert.equal(f.cause, 'initialisation');
});

test('dead-units: fatal once the layer is entirely dead; blames biases dead from the start', () => {
  const c = FIRES['dead-units']();
  const [f] = RULES.find((r) => r.id === 'dead-units')!.check(c.run, {});
  assert.equal(f.severity, 'fatal');
  assert.equal(f.step, 2 * STEPS_PER_EPOCH);
  const run = healthyRun();
  set(run, TAGS.deadFraction('layer1', 'inference_mode'), [1, 1]);
  set(run, TAGS.paramStat('layer1', 'biases', 'mean'), [-5, -5]);
  const [g] = RULES.find((r) => r.id === 'dead-units')!.check(run, {});
  assert.equal(g.cause, 'bias_initialisation');
  assert.equal(g.symptom, false);
});

test('rare label never predicted: info with an unweighted loss, a warning when its loss is weighted', () => {
  const rule = RULES.find((r) => r.id === 'rare-label-never-predicted')!;
  const c = FIRES['rare-label-never-predicted']();
  assert.equal(rule.check(c.run, {})[0].severity, 'info');
  const weighted = { spec: { ...spec(), posWeight: [1, 20, 1, 1, 1, 1] } };
  assert.equal(rule.check(c.run, weighted)[0].severity, 'warning');
});

test('inputs-not-standardised falls back to the first layer when input tags are missing', () => {
  const run = remove(healthyRun(), 'input/');
  set(run, TAGS.preactivationStd('layer1', 'inference_mode'), [1000 * 0.06 * Math.sqrt(50)]);
  set(run, TAGS.paramStat('layer1', 'weights', 'std'), [0.06]);
  const [f] = RULES.find((r) => r.id === 'inputs-not-standardised')!.check(run, { spec: spec() });
  assert.ok(Math.abs(Number(f.evidence.input_rms) - 1000) < 1);
});
