import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eventFilesIn, readRun } from '../src/events/reader.js';
import { scanRecords } from '../src/events/tfrecord.js';
import { createEventWriter } from '../src/events/writer.js';

/**
 * Event reading speed on a story-sized run with full probes: `steps` epochs × 60 histogram tags
 * (30 buckets) + 40 scalar tags. Reports readRun MB/s against a reference measured in the same
 * run: reading the same bytes and checking both CRCs of every record (the floor for any reader
 * that verifies records), so the gap is protobuf decoding and building the RunData.
 */
export async function benchEvents(steps = 500, histTags = 60, scalarTags = 40): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-events-'));
  try {
    const w = createEventWriter(dir);
    const values = new Float32Array(2048);
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.37 + s) * (1 + s / steps);
      for (let h = 0; h < histTags; h++) w.histogram(`layer${h % 4}/hist${h}`, values, s);
      for (let k = 0; k < scalarTags; k++) w.scalar(`layer${k % 4}/scalar${k}`, Math.cos(s + k), s);
      w.flush();
    }
    w.close();
    const writeMs = performance.now() - t0;
    const files = await eventFilesIn(dir);
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    const mb = bytes / 1e6;

    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const crcOnly: number[] = [];
    const full: number[] = [];
    let records = 0;
    await readRun(dir); // warm-up: let the JIT optimise the decoder before timing
    for (let rep = 0; rep < 7; rep++) {
      let t = performance.now();
      records = 0;
      for (const f of files) {
        const buf = readFileSync(f);
        scanRecords(buf, 0, { record: () => records++, corrupt: () => {} });
      }
      crcOnly.push(performance.now() - t);
      t = performance.now();
      const run = await readRun(dir);
      full.push(performance.now() - t);
      if (run.histograms.size !== histTags || run.scalars.size !== scalarTags)
        throw new Error('bench run read back wrong');
    }
    const rate = (ms: number) => (mb / (ms / 1000)).toFixed(0);
    console.log(
      `event files: ${steps} steps × ${histTags} histograms + ${scalarTags} scalars = ${records} records, ${mb.toFixed(1)} MB (written in ${(writeMs / 1000).toFixed(2)} s)`,
    );
    console.log(
      `  read + CRC check only  ${median(crcOnly).toFixed(0)} ms  ${rate(median(crcOnly))} MB/s   (reference)`,
    );
    console.log(
      `  readRun (full decode)  ${median(full).toFixed(0)} ms  ${rate(median(full))} MB/s   ${(median(full) / median(crcOnly)) | 0 || '<1'}× the reference`,
    );
    console.log(`  16 such runs would load in ≈ ${((16 * median(full)) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchEvents();
