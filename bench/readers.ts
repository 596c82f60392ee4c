import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { storeBytes } from '../src/data/dataset.js';
import { readMatrixCsv } from '../src/data/matrix-csv.js';
import { loadDataset } from '../src/data/source.js';
import { readChunks } from '../src/data/text/input.js';
import { createRng } from '../src/model/rng.js';

/**
 * Reader speed (MB/s of file text) on generated files of the shapes the issue names: a sparse
 * ARFF (100k rows × 1,000 count features at 1.9% non-zero × 28 labels), a dense ARFF of
 * scene-like 6-digit values, a mostly-zero CSV, and a metrics score matrix. Each is compared
 * with references measured in the same run on the same machine: a plain byte scan (stream the
 * file and look at every byte, the floor for any streaming parser in JavaScript) and JSON.parse
 * of the same numbers written as one JSON array (V8's native number parser).
 */
export async function benchReaders(scale = 1): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-readers-'));
  try {
    const files = [
      {
        name: 'sparse ARFF (100k × 1000, 1.9% non-zero)',
        path: join(dir, 'sparse.arff'),
        make: sparseArff,
        rows: 100_000 * scale,
      },
      {
        name: 'dense ARFF (10k × 294, 6 digits)',
        path: join(dir, 'dense.arff'),
        make: denseArff,
        rows: 10_000 * scale,
      },
      {
        name: 'mostly-zero CSV (20k × 1000)',
        path: join(dir, 'zeros.csv'),
        make: zerosCsv,
        rows: 20_000 * scale,
      },
      {
        name: 'metrics scores CSV (4k × 983)',
        path: join(dir, 'scores.csv'),
        make: scoresCsv,
        rows: 4_000 * scale,
      },
    ];
    console.log(
      'reader                                         MB  cpu s    MB/s   vs byte scan         vs JSON.parse        stored',
    );
    for (const f of files) {
      const { text, json } = f.make(f.rows);
      writeFileSync(f.path, text);
      const mb = statSync(f.path).size / 1e6;
      const read = async () => {
        if (f.path.endsWith('scores.csv')) {
          await readMatrixCsv(f.path);
          return 0;
        }
        return storeBytes(
          (await loadDataset(f.path, { labels: f.path.endsWith('.csv') ? 'last:10' : 'last:28' })).store,
        );
      };
      const stored = await read(); // warm-up (JIT)
      const readerS = await median(read);
      const scanS = await median(() => byteScan(f.path));
      const jsonBytes = Buffer.byteLength(json);
      const jsonS = await median(async () => JSON.parse(json));
      const rate = mb / readerS;
      console.log(
        `${f.name.padEnd(44)} ${mb.toFixed(1).padStart(5)} ${readerS.toFixed(2).padStart(6)} ${rate.toFixed(0).padStart(7)}` +
          `   ${(rate / (mb / scanS)).toFixed(2).padStart(6)}× (${(mb / scanS).toFixed(0)} MB/s)` +
          `   ${(rate / (jsonBytes / 1e6 / jsonS)).toFixed(2).padStart(6)}× (${(jsonBytes / 1e6 / jsonS).toFixed(0)} MB/s)` +
          `   ${stored ? `${(stored / 1e6).toFixed(1)} MB` : ''}`,
      );
    }
    console.log(
      '(CPU seconds of this process, median of 3 after a warm-up; references measured in the same run: load on a shared machine affects all alike)',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Median seconds of f over reps runs: CPU seconds of this process (user + system), which a
 * machine shared by many jobs inflates far less than wall time; wall time is printed beside.
 */
async function median(f: () => Promise<unknown>, reps = 3): Promise<number> {
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    await f();
    const c = process.cpuUsage(c0);
    t.push((c.user + c.system) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

/** Stream the file and touch every byte (count line ends). */
async function byteScan(path: string): Promise<number> {
  let lines = 0;
  for await (const c of readChunks(path)) for (let i = 0; i < c.length; i++) if (c[i] === 10) lines++;
  return lines;
}

function sparseArff(rows: number) {
  const rng = createRng(7);
  const F = 1000;
  const L = 28;
  const head = ['@relation sparse', ...Array.from({ length: F }, (_, j) => `@attribute f${j} numeric`)];
  for (let k = 0; k < L; k++) head.push(`@attribute y${k} {0,1}`);
  head.push('@data');
  const out: string[] = [head.join('\n')];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const cols = new Set<number>();
    while (cols.size < 19) cols.add(rng.int(F));
    const e = [...cols]
      .sort((a, b) => a - b)
      .map((c) => {
        const v = 1 + rng.int(5);
        nums.push(c, v);
        return `${c} ${v}`;
      });
    for (let k = 0; k < L; k++) if (rng.next() < 0.08) e.push(`${F + k} 1`);
    out.push(`{${e.join(',')}}`);
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

function denseArff(rows: number) {
  const rng = createRng(8);
  const F = 294;
  const head = ['@relation dense', ...Array.from({ length: F }, (_, j) => `@attribute f${j} numeric`)];
  for (let k = 0; k < 28; k++) head.push(`@attribute y${k} {0,1}`);
  head.push('@data');
  const out: string[] = [head.join('\n')];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let j = 0; j < F; j++) {
      const v = rng.next();
      nums.push(v);
      row.push(v.toFixed(6));
    }
    for (let k = 0; k < 28; k++) row.push(rng.next() < 0.2 ? '1' : '0');
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums.map((v) => Number(v.toFixed(6)))) };
}

function zerosCsv(rows: number) {
  const rng = createRng(9);
  const F = 1000;
  const out = [
    [...Array.from({ length: F }, (_, j) => `w${j}`), ...Array.from({ length: 10 }, (_, k) => `y${k}`)].join(
      ',',
    ),
  ];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<string>(F + 10).fill('0');
    for (let t = 0; t < 20; t++) row[rng.int(F)] = String(1 + rng.int(3));
    for (let k = 0; k < 10; k++) row[F + k] = rng.next() < 0.1 ? '1' : '0';
    for (const v of row) nums.push(Number(v));
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

function scoresCsv(rows: number) {
  const rng = createRng(10);
  const L = 983;
  const out: string[] = [];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let k = 0; k < L; k++) {
      const v = rng.next();
      const t = v.toFixed(7);
      nums.push(Number(t));
      row.push(t);
    }
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchReaders();
