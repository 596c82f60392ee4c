import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheckpoint } from './checkpoint.js';

/**
 * Kill a real `trainscope train` (SIGKILL, at an exact point: run/kill-point.ts) and continue it
 * with `--resume`: the final metrics and weights must equal an uninterrupted run's, bitwise.
 */
const BIN = new URL('../../../bin/trainscope.js', import.meta.url).pathname;
const FLAGS = [
  ...['--data', 'seed-like:rows=600,features=12', '--hidden', '16,8', '--dropout', '0.3'],
  ...['--epochs', '3', '--batch-size', '64', '--threads', '1', '--seed', '7', '--quiet'],
];

function cli(args: string[], cwd: string, killAt?: string) {
  const { TRAINSCOPE_KILL_AT: _, ...inherited } = process.env;
  const env = killAt ? { ...inherited, TRAINSCOPE_KILL_AT: killAt } : inherited;
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

const finalOf = (cwd: string, name: string) => ({
  report: JSON.parse(readFileSync(join(cwd, 'runs', name, 'report.json'), 'utf8')),
  weights: readFileSync(join(cwd, 'runs', name, 'checkpoint.bin')),
  meta: JSON.parse(readFileSync(join(cwd, 'runs', name, 'trainscope.json'), 'utf8')),
});

test('killed at any point, --resume ends with the metrics and weights of an uninterrupted run', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ts-kill-'));
  const points = ['before-first-checkpoint', 'checkpoint-commit:1', 'step:2:3', 'final-evaluation'];
  const [ref, ...killed] = await Promise.all([
    cli(['train', ...FLAGS, '--name', 'ref'], cwd),
    ...points.map((p, i) => cli(['train', ...FLAGS, '--name', `k${i}`], cwd, p)),
  ]);
  assert.equal(ref.code, 0, ref.stderr);
  const want = finalOf(cwd, 'ref');
  killed.forEach((k, i) => {
    assert.equal(k.signal, 'SIGKILL', `${points[i]}: ${k.stderr}`);
    assert.ok(!existsSync(join(cwd, 'runs', `k${i}`, 'DONE')), `${points[i]}: a killed run is not finished`);
  });
  // What a kill leaves is a consistent checkpoint (or none yet).
  assert.equal(loadCheckpoint(join(cwd, 'runs', 'k1')).meta.epoch, 1);
  assert.equal(loadCheckpoint(join(cwd, 'runs', 'k2')).meta.epoch, 1);
  assert.equal(loadCheckpoint(join(cwd, 'runs', 'k3')).meta.epoch, 3);
  const resumed = await Promise.all(
    points.map((_, i) => cli(['train', '--resume', '--name', `k${i}`, '--quiet', '--json'], cwd)),
  );
  resumed.forEach((r, i) => {
    assert.equal(r.code, 0, `${points[i]}: ${r.stderr}`);
    const got = finalOf(cwd, `k${i}`);
    assert.deepEqual(got.report, want.report, `${points[i]}: final metrics differ`);
    assert.ok(got.weights.equals(want.weights), `${points[i]}: final weights differ`);
    assert.deepEqual(got.meta.config, { ...want.meta.config, name: `k${i}` });
    assert.ok(existsSync(join(cwd, 'runs', `k${i}`, 'DONE')));
  });
});

test('--resume refuses flags that would change the run, and a second writer', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ts-resume-'));
  const killed = await cli(['train', ...FLAGS, '--name', 'r'], cwd, 'step:2:1');
  assert.equal(killed.signal, 'SIGKILL');
  const before = readFileSync(join(cwd, 'runs', 'r', 'checkpoint.bin'));
  const refused = await cli(
    ['train', '--resume', '--name', 'r', '--dropout', '0.5', '--lr', '0.1', '--hidden', '8'],
    cwd,
  );
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr.trim(),
    /^trainscope train: --resume .*refused: --hidden \[8\] .*--dropout 0\.5 \(the run has 0\.3\).*--lr 0\.1/,
  );
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.ok(readFileSync(join(cwd, 'runs', 'r', 'checkpoint.bin')).equals(before), 'refusal touched nothing');
  // A second process while the first holds the lock is refused, naming the holder.
  const { acquireRunLock } = await import('../run/lock.js');
  const held = await acquireRunLock(join(cwd, 'runs', 'r'));
  assert.equal(held.kind, 'acquired');
  const busy = await cli(['train', '--resume', '--name', 'r'], cwd);
  if (held.kind === 'acquired') held.lock.release();
  assert.equal(busy.code, 2);
  assert.match(busy.stderr, new RegExp(`another process is writing this run \\(pid ${process.pid} `));
  const ok = await cli(['train', '--resume', '--name', 'r', '--epochs', '4', '--json'], cwd);
  assert.equal(ok.code, 0, ok.stderr);
  const meta = JSON.parse(readFileSync(join(cwd, 'runs', 'r', 'trainscope.json'), 'utf8'));
  assert.equal(meta.config.epochs, 4);
  assert.equal(meta.config.dropout, 0.3);
  assert.deepEqual(meta.resumes.at(-1).changed, { epochs: { from: 3, to: 4 } });
  assert.equal(meta.resumes.at(-1).epoch, 1);
});
