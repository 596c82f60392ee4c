import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDecodeContext } from './decode.js';
import { readEventFile, readLogdir, readRun } from './reader.js';
import { createEventWriter } from './writer.js';

const root = mkdtempSync(join(tmpdir(), 'ts-events-reader-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);

/** A run of `steps` scalar records; returns the file path and the byte offset where each record starts. */
function writeScalars(dir: string, steps: number): { path: string; offsets: number[] } {
  const w = createEventWriter(dir, { maxBufferedBytes: 0 });
  const offsets: number[] = [];
  for (let s = 0; s < steps; s++) {
    offsets.push(readFileSync(w.path).length);
    w.scalar('loss/train', s / 10, s);
  }
  w.close();
  return { path: w.path, offsets };
}

const steps = (r: { events: { kind: string; step: number }[] }) => r.events.map((e) => e.step);

test('a corrupt data CRC in the middle is reported with its offset; the rest is read', () => {
  const { path, offsets } = writeScalars(freshDir(), 10);
  const bytes = readFileSync(path);
  bytes[offsets[4] + 14] ^= 0xff; // inside record 4's data
  writeFileSync(path, bytes);
  const r = readEventFile(path);
  assert.deepEqual(steps(r), [0, 1, 2, 3, 5, 6, 7, 8, 9]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], new RegExp(`corrupt record at byte ${offsets[4]} \\(data CRC mismatch\\)`));
  assert.ok(r.warnings[0].includes(path));
  assert.equal(r.nextOffset, bytes.length);
});

test('a corrupt length field is skipped by resynchronising on the next valid record', () => {
  const { path, offsets } = writeScalars(freshDir(), 10);
  const bytes = readFileSync(path);
  bytes[offsets[6] + 1] ^= 0x55; // record 6's length
  writeFileSync(path, bytes);
  const r = readEventFile(path);
  assert.deepEqual(steps(r), [0, 1, 2, 3, 4, 5, 7, 8, 9]);
  assert.equal(r.warnings.length, 1);
  assert.match(
    r.warnings[0],
    new RegExp(`at byte ${offsets[6]} \\(length CRC mismatch\\), skipped ${offsets[7] - offsets[6]} bytes`),
  );
});

test('a truncated last record is skipped silently at every cut point, and resumes when completed', () => {
  const { path, offsets } = writeScalars(freshDir(), 5);
  const full = readFileSync(path);
  for (let cut = offsets[4] + 1; cut < full.length; cut++) {
    writeFileSync(path, full.subarray(0, cut));
    const r = readEventFile(path);
    assert.deepEqual(steps(r), [0, 1, 2, 3], `cut at ${cut}`);
    assert.deepEqual(r.warnings, [], `cut at ${cut}`);
    assert.equal(r.nextOffset, offsets[4]);
  }
  // The writer finishes the record: an incremental read from nextOffset gets exactly it.
  appendFileSync(path, full.subarray(full.length - 1));
  const r = readEventFile(path, offsets[4]);
  assert.deepEqual(steps(r), [4]);
  assert.equal(r.nextOffset, full.length);
});

test('incremental reads from nextOffset see only the new records', () => {
  const dir = freshDir();
  const w = createEventWriter(dir);
  w.text('notes', 'first', 0);
  w.flush();
  const ctx = createDecodeContext();
  const a = readEventFile(w.path, 0, ctx);
  assert.deepEqual(
    a.events.map((e) => e.kind),
    ['text'],
  );
  w.scalar('loss/train', 1, 1);
  w.histogram('layer1/weights', new Float32Array([1, 2, 3]), 1);
  w.close();
  const b = readEventFile(w.path, a.nextOffset, ctx);
  assert.deepEqual(
    b.events.map((e) => [e.kind, e.step]),
    [
      ['scalar', 1],
      ['histogram', 1],
    ],
  );
  assert.equal(readEventFile(w.path, b.nextOffset).events.length, 0);
});

test('a file that is not an event file is named in one warning and ignored', async () => {
  const dir = freshDir();
  writeScalars(dir, 3);
  const bogus = join(dir, 'events.out.tfevents.0.notes');
  writeFileSync(bogus, 'this is a text file that someone saved with an event-file name\n'.repeat(3));
  const run = await readRun(dir);
  assert.equal(run.scalars.get('loss/train')!.length, 3);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0], /events\.out\.tfevents\.0\.notes: not a TensorBoard event file/);
});

test('readRun merges files by step; a repeated step keeps the later file', async () => {
  const dir = freshDir();
  const a = createEventWriter(dir, { now: () => 100, hostname: 'h' });
  for (const s of [0, 1, 2, 3]) a.scalar('loss/train', s, s);
  a.close();
  const b = createEventWriter(dir, { now: () => 200, hostname: 'h' }); // resumed from step 2
  for (const s of [2, 3, 4]) b.scalar('loss/train', 10 + s, s);
  b.close();
  const run = await readRun(dir);
  assert.deepEqual(
    run.scalars.get('loss/train')!.map((p) => [p.step, p.value]),
    [
      [0, 0],
      [1, 1],
      [2, 12],
      [3, 13],
      [4, 14],
    ],
  );
});

test('missing and empty run directories give clear messages', async () => {
  await assert.rejects(readRun(join(root, 'nope')), /run directory .*nope does not exist/);
  const empty = freshDir();
  mkdirSync(empty);
  await assert.rejects(readRun(empty), (e: Error) => {
    assert.equal(e.name, 'EventFileError');
    assert.match(e.message, /no event files in .* \(expected files named events\.out\.tfevents\.\*/);
    return true;
  });
  await assert.rejects(readLogdir(join(root, 'nope')), /logdir .* does not exist/);
  assert.deepEqual(await readLogdir(empty), []);
});

test('readLogdir: every directory holding event files is a run named by its relative path', async () => {
  const logdir = freshDir();
  writeScalars(logdir, 1);
  writeScalars(join(logdir, 'grid', 'init=glorot', 'seed=1'), 2);
  writeScalars(join(logdir, 'b'), 3);
  mkdirSync(join(logdir, 'empty'));
  const runs = await readLogdir(logdir);
  assert.deepEqual(
    runs.map((r) => [r.name, r.scalars.get('loss/train')!.length]),
    [
      ['.', 1],
      ['b', 3],
      ['grid/init=glorot/seed=1', 2],
    ],
  );
});

test('a truncated file produced by cutting inside the first header reads as empty, no warning', () => {
  const { path } = writeScalars(freshDir(), 1);
  truncateSync(path, 7);
  const r = readEventFile(path);
  assert.deepEqual([r.events.length, r.warnings.length, r.nextOffset], [0, 0, 0]);
});
