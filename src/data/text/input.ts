import { closeSync, createReadStream, openSync, readSync, type Stats, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Duplex, PassThrough, type Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { dataError } from '../fail.js';

/**
 * A data file as a stream of byte chunks, whatever it is stored as. Compression is recognised by
 * its magic bytes (not trusted from the name): gzip through node's zlib, bzip2 through
 * unbzip2-stream, both streaming (memory: one chunk, not the whole text). Anything that is not
 * text is refused before a reader sees it: other archives, UTF-16, NUL bytes. A UTF-8 BOM is
 * dropped. Every failure is a DataError naming the file.
 */

/** A parser fed chunk by chunk: parses what it can of b[0, end) and returns how much it used. */
export interface ChunkParser {
  feed(b: Uint8Array, end: number, final: boolean): number;
  /** The size of the text to come, when known (an uncompressed file), to reserve memory once. */
  expect?(bytes: number): void;
}

const CHUNK = 1 << 20;
/** A single record longer than this is not data a person meant (and would not fit a message). */
const MAX_RECORD = 256 << 20;

export type Compression = 'none' | 'gzip' | 'bzip2';

/** What the first bytes say the file is; throws for formats that cannot be read. */
export function sniff(head: Uint8Array, file: string): Compression {
  const at = (i: number) => (i < head.length ? head[i] : -1);
  if (at(0) === 0x1f && at(1) === 0x8b) return 'gzip';
  if (at(0) === 0x42 && at(1) === 0x5a && at(2) === 0x68 && at(3) >= 0x31 && at(3) <= 0x39) return 'bzip2';
  const other: [number[], string][] = [
    [[0x50, 0x4b, 0x03, 0x04], 'a zip archive: unzip it first'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed: decompress it first (unxz), or recompress as .gz'],
    [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed: decompress it first (unzstd), or recompress as .gz'],
    [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7z archive: extract it first'],
    [[0xff, 0xfe], 'UTF-16 text: save it as UTF-8'],
    [[0xfe, 0xff], 'UTF-16 text: save it as UTF-8'],
  ];
  for (const [magic, what] of other) {
    if (magic.every((m, i) => at(i) === m)) throw dataError(file, undefined, `${what}`);
  }
  return 'none';
}

function statOrFail(path: string): Stats {
  try {
    return statSync(path);
  } catch (e) {
    throw fsError(path, e);
  }
}

export function fsError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const what =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory, not a data file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a directory'
            : `cannot read (${code ?? (e as Error).message})`;
  return dataError(path, undefined, what);
}

/**
 * The file's decompressed bytes, chunk by chunk. A chunk is valid until the next one is asked
 * for: an uncompressed file is read into one buffer, reused (fresh memory costs a page fault per
 * 4 KB, which on this kind of machine is as slow as parsing the bytes).
 */
export async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const st = statOrFail(path);
  if (st.isDirectory()) throw dataError(path, undefined, 'is a directory, not a data file');
  if (!st.isFile()) throw dataError(path, undefined, 'not a regular file');
  if (st.size === 0) throw dataError(path, undefined, 'empty file (0 bytes)');
  const kind = sniff(readHead(path), path);
  const named = /\.gz$/i.test(path) ? 'gzip' : /\.bz2$/i.test(path) ? 'bzip2' : 'none';
  if (named !== 'none' && kind !== named) {
    throw dataError(
      path,
      undefined,
      `named like ${named} data, but it is ${kind === 'none' ? 'not compressed' : kind}: corrupt, or renamed?`,
    );
  }
  let raw: Readable | null = null;
  let stream: AsyncIterable<Uint8Array> = fileChunks(path);
  if (kind !== 'none') {
    const unpack = kind === 'gzip' ? createGunzip({ chunkSize: CHUNK }) : bunzip2();
    raw = createReadStream(path, { highWaterMark: CHUNK });
    raw.on('error', (e) => unpack.destroy(e));
    raw.pipe(unpack);
    stream = unpack;
  }
  let first = true;
  let total = 0;
  try {
    for await (const chunk of stream) {
      let c: Uint8Array = chunk;
      if (first) {
        first = false;
        if (kind !== 'none') sniffInner(c, path, kind);
        if (c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
      }
      const nul = c.indexOf(0);
      if (nul >= 0) {
        throw dataError(
          path,
          undefined,
          `binary data (a NUL byte at offset ${total + nul}${kind === 'none' ? '' : ` after ${kind} decompression`}): not a text data file`,
        );
      }
      total += c.length;
      if (c.length > 0) yield c;
    }
  } catch (e) {
    if ((e as Error).name === 'DataError') throw e;
    if (kind === 'none') throw fsError(path, e);
    const why = oneLine((e as Error).message);
    throw dataError(path, undefined, `not a valid ${kind} file (${why}): corrupt or truncated?`);
  } finally {
    raw?.destroy();
    (stream as Partial<Readable>).destroy?.();
  }
  if (total === 0) {
    throw dataError(path, undefined, kind === 'none' ? 'empty file' : `empty after ${kind} decompression`);
  }
}

/** An uncompressed file's bytes, read into one reused buffer. */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

function readHead(path: string): Uint8Array {
  return readAt(path, 0, 16);
}

function readAt(path: string, at: number, n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return bytes.subarray(0, readSync(fd, bytes, 0, n, at));
  } catch (e) {
    throw fsError(path, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A gzip file's text size as its trailer states it (ISIZE: the last member's size mod 2^32), or
 * 0 when that cannot be right. A hint for sizing memory only: a wrong one costs speed, not data.
 */
function gzipSize(path: string, size: number): number {
  if (size < 18) return 0;
  const t = readAt(path, size - 4, 4);
  const isize = t.length === 4 ? (t[0] | (t[1] << 8) | (t[2] << 16) | (t[3] << 24)) >>> 0 : 0;
  return isize >= size ? isize : 0;
}

/** A compressed file must hold text too (a .gz of a .zip is not data). */
function sniffInner(c: Uint8Array, path: string, outer: Compression): void {
  const inner = sniff(c, path);
  if (inner !== 'none') throw dataError(path, undefined, `${outer} of ${inner} data: decompress it first`);
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 80)}…` : t;
}

/**
 * bzip2: unbzip2-stream, the streaming pure-JS decoder in wide use (no native build, reads
 * concatenated streams as bzip2 itself does). It is CommonJS and untyped: loaded here only.
 */
function bunzip2(): Duplex {
  const bz = createRequire(import.meta.url)('unbzip2-stream')() as NodeJS.ReadWriteStream;
  // a classic (pre-streams2) stream: wrapped so it can be piped into, iterated and destroyed
  const input = new PassThrough();
  const out = new PassThrough();
  bz.on('error', (e: Error) => out.destroy(e));
  input.pipe(bz).pipe(out);
  return Duplex.from({ writable: input, readable: out });
}

/**
 * Feeds chunks to a parser, carrying an unfinished record over to the next chunk. One work
 * buffer, reused: the unfinished record, then the new chunk after it (no fresh memory per chunk,
 * and always a Buffer, so the parsers' loops see one kind of array).
 */
export class Feeder {
  private buf: Buffer = Buffer.allocUnsafeSlow(0);
  private len = 0;
  constructor(
    private readonly parser: ChunkParser,
    private readonly file: string,
  ) {}

  push(chunk: Uint8Array): void {
    const n = this.len + chunk.length;
    if (n > this.buf.length) {
      const b = Buffer.allocUnsafeSlow(Math.max(n, this.buf.length * 2));
      b.set(this.buf.subarray(0, this.len));
      this.buf = b;
    }
    this.buf.set(chunk, this.len);
    const used = this.parser.feed(this.buf, n, false);
    const rest = n - used;
    if (rest > MAX_RECORD) {
      throw dataError(this.file, undefined, `a line longer than ${MAX_RECORD >> 20} MB: not a data file?`);
    }
    this.buf.copyWithin(0, used, n);
    this.len = rest;
  }

  end(): void {
    this.parser.feed(this.buf, this.len, true);
    this.len = 0;
  }
}

/** Runs a parser over a whole file (streaming) or over bytes already in memory. */
export async function parseFile(path: string, parser: ChunkParser): Promise<void> {
  const feeder = new Feeder(parser, path);
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (!/\.(gz|bz2)$/i.test(path)) parser.expect?.(size);
  else if (/\.gz$/i.test(path)) parser.expect?.(gzipSize(path, size));
  for await (const chunk of readChunks(path)) feeder.push(chunk);
  feeder.end();
}

export function parseBytes(bytes: Uint8Array, file: string, parser: ChunkParser): void {
  if (bytes.length === 0) throw dataError(file, undefined, 'empty file (0 bytes)');
  let b = bytes;
  const kind = sniff(b, file);
  if (kind === 'bzip2') throw dataError(file, undefined, 'bzip2 data in memory: read it from its file');
  if (kind === 'gzip') {
    try {
      b = gunzipSync(b);
    } catch (e) {
      throw dataError(file, undefined, `not a valid gzip file (${oneLine((e as Error).message)})`);
    }
    sniffInner(b, file, kind);
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  const nul = b.indexOf(0);
  if (nul >= 0)
    throw dataError(file, undefined, `binary data (a NUL byte at offset ${nul}): not a text data file`);
  // all of it is here: one feed, no copy
  parser.feed(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength), b.length, true);
}
