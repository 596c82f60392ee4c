import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DoctorReport } from '../doctor/types.js';
import { RUN_FILES } from '../run/files.js';
import { train } from './train.js';

test('doctor.json is written as the run goes: a finding is on disk before training ends', async () => {
  const logdir = mkdtempSync(join(tmpdir(), 'live-doctor-'));
  try {
    const seen: { id: string; onDisk: string[]; done: boolean }[] = [];
    const runDir = join(logdir, 'std1');
    await train(
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
    assert.ok(!existsSync(join(runDir, `${RUN_FILES.doctor}.tmp`)), 'no temporary file left behind');
  } finally {
    rmSync(logdir, { recursive: true, force: true });
  }
});
