/**
 * The event writer: one TensorBoard event file per writer, appended with whole-record writes.
 *
 * Crash safety: records are framed in memory and written with fs.writeSync on our own fd, whole
 * records only, so a process killed at any moment (SIGKILL included) leaves a file whose
 * complete records all read back; at worst the last record is cut short, which the reader skips
 * silently. Records are buffered until flush() (the trainer flushes every epoch and at exit) or
 * until `maxBufferedBytes` accumulate.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { asFsUserError } from '../errors.js';
import { DEFAULT_BUCKET_COUNT } from './bins.js';
import {
  encodeEvent,
  type HParamValue,
  histogramValues,
  hparamsExperimentValue,
  hparamsSessionEndValue,
  hparamsSessionStartValue,
  scalarValue,
  textValue,
} from './encode.js';
import type { HParamsStatus } from './proto.js';
import { frameRecord } from './tfrecord.js';
import type { Histogram } from './types.js';

export interface EventWriterOptions {
  /** Write out once this many bytes are buffered (default 1 MiB). 0 = write every record at once. */
  maxBufferedBytes?: number;
  /** Equal-width buckets per histogram (default 30, as TensorBoard's TF2 writer). */
  bucketCount?: number;
  /** Host name in the file name (default os.hostname()). */
  hostname?: string;
  /** Clock in seconds since the epoch, for wall times and the file name (default Date.now()/1000). */
  now?: () => number;
  /** fsync the file on every flush (default false: the OS page cache survives a process kill). */
  fsync?: boolean;
}

export interface EventWriter {
  /** Absolute or runDir-relative path of the event file this writer appends to. */
  readonly path: string;
  scalar(tag: string, value: number, step: number, wallTime?: number): void;
  /** Bins raw values (30 equal-width buckets over the finite ones) or writes a ready Histogram. */
  histogram(
    tag: string,
    values: Float32Array | Float64Array | Histogram,
    step: number,
    wallTime?: number,
  ): void;
  text(tag: string, markdown: string, step: number, wallTime?: number): void;
  /**
   * hparams plugin records: the session start (this run's values), preceded by an experiment
   * record unless `experiment` is false — a grid's trials leave that to the grid's root.
   */
  hparams(config: Record<string, HParamValue>, metricTags: string[], experiment?: boolean): void;
  /** The one experiment record of a grid, at its root: every hyperparameter with the values it takes. */
  hparamsExperiment(domains: Record<string, HParamValue[]>, metricTags: string[]): void;
  hparamsEnd(status: HParamsStatus): void;
  flush(): void;
  close(): void;
}

export function createEventWriter(runDir: string, opts: EventWriterOptions = {}): EventWriter {
  const now = opts.now ?? (() => Date.now() / 1000);
  const maxBuffered = opts.maxBufferedBytes ?? 1 << 20;
  const bucketCount = opts.bucketCount ?? DEFAULT_BUCKET_COUNT;
  mkdirSync(runDir, { recursive: true });
  const { fd, path } = openExclusive(runDir, Math.floor(now()), opts.hostname ?? osHostname());
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;
  const nonfiniteSeen = new Set<string>();

  function append(data: Uint8Array): void {
    if (closed) throw new Error(`event writer for ${path} is closed`);
    const rec = frameRecord(data);
    pending.push(rec);
    pendingBytes += rec.length;
    if (pendingBytes >= maxBuffered) flush();
  }

  function checkStep(step: number, what: string): void {
    if (!Number.isSafeInteger(step)) throw new TypeError(`${what}: step must be an integer, got ${step}`);
  }

  function flush(): void {
    if (pendingBytes === 0) return;
    const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      if (opts.fsync) fsyncSync(fd);
    } catch (e) {
      // A full disk, a file system gone read-only: name the file (a write on an fd has no path).
      throw asFsUserError(e, path, 'write');
    }
  }

  append(encodeEvent(now(), 0, null));

  return {
    path,
    scalar(tag, value, step, wallTime) {
      checkStep(step, `scalar '${tag}'`);
      append(encodeEvent(wallTime ?? now(), step, [scalarValue(tag, value)]));
    },
    histogram(tag, values, step, wallTime) {
      checkStep(step, `histogram '${tag}'`);
      const { values: vals, hadNonfinite } = histogramValues(
        tag,
        values,
        bucketCount,
        nonfiniteSeen.has(tag),
      );
      if (hadNonfinite) nonfiniteSeen.add(tag);
      append(encodeEvent(wallTime ?? now(), step, vals));
    },
    text(tag, markdown, step, wallTime) {
      checkStep(step, `text '${tag}'`);
      append(encodeEvent(wallTime ?? now(), step, [textValue(tag, markdown)]));
    },
    hparams(config, metricTags, experiment = true) {
      const t = now();
      if (experiment) append(encodeEvent(t, 0, [hparamsExperimentValue(config, metricTags, t)]));
      append(encodeEvent(t, 0, [hparamsSessionStartValue(config, t)]));
    },
    hparamsExperiment(domains, metricTags) {
      const t = now();
      append(encodeEvent(t, 0, [hparamsExperimentValue(domains, metricTags, t)]));
    },
    hparamsEnd(status) {
      const t = now();
      append(encodeEvent(t, 0, [hparamsSessionEndValue(status, t)]));
    },
    flush,
    close() {
      if (closed) return;
      flush();
      closed = true;
      closeSync(fd);
    },
  };
}

/**
 * `events.out.tfevents.<unix seconds>.<hostname>`, created with O_EXCL so two writers (threads,
 * processes) never share a file; if the name is taken, `.1`, `.2`, … is appended.
 */
function openExclusive(dir: string, secs: number, host: string): { fd: number; path: string } {
  const base = join(dir, `events.out.tfevents.${secs}.${host}`);
  for (let i = 0; ; i++) {
    const path = i === 0 ? base : `${base}.${i}`;
    try {
      return { fd: openSync(path, 'wx'), path };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 10_000) throw e;
    }
  }
}
