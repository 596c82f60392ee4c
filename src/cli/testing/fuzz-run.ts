/**
 * Runs the CLI fuzz corpus (fuzz-corpus.ts) in this process, through the same `main()` the
 * `trainscope` binary runs, against a fixture folder with a real trained run and damaged copies
 * of it, and prints one JSON summary: every case's outcome and the counts.
 *
 *     node dist/src/cli/testing/fuzz-run.js [--seed N] [--random N] [--timeout MS] [--keep]
 *
 * Run as its own process (the fuzz test spawns it): cases share the working directory (the
 * fixture) and a case that hangs keeps running in the background.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RUN_FILES } from '../../run/files.js';
import { train } from '../../train/train.js';
import { main } from '../main.js';
import { classify, type Outcome } from './fuzz-classify.js';
import { FIXTURE, type FuzzCase, fuzzCorpus } from './fuzz-corpus.js';

async function makeFixture(dir: string): Promise<void> {
  const header = 'w1,w2,w3,w4,w5,w6,l1,l2';
  const lines = Array.from(
    { length: 120 },
    (_, i) =>
      `${(i * 7) % 13},${i % 5},${(i * 3) % 7},${i % 2},${(i * 11) % 17},${i % 3},${i % 2},${(i >> 2) % 2}`,
  );
  writeFileSync(join(dir, FIXTURE.data), `${header}\n${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, FIXTURE.features),
    `w1,w2,w3,w4,w5,w6\n${lines.map((l) => l.split(',').slice(0, 6).join(',')).join('\n')}\n`,
  );
  writeFileSync(join(dir, FIXTURE.file), 'just a file\n');
  mkdirSync(join(dir, FIXTURE.dir));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await train({
      data: FIXTURE.data,
      labels: 'last:2',
      hidden: [4],
      epochs: 2,
      threads: 1,
      logdir: '.',
      name: FIXTURE.run,
    });
  } finally {
    process.chdir(cwd);
  }
  const run = join(dir, FIXTURE.run);
  const copy = (name: string) => {
    cpSync(run, join(dir, name), { recursive: true });
    return join(dir, name);
  };
  const events = (d: string) => join(d, readdirSync(d).find((f) => f.startsWith('events.out.tfevents'))!);
  writeFileSync(join(copy('run-badjson'), RUN_FILES.meta), '{"trainscope": "0.1", bad');
  writeFileSync(join(copy('run-schema'), RUN_FILES.meta), '{"trainscope": 3, "config": []}');
  rmSync(join(copy('run-nometa'), RUN_FILES.meta));
  mkdirSync(join(dir, 'run-empty'));
  writeFileSync(join(copy('run-badmodel'), RUN_FILES.model), 'not an onnx model');
  rmSync(join(copy('run-nomodel'), RUN_FILES.model));
  writeFileSync(join(copy('run-badckpt'), RUN_FILES.checkpoint), Buffer.alloc(64, 1));
  writeFileSync(
    events(copy('run-garbage-events')),
    Uint8Array.from({ length: 3000 }, (_, i) => (i * 89 + 1) % 256),
  );
  const trunc = events(copy('run-trunc'));
  truncateSync(trunc, Math.floor(statSync(trunc).size / 2));
  rmSync(join(copy('run-unfinished'), RUN_FILES.done));
}

interface Result {
  id: string;
  outcome: Outcome;
  code: number | null;
  /** The first line of stderr (or of the error), for the report. */
  said: string;
  ms: number;
}

async function runCase(c: FuzzCase, timeoutMs: number): Promise<Result> {
  for (const [name, body] of Object.entries(c.files ?? {})) writeFileSync(name, body);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  const started = performance.now();
  let code: number | null = null;
  let threw: unknown;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    code = await Promise.race([
      main(c.argv),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new Error('timeout'));
        }, timeoutMs);
      }),
    ]);
  } catch (e) {
    if (!timedOut) threw = e;
  } finally {
    clearTimeout(timer);
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const outcome = classify(c.expect, { code, threw, stdout, stderr, timedOut });
  const said = (threw ? String((threw as Error)?.stack ?? threw) : stderr).split('\n')[0].slice(0, 200);
  return { id: c.id, outcome, code, said, ms: Math.round(performance.now() - started) };
}

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      random: { type: 'string', default: '150' },
      timeout: { type: 'string', default: '20000' },
      keep: { type: 'boolean' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ts-fuzz-'));
  await makeFixture(dir);
  process.chdir(dir);
  let current = '';
  const late: string[] = [];
  // A rejection nobody awaited is a crash of the case that caused it.
  process.on('unhandledRejection', (e) => late.push(`${current}: unhandled rejection ${String(e)}`));
  process.on('uncaughtException', (e) => late.push(`${current}: uncaught ${String(e)}`));
  const results: Result[] = [];
  for (const c of fuzzCorpus(Number(values.seed), Number(values.random))) {
    current = c.id;
    results.push(await runCase(c, Number(values.timeout)));
  }
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  process.stdout.write(
    `${JSON.stringify({ inputs: results.length, counts, late, results, fixture: dir })}\n`,
  );
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  // Hung cases may still hold the event loop.
  process.exit(0);
}

await run();
