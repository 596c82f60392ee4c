import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readChunks } from '../src/data/text/input.js';
import { readerCases } from './readers-files.js';

/**
 * Reader speed (MB/s of file text, CPU seconds) on generated files (readers-files.ts), each
 * against two references measured in the same run, interleaved with it (reader, scan, JSON.parse,
 * rotating, READERS_REPS times, medians): a plain byte scan (stream the file and look at every
 * byte: the floor of any streaming parser in JavaScript) and JSON.parse of the same numbers as
 * one JSON array (V8's native number parser). Peak RSS of one read in a fresh process
 * (readers-child.ts) beside the bytes the result holds.
 * READERS_ONLY=id,id picks cases; READERS_KEEP=dir keeps the files there (to profile a reader:
 * `node --cpu-prof dist/bench/readers-child.js CASE dir/FILE 5`); READERS_SCALE multiplies rows.
 */
export async function benchReaders(): Promise<void> {
  const scale = Number(process.env.READERS_SCALE ?? 1);
  const reps = Number(process.env.READERS_REPS ?? 5);
  const only = process.env.READERS_ONLY?.split(',');
  const keep = process.env.READERS_KEEP;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'ts-bench-readers-'));
  mkdirSync(dir, { recursive: true });
  const load0 = loadavg();
  let base = 0;
  try {
    console.log(
      `reader                                       MB   cpu s   MB/s (min–max)    vs byte scan         vs JSON.parse       peak RSS / held`,
    );
    for (const c of readerCases(scale)) {
      if (only && !only.includes(c.id)) continue;
      const path = join(dir, c.file);
      let { text, json } = c.make(c.rows);
      writeFileSync(path, c.file.endsWith('.gz') ? gzipSync(text) : text);
      const mb = Buffer.byteLength(text) / 1e6;
      text = '';
      const jsonMB = Buffer.byteLength(json) / 1e6;
      const runs: [string, () => Promise<unknown>][] = [
        ['reader', () => c.read(path)],
        ['scan', () => byteScan(path)],
        ['json', async () => JSON.parse(json)],
      ];
      for (const [, f] of runs) await f(); // warm-up (JIT)
      const t = new Map<string, number[]>(runs.map(([k]) => [k, []]));
      for (let r = 0; r < reps; r++) {
        for (let k = 0; k < runs.length; k++) {
          const [name, f] = runs[(r + k) % runs.length];
          t.get(name)!.push(await cpuSeconds(f));
        }
      }
      json = '';
      const reader = median(t.get('reader')!);
      const rate = mb / reader;
      const scan = mb / median(t.get('scan')!);
      const jsonRate = jsonMB / median(t.get('json')!);
      const lo = mb / Math.max(...t.get('reader')!);
      const hi = mb / Math.min(...t.get('reader')!);
      const mem = child(c.id, path);
      base = mem.baseRssMB;
      console.log(
        `${c.name.padEnd(42)} ${mb.toFixed(1).padStart(5)} ${reader.toFixed(3).padStart(7)} ${rate.toFixed(0).padStart(6)} (${lo.toFixed(0)}–${hi.toFixed(0)})`.padEnd(
          78,
        ) +
          `${(rate / scan).toFixed(2).padStart(6)}× (${scan.toFixed(0)} MB/s)`.padEnd(21) +
          `${(rate / jsonRate).toFixed(2).padStart(6)}× (${jsonRate.toFixed(0)} MB/s)`.padEnd(21) +
          `${mem.peakRssMB.toFixed(0)} MB / ${mem.heldMB.toFixed(1)} MB`,
      );
      if (!keep) rmSync(path);
    }
    const load1 = loadavg();
    console.log(
      `(CPU seconds of this process, median of ${reps} interleaved with the references after a warm-up; MB of text (decompressed for .gz); peak RSS of one read in a fresh process (${base.toFixed(0)} MB before reading) / what the result holds. Load average ${load0[0].toFixed(1)} at the start, ${load1[0].toFixed(1)} at the end, on ${availableParallelism()} cores: load inflates every figure, the ratios less so)`,
    );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function cpuSeconds(f: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Stream the file and touch every byte (count line ends). */
async function byteScan(path: string): Promise<number> {
  let lines = 0;
  for await (const c of readChunks(path)) for (let i = 0; i < c.length; i++) if (c[i] === 10) lines++;
  return lines;
}

const CHILD = fileURLToPath(new URL('./readers-child.js', import.meta.url));

function child(id: string, path: string): { peakRssMB: number; heldMB: number; baseRssMB: number } {
  return JSON.parse(execFileSync(process.execPath, [CHILD, id, path, '1'], { encoding: 'utf8' }));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchReaders();
