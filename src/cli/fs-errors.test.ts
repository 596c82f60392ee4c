import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { train } from '../train/train.js';

/**
 * File-system and stream errors are the user's or the machine's to fix, never a crash: one line
 * naming the path and what to do, no stack trace, nothing half-written left under the real name.
 */
const BIN = new URL('../../../bin/trainscope.js', import.meta.url).pathname;
const run = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

function assertFsError(r: ReturnType<typeof run>, path: string, what: RegExp): void {
  assert.ok(r.status !== 0 && r.status !== 70, `exit ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
  assert.ok(lines[0].includes(path), `'${lines[0]}' does not name ${path}`);
  assert.match(lines[0], what);
}

/** A temporary folder holding a small trained run, runs/r (6 features w1…w6). */
async function withTrainedRun(prefix: string): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), prefix));
  const data = 'seed-like:rows=200,features=6';
  await train({
    data,
    hidden: [4],
    epochs: 1,
    threads: 1,
    logdir: join(cwd, 'runs'),
    name: 'r',
    doctor: false,
  });
  return cwd;
}

test('paths that are files, folders or missing give one line naming the path', async () => {
  const cwd = await withTrainedRun('ts-fs-');
  writeFileSync(join(cwd, 'afile'), 'x');
  mkdirSync(join(cwd, 'adir'));
  writeFileSync(
    join(cwd, 'feat.csv'),
    `${Array.from({ length: 6 }, (_, i) => `w${i + 1}`).join(',')}\n${'1,2,3,4,5,6\n'.repeat(5)}`,
  );
  const data = ['--data', 'seed-like:rows=200,features=6', '--epochs', '1', '--hidden', '4'];
  assertFsError(run(['train', ...data, '--logdir', 'afile'], cwd), 'afile', /is a file, not a folder/);
  assertFsError(run(['train', ...data, '--logdir', 'afile/x/y'], cwd), 'afile', /is a file, not a folder/);
  assertFsError(run(['train', ...data, '--config', 'adir'], cwd), 'adir', /is a directory/);
  assertFsError(
    run(['predict', 'runs/r', '--data', 'feat.csv', '--out', 'missing/p.csv'], cwd),
    'missing/p.csv',
    /folder does not exist/,
  );
  assertFsError(
    run(['predict', 'runs/r', '--data', 'feat.csv', '--out', 'adir'], cwd),
    'adir',
    /is a directory/,
  );
  assertFsError(run(['predict', 'runs/r', '--data', 'nothere.csv'], cwd), 'nothere.csv', /no such file/);
  assertFsError(run(['predict', 'runs/r', '--data', 'adir'], cwd), 'adir', /not a data file|directory/);
  assertFsError(run(['report', 'runs/r', '--out', 'adir'], cwd), 'adir', /is a directory/);
  assertFsError(
    run(['report', 'runs/r', '--out', 'missing/r.html'], cwd),
    'missing/r.html',
    /folder does not exist/,
  );
  assert.ok(!existsSync(join(cwd, 'missing')));
  // The working predictions still work (the errors above were about paths, not the run).
  const ok = run(['predict', 'runs/r', '--data', 'feat.csv', '--out', 'p.csv'], cwd);
  assert.equal(ok.status, 0, ok.stderr);
});

test('predict | head -1: the reader going away ends trainscope quietly', async () => {
  const cwd = await withTrainedRun('ts-pipe-');
  // Far more than a pipe's buffer (64 KiB): the writes go on after the reader has gone.
  writeFileSync(join(cwd, 'feat.csv'), `w1,w2,w3,w4,w5,w6\n${'0.5,1,2,3,4,5\n'.repeat(40_000)}`);
  const child = spawn(process.execPath, [BIN, 'predict', 'runs/r', '--data', 'feat.csv'], { cwd });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let first = '';
  child.stdout.once('data', (d) => {
    first = String(d).split('\n')[0];
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.match(first, /^p_/);
  assert.equal(stderr, '', 'nothing on stderr');
  assert.equal(code, 0);
});
