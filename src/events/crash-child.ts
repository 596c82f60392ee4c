/**
 * Test helper, run as a child process by crash.test.ts: writes events in an endless loop
 * (scalars and large histograms, each record written as soon as it is made) and reports on
 * stdout how many steps are completely on disk, until its parent kills it with SIGKILL.
 * Usage: node crash-child.js <runDir>
 */
import { createEventWriter } from './writer.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: crash-child.js <runDir>');
  process.exit(2);
}
const w = createEventWriter(dir, { maxBufferedBytes: 64 * 1024 });
const values = new Float32Array(4096);
for (let step = 0; ; step++) {
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i + step);
  w.scalar('loss/train', step, step);
  // Many buckets make big records, so the kill often lands inside one.
  for (let k = 0; k < 4; k++) w.histogram(`layer${k + 1}/weights`, values, step);
  if (step % 10 === 9) {
    w.flush();
    process.stdout.write(`${step}\n`);
  }
}
