import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialize } from '../model/initializers.js';
import { createRng } from '../model/rng.js';
import { type Initializer, type ModelSpec, paramShapes } from '../model/spec.js';
import { formatPreflight, preflight } from './preflight.js';

function story(init: Initializer, inputs = 294): ModelSpec {
  const layer = (units: number) => ({
    units,
    activation: 'relu' as const,
    dropout: 0.5,
    kernelInit: init,
    biasInit: { kind: 'zeros' as const },
  });
  return {
    inputs,
    outputs: 6,
    hidden: [layer(256), layer(128), layer(64)],
    output: { kernelInit: init, biasInit: { kind: 'zeros' } },
    optimizer: { kind: 'adam', lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    weightDecay: 0,
    clipNorm: 0,
  };
}

function setup(spec: ModelSpec, rows = 128, scale = 1) {
  const rng = createRng(3);
  const params = paramShapes(spec).map((p) => {
    const [fanIn, fanOut] = p.shape.length === 2 ? p.shape : [1, p.shape[0]];
    const layer = p.layer <= spec.hidden.length ? spec.hidden[p.layer - 1] : spec.output;
    const init = p.shape.length === 2 ? layer.kernelInit : layer.biasInit;
    return { name: p.name, shape: [...p.shape], data: initialize(init, fanIn * fanOut, fanIn, fanOut, rng) };
  });
  const x = new Float32Array(rows * spec.inputs);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal() * scale;
  return { params, x, rows };
}

test('preflight catches the story (std-1 truncated normal) before the first update', () => {
  const spec = story({ kind: 'truncated_normal', std: 1 });
  const { params, x, rows } = setup(spec);
  const r = preflight(spec, params, x, rows);
  assert.ok(r.layers[0].weightStd > 0.85 && r.layers[0].weightStd < 0.91);
  assert.ok(r.output.meanAbsLogit > 100, `mean |logit| ${r.output.meanAbsLogit}`);
  assert.ok(r.output.exactZeroOne > 0.5);
  const ids = new Set(r.findings.map((f) => f.id));
  assert.ok(ids.has('init-too-broad'));
  assert.ok(ids.has('saturated-outputs'));
  assert.match(formatPreflight(r), /layer1\s+294→256/);
});

test('preflight is quiet on He init with standardised inputs, and flags inputs ×1000', () => {
  const spec = story({ kind: 'he_uniform' });
  const ok = setup(spec);
  const r = preflight(spec, ok.params, ok.x, ok.rows);
  assert.deepEqual(
    r.findings.filter((f) => f.severity !== 'info').map((f) => f.id),
    [],
  );
  assert.ok(
    r.layers.every((l) => l.growth > 0.3 && l.growth < 3),
    JSON.stringify(r.layers.map((l) => l.growth)),
  );
  const big = setup(spec, 64, 1000);
  const b = preflight(spec, big.params, big.x, big.rows);
  assert.equal(b.findings[0].id, 'inputs-not-standardised');
  assert.ok(Math.abs(b.input.rms - 1000) < 100);
});
