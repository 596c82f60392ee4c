import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseActivation, parseInit } from './resolve.js';

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
