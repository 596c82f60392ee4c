/**
 * `trainscope doctor RUN --explain` on finished story runs, exactly as a user runs it (the CLI in
 * its own process, `jobs` at a time): returns each run's verdict line.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explainDir } from '../../src/doctor/explain.js';

const BIN = resolve('bin', 'trainscope.js');

function explainOne(runDir: string, steps: number): Promise<string> {
  if (!existsSync(runDir)) return Promise.resolve('no story run');
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, 'doctor', runDir, '--explain', '--steps', String(steps), '--json'],
      { maxBuffer: 64 * 2 ** 20 },
      () => {
        const file = join(explainDir(runDir), 'explain.json');
        if (!existsSync(file)) return done('explain failed (no explain.json)');
        const ex = JSON.parse(readFileSync(file, 'utf8')) as { verdict: string; metric?: string };
        done(`${ex.verdict}${ex.metric ? ` [compared on ${ex.metric}]` : ''}`);
      },
    );
  });
}

export async function explainStories(runDirs: string[], steps: number, jobs: number): Promise<string[]> {
  const out: string[] = new Array(runDirs.length);
  let next = 0;
  const worker = async () => {
    while (next < runDirs.length) {
      const i = next++;
      out[i] = await explainOne(runDirs[i], steps);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return out;
}
