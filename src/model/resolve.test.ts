import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrainConfig } from '../train/config.js';
import { parseActivation, parseInit, resolveSpec } from './resolve.js';

test('initialiser names resolve, with aliases and arguments', () => {
  assert.deepEqual(parseInit('truncated_normal:1'), { kind: 'truncated_normal', std: 1 });
  assert.deepEqual(parseInit('truncnormal:0.5'), { kind: 'truncated_normal', std: 0.5 });
  assert.deepEqual(parseInit('xavier'), { kind: 'glorot_uniform' });
  assert.deepEqual(parseInit('constant:-3'), { kind: 'constant', value: -3 });
  assert.throws(() => parseInit('truncated_normal'), /needs a positive standard deviation/);
  assert.throws(() => parseInit('orthogonal'), /unknown initialiser 'orthogonal'/);
  assert.deepEqual(parseActivation('leaky_relu:0.2'), { activation: 'leaky_relu', alpha: 0.2 });
  assert.throws(() => parseActivation('swish'), /unknown activation/);
});

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
