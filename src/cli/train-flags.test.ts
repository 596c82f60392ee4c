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

test('negative numbers reach validation; empty list items, two spellings of a field and contradicting flags are refused', () => {
  assert.throws(() => parseTrainConfig(parseTrainArgs(['--epochs', '-1']).config), /field 'epochs'.*got -1/);
  assert.throws(() => parseTrainConfig(parseTrainArgs(['--lr', '-1e-3']).config), /field 'lr'/);
  assert.deepEqual(parseTrainArgs(['--seed', '-0']).config, { seed: -0 });
  for (const [text, why] of [
    ['', /--hidden: empty value/],
    ['8,,4', /item 2 of 3 is empty/],
    ['8,', /item 2 of 2 is empty/],
  ] as const) {
    assert.throws(() => parseTrainConfig(parseTrainArgs(['--hidden', text]).config), why, text);
  }
  assert.throws(() => parseTrainConfig({ hidden: [] }), /at least one hidden layer/);
  assert.throws(() => parseTrainConfig({ hidden: '' }), /nothing given/);
  for (const text of ['0x10', '1_000', 'Infinity', '1e999'])
    assert.throws(() => parseTrainConfig(parseTrainArgs(['--epochs', text]).config), /epochs/, text);
  const dir = mkdtempSync(join(tmpdir(), 'ts-flags-'));
  const file = join(dir, 'twice.yaml');
  writeFileSync(file, 'batch_size: 32\nbatchSize: 64\n');
  assert.throws(() => parseTrainArgs(['--config', file]), /'batch_size' and 'batchSize' are the same field/);
  assert.throws(() => parseTrainArgs(['--doctor', '--no-doctor']), /contradict/);
  assert.throws(() => parseTrainArgs(['--config', dir]), /is a directory/);
});

test('flags and help come from the schema: every field has a flag, a help text and its default', async () => {
  const { trainConfigFields, TrainConfigSchema } = await import('../run/config.js');
  const { trainFlagsHelp } = await import('./train-flags.js');
  const help = trainFlagsHelp();
  for (const f of trainConfigFields()) {
    assert.ok(f.help.length > 5, `${f.name} has a help text`);
    const flag = `--${f.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    assert.match(help, new RegExp(`${flag}\\b`), flag);
  }
  assert.equal(trainConfigFields().length, Object.keys(TrainConfigSchema.shape).length);
  assert.match(help, /--lr VALUE +learning rate \(default 0\.001\)/);
  assert.match(help, /--hidden VALUE +.*\(default 256,128,64\)/);
  assert.match(help, /--optimizer VALUE +optimiser: adam \| sgd \| rmsprop \(default adam\)/);
  assert.match(help, /--doctor +.*\(default on\)/);
});
