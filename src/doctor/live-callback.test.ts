import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DoctorReport } from '../doctor/types.js';
import { RUN_FILES } from '../run/files.js';
import { trainWatched } from './watched-train.js';

test('doctor.json is written as the run goes: a finding is on disk before training ends', async () => {
  const logdir = mkdtempSync(join(tmpdir(), 'live-doctor-'));
  try {
    const seen: { id: string; onDisk: string[]; done: boolean }[] = [];
    const runDir = join(logdir, 'std1');
    await trainWatched(
      {
        data: 'seed-like:rows=300',
        hidden: [16, 8],
        init: 'truncated_normal:1',
        epochs: 2,
        logdir,
        name: 'std1',
        threads: 1,
      },
      {
        onFinding: (f) => {
          const report = JSON.parse(readFileSync(join(runDir, RUN_FILES.doctor), 'utf8')) as DoctorReport;
          seen.push({
            id: f.id,
            onDisk: report.findings.map((x) => x.id),
            done: existsSync(join(runDir, RUN_FILES.done)),
          });
        },
      },
    );
    assert.ok(seen.length > 0, 'std-1 init gives at least one finding');
    for (const s of seen) {
      assert.ok(s.onDisk.includes(s.id), `${s.id} is in doctor.json when reported`);
      assert.equal(s.done, false, 'reported before the run finished');
    }
    assert.deepEqual(
      readdirSync(runDir).filter((f) => f.includes('.tmp')),
      [],
      'no temporary file left behind',
    );
    for (const f of Object.values(RUN_FILES)) assert.ok(existsSync(join(runDir, f)), `${f} missing`);
  } finally {
    rmSync(logdir, { recursive: true, force: true });
  }
});

test('--stop-on fatal: the doctor stops the run with its reason', async () => {
  const logdir = mkdtempSync(join(tmpdir(), 'live-doctor-'));
  const small = { data: 'seed-like:rows=400,features=20', hidden: [8], epochs: 2, threads: 1, lr: 1e-2 };
  try {
    // the story's collapse signature (bias init −5: every ReLU dead) is fatal for the doctor
    const dead = await trainWatched({
      ...small,
      epochs: 5,
      biasInit: 'constant:-5',
      stopOn: 'fatal',
      logdir,
      name: 'dead',
    });
    assert.equal(dead.stopped, 'doctor');
    assert.match(dead.stopReason ?? '', /--stop-on fatal/);
    assert.ok(dead.findings.some((f) => f.severity === 'fatal'));
  } finally {
    rmSync(logdir, { recursive: true, force: true });
  }
});
