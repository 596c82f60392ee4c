import assert from 'node:assert/strict';
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isUserError } from '../errors.js';
import { RUN_FILES } from '../run/files.js';
import { loadCheckpoint } from './checkpoint.js';
import { train } from './train.js';

/**
 * A disk that fills up or turns read-only in the middle of a run: the run stops with one line
 * naming the file, keeps its last good checkpoint (nothing half-written under a real name), is
 * marked unfinished, and --resume, once the disk is back, ends where an uninterrupted run ends.
 * The fault is injected at the file-system seam (node:fs, as every writer uses it), from the
 * second epoch's end on.
 */
const config = {
  data: 'seed-like:rows=400,features=10',
  hidden: [8],
  dropout: 0.2,
  epochs: 3,
  batchSize: 64,
  threads: 1,
  doctor: false,
};

type Patched = 'writeFileSync' | 'writeSync' | 'renameSync' | 'openSync' | 'mkdirSync';

/** Make every write fail with `code` until the returned function is called. */
function failWrites(code: 'ENOSPC' | 'EROFS'): () => void {
  const names: Patched[] = ['writeFileSync', 'writeSync', 'renameSync', 'openSync', 'mkdirSync'];
  const saved = new Map(names.map((n) => [n, fs[n]]));
  const fail = (syscall: string, path?: unknown) => {
    const e = new Error(`${code}: simulated, ${syscall}`) as NodeJS.ErrnoException;
    e.code = code;
    e.syscall = syscall;
    if (typeof path === 'string') e.path = path;
    throw e;
  };
  const m = fs as unknown as Record<Patched, unknown>;
  m.writeFileSync = (p: unknown) => fail('open', p);
  m.writeSync = () => fail('write');
  if (code === 'EROFS') {
    m.renameSync = (p: unknown) => fail('rename', p);
    m.mkdirSync = (p: unknown) => fail('mkdir', p);
    const open = saved.get('openSync') as typeof fs.openSync;
    m.openSync = (p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) =>
      flags === undefined || flags === 'r' ? open(p, flags ?? 'r', mode) : fail('open', p);
  }
  syncBuiltinESMExports();
  return () => {
    for (const [n, f] of saved) m[n] = f;
    syncBuiltinESMExports();
  };
}

for (const code of ['ENOSPC', 'EROFS'] as const) {
  test(`${code} during a run keeps the last good checkpoint; --resume then ends as an uninterrupted run`, async () => {
    const logdir = mkdtempSync(join(tmpdir(), `ts-${code}-`));
    const ref = await train({ ...config, logdir, name: 'ref' });
    let restore: (() => void) | undefined;
    let error: unknown;
    try {
      await train(
        { ...config, logdir, name: 'hit' },
        {
          onEpoch: (e) => {
            if (e.epoch === 2) restore = failWrites(code);
          },
        },
      );
    } catch (e) {
      error = e;
    } finally {
      restore?.();
    }
    assert.ok(isUserError(error), `a user-facing error, got ${(error as Error)?.stack}`);
    const line = (error as Error).message;
    assert.doesNotMatch(line, /\n/);
    assert.match(
      line,
      new RegExp(`${join(logdir, 'hit')}/.*${code === 'ENOSPC' ? 'no space left' : 'read-only'}`),
    );
    const dir = join(logdir, 'hit');
    assert.equal(loadCheckpoint(dir).meta.epoch, 1, 'the checkpoint of epoch 1 is intact');
    assert.ok(!existsSync(join(dir, RUN_FILES.done)), 'not marked finished');
    assert.deepEqual(
      readdirSync(dir).filter((f) => /\.tmp-|\.next$/.test(f)),
      [],
      'no temporary file left',
    );
    assert.ok(!existsSync(`${dir}.lock`), 'the run lock is released');
    const resumed = await train({ logdir, name: 'hit', resume: true });
    assert.deepEqual(resumed.report, ref.report);
    assert.ok(
      readFileSync(join(dir, RUN_FILES.checkpoint)).equals(
        readFileSync(join(logdir, 'ref', RUN_FILES.checkpoint)),
      ),
    );
  });
}
