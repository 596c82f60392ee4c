import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const BIN = new URL('../../../bin/trainscope.js', import.meta.url).pathname;
const run = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

/** A user mistake: non-zero exit, exactly one line on stderr naming the problem, no stack trace. */
function assertOneLineError(r: ReturnType<typeof run>, pattern: RegExp): void {
  assert.notEqual(r.status, 0);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'));
  assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('train --json prints the report with the fixture metric keys', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ts-cli-'));
  const r = run(
    [
      'train',
      '--data',
      'seed-like:rows=300,features=10',
      '--hidden',
      '8',
      '--epochs',
      '1',
      '--threads',
      '1',
      '--name',
      'j',
      '--json',
    ],
    cwd,
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.run, join('runs', 'j'));
  for (const k of ['roc_auc_micro', 'precision_weighted', 'recall_per_label', 'hamming_loss'])
    assert.ok(k in out.metrics, k);
});

test('bad input gives one clear line and a non-zero exit', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ts-cli-'));
  writeFileSync(join(cwd, 'bad.yaml'), 'lr: 0.1\nlearning_rate: 3\n');
  writeFileSync(
    join(cwd, 'broken.arff'),
    '@relation r\n@attribute a numeric\n@attribute L {0,1}\n@data\n1,0\nx,1\n',
  );
  assertOneLineError(run(['train', '--config', 'bad.yaml'], cwd), /bad\.yaml|unknown field.*learningRate/);
  assertOneLineError(run(['train', '--data', 'nope.arff'], cwd), /nope\.arff/);
  assertOneLineError(run(['train', '--data', 'broken.arff', '--labels', 'last:1'], cwd), /broken\.arff.*6/);
  assertOneLineError(run(['train', '--dropout', '2'], cwd), /dropout/);
  assertOneLineError(run(['train', '--init', 'truncated_normal'], cwd), /truncated_normal/);
  assertOneLineError(run(['eval', cwd, '--data', 'broken.arff'], cwd), /not a trained run/);
  assertOneLineError(run(['predict', join(cwd, 'missing'), '--data', 'x.csv'], cwd), /no such run directory/);
  assertOneLineError(run(['trian'], cwd), /unknown command 'trian'/);
});

test('a run that turns NaN stops, says why in one line, and exits non-zero', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ts-cli-'));
  const r = run(
    [
      'train',
      '--data',
      'seed-like:rows=300,features=10',
      '--hidden',
      '8',
      '--epochs',
      '3',
      '--optimizer',
      'sgd',
      '--lr',
      '1',
      '--init',
      'normal:1e19',
      '--no-doctor',
      '--quiet',
      '--name',
      'n',
    ],
    cwd,
  );
  assert.equal(r.status, 3);
  assert.match(r.stderr, /stopped early: training loss became NaN/);
});

test('Ctrl-C saves a checkpoint and exits cleanly; --resume continues the run', async () => {
  const { spawn } = await import('node:child_process');
  const { existsSync, readFileSync } = await import('node:fs');
  const cwd = mkdtempSync(join(tmpdir(), 'ts-cli-'));
  const args = [
    'train',
    '--data',
    'seed-like:rows=3000,features=20',
    '--hidden',
    '16',
    '--epochs',
    '400',
    '--threads',
    '1',
    '--name',
    'c',
  ];
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const status = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (/epoch\s+2\//.test(err) && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (code) => resolve(code));
  });
  assert.equal(status, 130, err);
  assert.match(err, /interrupt/);
  assert.doesNotMatch(err, /\n\s+at /);
  const ck = JSON.parse(readFileSync(join(cwd, 'runs', 'c', 'checkpoint.json'), 'utf8'));
  assert.ok(ck.epoch >= 2 && ck.epoch < 400);
  assert.ok(!existsSync(join(cwd, 'runs', 'c', 'DONE')));
  const r = run(
    [...args.slice(0, -4), '--epochs', String(ck.epoch + 1), '--name', 'c', '--resume', '--quiet'],
    cwd,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(cwd, 'runs', 'c', 'DONE')));
});
