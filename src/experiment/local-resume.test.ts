import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_FILES } from '../run/files.js';
import { BIN, runCli } from './queue/testing/workers.js';
import { RESULT_FILES } from './run.js';
import { TRIALS, tinyGrid } from './testing/shared-logdir.js';

/**
 * Local mode (no queue): an experiment stopped in the middle of a trial (Ctrl-C) and run again
 * resumes that trial from its last checkpoint instead of training it from scratch, and ends with
 * the same reports and tables as the grid run without a stop.
 */
const root = mkdtempSync(join(tmpdir(), 'ts-local-resume-'));
after(() => rmSync(root, { recursive: true, force: true }));

function checkpointEpoch(runDir: string): number {
  try {
    return JSON.parse(readFileSync(join(runDir, RUN_FILES.checkpointMeta), 'utf8')).epoch ?? -1;
  } catch {
    return -1;
  }
}

test('an interrupted local grid resumes its trial from the checkpoint on the rerun, with the uninterrupted results', {
  timeout: 300_000,
}, async () => {
  const grid = (logdir: string) => [...tinyGrid('resume', logdir), '--workers', '1'];
  const alone = await runCli(grid(join(root, 'alone')));
  assert.equal(alone.code, 0, alone.stderr);

  const logdir = join(root, 'runs');
  const first = join(logdir, 'resume', TRIALS[0]);
  const proc = spawn(process.execPath, [BIN, ...grid(logdir)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((res) => proc.once('exit', res));
  const deadline = Date.now() + 120_000;
  while (checkpointEpoch(first) < 3) {
    assert.ok(Date.now() < deadline, `no checkpoint of epoch 3 in 120 s:\n${stderr}`);
    assert.equal(proc.exitCode, null, `the experiment ended before it was stopped:\n${stderr}`);
    await sleep(10);
  }
  proc.kill('SIGINT');
  assert.notEqual(await exited, 0, stderr);
  assert.ok(!existsSync(join(first, RUN_FILES.done)), 'stopped before the trial finished');
  const stoppedAt = checkpointEpoch(first);

  const again = await runCli(grid(logdir));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /unfinished \(resumed from their checkpoints/);
  const line = again.stderr.split('\n').find((l) => l.startsWith(`  done   ${TRIALS[0]} (`));
  assert.match(line ?? again.stderr, /resumed after epoch (\d+)\)/);
  assert.ok(Number(/resumed after epoch (\d+)/.exec(line ?? '')?.[1]) >= stoppedAt);
  const meta = JSON.parse(readFileSync(join(first, RUN_FILES.meta), 'utf8'));
  assert.equal(meta.resumes?.length, 1, 'trainscope.json records the resume');
  // The same numbers as the uninterrupted grid: every trial's report, the tables.
  assert.equal(again.stdout, alone.stdout);
  for (const t of TRIALS) {
    const report = (dir: string) => readFileSync(join(dir, 'resume', t, RUN_FILES.report), 'utf8');
    assert.equal(report(logdir), report(join(root, 'alone')), t);
  }
  for (const f of Object.values(RESULT_FILES))
    assert.equal(
      readFileSync(join(logdir, 'resume', f), 'utf8'),
      readFileSync(join(root, 'alone', 'resume', f), 'utf8'),
      f,
    );
});
