/**
 * The board's test data, all of it made by the real trainer and writer: tiny runs, the
 * demo's runs (`trainscope demo`, the story's collapse and its explanation) and a grid of
 * configurations × seeds. Each is built once per build of the code and shared between test
 * processes through a cache directory and a lock (the demo takes half a minute; the board's
 * browser tests and the demo's own test read the same runs).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainWatched as train } from '../../doctor/watched-train.js';
import { expandGrid, type GridSpec } from '../../experiment/grid.js';
import type { TrainConfigInput } from '../../run/config.js';
import { processAlive } from '../../run/lock.js';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'trainscope.js');
const CACHE = path.join(ROOT, 'test-artifacts', 'fixtures');
const DONE = 'fixture.json';

/** Rooms whose code makes the runs (the board only reads them). */
const PRODUCERS = ['cli', 'data', 'doctor', 'engine', 'events', 'experiment', 'metrics', 'model', 'train'];

/** A hash of the built code that makes the runs: a cached fixture never outlives that code. */
function buildStamp(): string {
  const hash = createHash('sha1');
  const dist = path.join(ROOT, 'dist', 'src');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js') && !e.name.endsWith('.test.js')) hash.update(p).update(readFileSync(p));
    }
  };
  for (const room of PRODUCERS) if (existsSync(path.join(dist, room))) walk(path.join(dist, room));
  return hash.digest('hex').slice(0, 12);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A directory built once per build by `build(dir)` and shared: the first process to take the
 * lock builds it, the others wait for it. A lock left by a dead process is taken over.
 * Resolves with the directory and what `build` returned (kept as JSON beside it).
 */
export async function cachedFixture<T>(
  name: string,
  build: (dir: string) => Promise<T>,
): Promise<{ dir: string; value: T }> {
  mkdirSync(CACHE, { recursive: true });
  const stamp = buildStamp();
  const dir = path.join(CACHE, `${name}-${stamp}`);
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(path.join(dir, DONE))) {
      return { dir, value: JSON.parse(readFileSync(path.join(dir, DONE), 'utf8')) as T };
    }
    try {
      mkdirSync(lock);
    } catch {
      let pid = 0;
      try {
        pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8').trim());
      } catch {
        // the lock's owner has not written its pid yet
      }
      if (pid && !processAlive(pid)) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    try {
      removeStale(name, stamp);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const value = await build(dir);
      writeFileSync(path.join(dir, DONE), JSON.stringify(value ?? null));
      return { dir, value };
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Fixtures of earlier builds that nobody is building now. */
function removeStale(name: string, stamp: string): void {
  for (const entry of readdirSync(CACHE)) {
    if (!entry.startsWith(`${name}-`) || entry.endsWith('.lock') || entry === `${name}-${stamp}`) continue;
    if (existsSync(path.join(CACHE, `${entry}.lock`))) continue;
    rmSync(path.join(CACHE, entry), { recursive: true, force: true });
  }
}

export interface DemoRuns {
  /** The experiment directory `trainscope board` serves after the demo (LOGDIR/demo). */
  logdir: string;
  /** The directory the demo ran in (LOGDIR is `runs` inside it). */
  cwd: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `trainscope demo --no-board`: the story's four runs, and the counterfactual runs of the collapsed one. */
export async function demoRuns(): Promise<DemoRuns> {
  const { dir, value } = await cachedFixture('demo', async (cwd) => {
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'demo', '--no-board', '--logdir', 'runs'],
        { cwd, timeout: 900_000, maxBuffer: 64 * 2 ** 20 },
        (err, stdout, stderr) => {
          const status = err ? ((err as { code?: number }).code ?? 1) : 0;
          resolve({ status: typeof status === 'number' ? status : 1, stdout, stderr });
        },
      );
    });
    return r;
  });
  return { logdir: path.join(dir, 'runs', 'demo'), cwd: dir, ...value };
}

const TINY: TrainConfigInput = {
  data: 'seed-like:rows=300',
  hidden: [16, 8],
  epochs: 3,
  probeBatch: 128,
  threads: 1,
};

/** Two tiny real runs in LOGDIR: `glorot` (healthy) and `std1-dropout` (std-1 init + dropout: the doctor flags it). */
export async function tinyRuns(): Promise<string> {
  const { dir } = await cachedFixture('tiny', async (logdir) => {
    await train({ ...TINY, logdir, name: 'glorot' });
    await train({ ...TINY, logdir, name: 'std1-dropout', init: 'truncated_normal:1', dropout: 0.5 });
  });
  return dir;
}

export interface GridOptions {
  /** Values per axis: learning rate × initialiser, so `configs` = lrs × inits. */
  lrs: number[];
  inits: string[];
  seeds: number;
  base: TrainConfigInput;
}

/** 25 configurations (5 learning rates × 5 initialisers) × 2 seeds of tiny runs. */
export const GRID_50: GridOptions = {
  lrs: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2],
  inits: ['glorot_uniform', 'he_uniform', 'lecun_normal', 'truncated_normal:0.1', 'truncated_normal:1'],
  seeds: 2,
  base: { data: 'seed-like:rows=200', hidden: [8, 4], epochs: 2, probeBatch: 64, threads: 1 },
};

/** A grid trained in this process, one trial after another (names and configs as `trainscope experiment` makes them). */
export async function gridRuns(o: GridOptions = GRID_50, name = 'grid'): Promise<string> {
  const key = `${name}-${createHash('sha1').update(JSON.stringify(o)).digest('hex').slice(0, 8)}`;
  const { dir } = await cachedFixture(key, async (logdir) => {
    const spec: GridSpec = {
      name,
      base: o.base as Record<string, unknown>,
      axes: [
        { field: 'lr', values: o.lrs },
        { field: 'init', values: o.inits },
        { field: 'seed', values: Array.from({ length: o.seeds }, (_, i) => i + 1) },
      ],
    };
    for (const t of expandGrid(spec, logdir)) await train(t.config);
  });
  return path.join(dir, name);
}
