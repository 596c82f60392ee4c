import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as trainscope from './index.js';

test('the package exports what the CLI uses, as functions', () => {
  for (const name of [
    'train',
    'evaluate',
    'predict',
    'loadDataset',
    'computeReport',
    'rocAuc',
    'createEngine',
    'createEventWriter',
    'readRun',
    'readLogdir',
    'diagnose',
    'preflight',
    'explain',
    'runExperiment',
    'createBoardServer',
    'buildReport',
  ]) {
    assert.equal(typeof (trainscope as Record<string, unknown>)[name], 'function', name);
  }
});
