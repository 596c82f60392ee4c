import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTrainConfig } from '../run/config.js';
import { parseTrainArgs } from './train-flags.js';

test('flags become config fields, a config file fills the rest, flags win', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-flags-'));
  const file = join(dir, 'run.yaml');
  writeFileSync(file, 'hidden: [32, 16]\nbatch-size: 64\nlr: 0.01\ninit: truncated_normal:1\n');
  const { config } = parseTrainArgs([
    '--config',
    file,
    '--lr',
    '1e-4',
    '--dropout',
    '0.5',
    '--no-standardize',
  ]);
  const c = parseTrainConfig(config);
  assert.deepEqual(c.hidden, [32, 16]);
  assert.equal(c.batchSize, 64);
  assert.equal(c.lr, 1e-4);
  assert.equal(c.dropout, 0.5);
  assert.equal(c.init, 'truncated_normal:1');
  assert.equal(c.standardize, false);
});

test('per-layer lists and comma-separated hidden sizes', () => {
  const c = parseTrainConfig(
    parseTrainArgs(['--hidden', '8,4', '--activation', 'relu,tanh', '--dropout', '0.1,0']).config,
  );
  assert.deepEqual(c.hidden, [8, 4]);
  assert.deepEqual(c.activation, ['relu', 'tanh']);
  assert.deepEqual(c.dropout, [0.1, 0]);
});

test('bad values name the field', () => {
  assert.throws(() => parseTrainArgs(['--lr', 'fast']), /--lr: expected a number, got 'fast'/);
  assert.throws(() => parseTrainConfig(parseTrainArgs(['--dropout', '1.5']).config), /field 'dropout'/);
  assert.throws(() => parseTrainConfig({ learningRate: 3 }), /unknown field\(s\) 'learningRate'/);
  assert.throws(() => parseTrainArgs(['--bogus']), /unknown option/i);
});

test('a config file that is not YAML is one clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-flags-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{ "lr": ');
  assert.throws(() => parseTrainArgs(['--config', file]), /bad\.json: not valid JSON/);
});
