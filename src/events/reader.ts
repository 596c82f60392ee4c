/**
 * Reading event files: one file incrementally (the board re-reads growing files from the last
 * complete record), one run directory, or a whole logdir.
 *
 * Damage policy (see tfrecord.ts): an incomplete last record is skipped silently (a writer may
 * still be writing it, or was killed); a record with a bad CRC is skipped with a warning naming
 * the file and byte offset, and reading resynchronises on the next valid record; a file with no
 * valid record at all is reported as "not an event file"; summary kinds we do not read are
 * counted in one warning per file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import protobuf from 'protobufjs';
import { createDecodeContext, type DecodeContext, type EventItem, eventItems } from './decode.js';
import { EventFileError } from './errors.js';
import { EventType, type PbEvent } from './proto.js';
import { addEvents, createRunData, finalizeRun } from './run-data.js';
import { scanRecords } from './tfrecord.js';
import type { RunData } from './types.js';

export type { EventItem } from './decode.js';

export interface ReadResult {
  events: EventItem[];
  /** Byte offset just past the last complete record: pass it back to read only what was appended. */
  nextOffset: number;
  warnings: string[];
  /** Bytes consumed from fromOffset to nextOffset. */
  bytesRead: number;
}

/** True for file names TensorBoard treats as event files. */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents');
}

/**
 * Read the complete records of an event file from `fromOffset`. Pass the same `ctx` for every
 * file of a run (and every incremental read) so tags whose plugin metadata appeared earlier are
 * still recognised.
 */
export function readEventFile(
  path: string,
  fromOffset = 0,
  ctx: DecodeContext = createDecodeContext(),
): ReadResult {
  const buf = readFrom(path, fromOffset);
  const events: EventItem[] = [];
  const warnings: string[] = [];
  let good = 0;
  let corruptBytes = 0;
  const corruptNotes: string[] = [];
  const unknownBefore = new Map(ctx.unknownKinds);
  // One protobufjs Reader for the whole file, repositioned per record: no per-record reader,
  // subarray or DataView allocations.
  const reader = protobuf.Reader.create(buf);
  const end = scanRecords(buf, 0, {
    record(start, stop) {
      let ev: PbEvent;
      try {
        reader.pos = start;
        reader.len = buf.length;
        ev = EventType.decode(reader, stop - start) as unknown as PbEvent;
      } catch (e) {
        corruptNotes.push(
          `${path}: undecodable event at byte ${fromOffset + start - 12} (${(e as Error).message}), skipped`,
        );
        return;
      }
      good++;
      eventItems(ev, ctx, events);
    },
    corrupt(offset, skipped, reason) {
      corruptBytes += skipped;
      corruptNotes.push(
        `${path}: corrupt record at byte ${fromOffset + offset} (${reason}), skipped ${skipped} bytes`,
      );
    },
  });
  if (good === 0 && fromOffset === 0 && corruptBytes > 0) {
    warnings.push(`${path}: not a TensorBoard event file (no valid record in ${buf.length} bytes), ignored`);
  } else {
    warnings.push(...corruptNotes);
  }
  const unknown: string[] = [];
  for (const [kind, n] of ctx.unknownKinds) {
    const d = n - (unknownBefore.get(kind) ?? 0);
    if (d > 0) unknown.push(`${kind}: ${d}`);
  }
  if (unknown.length > 0) {
    warnings.push(
      `${path}: skipped summary values of kinds trainscope does not read (${unknown.join(', ')})`,
    );
  }
  return { events, nextOffset: fromOffset + end, warnings, bytesRead: end };
}

function readFrom(path: string, offset: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new EventFileError(`cannot open event file ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  try {
    const size = fstatSync(fd).size;
    const n = Math.max(0, size - offset);
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = readSync(fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return got === n ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Event files directly inside dir, in name order (= creation order for our names and TensorFlow's). */
export async function eventFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isEventFileName(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** All event files of one run directory, merged: every series sorted by step. */
export async function readRun(dir: string, name: string = basename(dir) || dir): Promise<RunData> {
  await assertDir(dir, 'run directory');
  const files = await eventFilesIn(dir);
  if (files.length === 0) {
    throw new EventFileError(
      `no event files in ${dir} (expected files named events.out.tfevents.*; is this the run directory, or a logdir holding runs?)`,
    );
  }
  return readRunFiles(files, name);
}

function readRunFiles(files: string[], name: string): RunData {
  const run = createRunData(name);
  const ctx = createDecodeContext();
  for (const f of files) {
    const r = readEventFile(f, 0, ctx);
    addEvents(run, r.events);
    run.warnings.push(...r.warnings);
  }
  return finalizeRun(run);
}

/**
 * Every directory under logdir (the logdir included) that directly holds event files is a run,
 * named by its path relative to logdir with '/' separators ('.' for the logdir itself). Runs are
 * returned in name order. A logdir without any event file yields [] (the board may be waiting
 * for a run to start); a missing logdir throws.
 */
export async function readLogdir(logdir: string): Promise<RunData[]> {
  await assertDir(logdir, 'logdir');
  const runDirs = await findRunDirs(logdir);
  const runs: RunData[] = [];
  for (const [dir, files] of runDirs) {
    const rel = relative(logdir, dir);
    runs.push(readRunFiles(files, rel === '' ? '.' : rel.split(sep).join('/')));
  }
  return runs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Directories under root that directly hold event files, with those files. */
export async function findRunDirs(root: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  async function walk(dir: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished while walking
    }
    const files = entries
      .filter((e) => e.isFile() && isEventFileName(e.name))
      .map((e) => join(dir, e.name))
      .sort();
    if (files.length > 0) out.set(dir, files);
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name));
  }
  await walk(root);
  return out;
}

async function assertDir(dir: string, what: string): Promise<void> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(dir);
  } catch {
    throw new EventFileError(`${what} ${dir} does not exist`);
  }
  if (!s.isDirectory()) throw new EventFileError(`${what} ${dir} is not a directory`);
}
