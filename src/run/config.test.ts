import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSpec } from '../model/resolve.js';
import { parseTrainConfig } from './config.js';

test('the story config resolves to the story spec', () => {
  const c = parseTrainConfig({ hidden: [256, 128, 64], dropout: 0.5, init: 'truncated_normal:1', lr: 1e-4 });
  const spec = resolveSpec(c, 294, 6);
  assert.equal(spec.hidden.length, 3);
  assert.ok(spec.hidden.every((l) => l.dropout === 0.5 && l.activation === 'relu'));
  assert.deepEqual(spec.output.kernelInit, { kind: 'truncated_normal', std: 1 });
  assert.deepEqual(spec.optimizer, { kind: 'adam', lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.throws(
    () => resolveSpec(parseTrainConfig({ hidden: [4, 4], dropout: [0.1, 0.2, 0.3] }), 3, 2),
    /3 values for 2 hidden layers/,
  );
});

test('--freeze names layers by name or 1-based number; unknown layers and freezing everything are errors', () => {
  const spec = resolveSpec(parseTrainConfig({ hidden: [8, 4], freeze: ['layer2', '3'] }), 5, 2);
  assert.deepEqual(
    spec.hidden.map((l) => l.frozen ?? false),
    [false, true],
  );
  assert.equal(spec.output.frozen, true);
  assert.equal(resolveSpec(parseTrainConfig({ hidden: [8, 4], freeze: 'output' }), 5, 2).output.frozen, true);
  assert.throws(
    () => resolveSpec(parseTrainConfig({ hidden: [8], freeze: 'layer7' }), 5, 2),
    /freeze: 'layer7' is not a layer of this network \(layer1, output, or 1–2\)/,
  );
  assert.throws(
    () => resolveSpec(parseTrainConfig({ hidden: [8], freeze: ['1', 'output'] }), 5, 2),
    /every layer is frozen/,
  );
});
