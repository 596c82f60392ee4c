import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readEventFile, readRun } from './reader.js';

const root = mkdtempSync(join(tmpdir(), 'ts-events-crash-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Start the writer child, let it flush `minSteps` steps, SIGKILL it; resolve with the last step it reported. */
function runAndKill(dir: string, minSteps: number, extraMs: number): Promise<number> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./crash-child.js', import.meta.url)), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let reported = -1;
    let killing = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) reported = Math.max(reported, Number(line));
      if (reported >= minSteps && !killing) {
        killing = true;
        // Kill a little later, at an arbitrary point of the write loop.
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`child exited with ${code ?? signal} before being killed`));
    });
  });
}

test('a writer killed with SIGKILL leaves files whose complete records all read back', async () => {
  for (const [i, extraMs] of [0, 3, 17].entries()) {
    const dir = join(root, `run${i}`);
    const reported = await runAndKill(dir, 20, extraMs);
    const [file] = readdirSync(dir);
    const r = readEventFile(join(dir, file));
    assert.deepEqual(r.warnings, [], 'a truncated tail is not an error');
    assert.ok(r.nextOffset <= statSync(join(dir, file)).size);
    // Every step the child reported flushed is there, in order, with all its histograms.
    const run = await readRun(dir);
    const loss = run.scalars.get('loss/train')!;
    assert.ok(loss.length >= reported + 1, `${loss.length} steps read, child had flushed ${reported + 1}`);
    assert.deepEqual(
      loss.map((p) => p.step),
      loss.map((_, s) => s),
    );
    for (let k = 1; k <= 4; k++) {
      const hs = run.histograms.get(`layer${k}/weights`)!;
      assert.ok(hs.length >= reported + 1);
      for (const h of hs) assert.equal(h.histogram.num, 4096);
    }
    // write(2) of a whole buffer is not cut by SIGKILL in practice, so also cut the file inside
    // its last complete record, as a full disk or power loss would: still no warning, one record fewer.
    // Cut one byte off the last complete record (the kill may already have left a partial tail).
    truncateSync(join(dir, file), r.nextOffset - 1);
    const cut = readEventFile(join(dir, file));
    assert.deepEqual(cut.warnings, []);
    assert.equal(cut.events.length, r.events.length - 1);
  }
});
