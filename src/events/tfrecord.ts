/**
 * TFRecord framing: `u64 length | u32 masked_crc(length) | data | u32 masked_crc(data)`, all
 * little-endian. `frameRecord` builds one record; `scanRecords` walks a buffer and tells the
 * caller about each good record, each corrupt stretch, and where an incomplete tail starts.
 */
import { maskedCrc32c } from './crc32c.js';

export const HEADER_BYTES = 12;
export const FOOTER_BYTES = 4;

export function frameRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + data.length + FOOTER_BYTES);
  out.writeUInt32LE(data.length >>> 0, 0);
  out.writeUInt32LE(Math.floor(data.length / 2 ** 32), 4);
  out.writeUInt32LE(maskedCrc32c(out, 0, 8), 8);
  out.set(data, HEADER_BYTES);
  out.writeUInt32LE(maskedCrc32c(data), HEADER_BYTES + data.length);
  return out;
}

export interface ScanHandlers {
  /** A record whose two CRCs match: data is buf[start, end). */
  record(start: number, end: number): void;
  /** Bytes [offset, offset + skipped) were not a valid record and were skipped. */
  corrupt(offset: number, skipped: number, reason: string): void;
}

/** Records larger than this are treated as a corrupt length (TensorBoard events are small). */
const MAX_RECORD_BYTES = 1 << 30;

type Probe = 'ok' | 'incomplete' | 'bad-length' | 'bad-data';

function probe(buf: Uint8Array, view: DataView, pos: number): Probe {
  if (buf.length - pos < HEADER_BYTES) return 'incomplete';
  const lo = view.getUint32(pos, true);
  const hi = view.getUint32(pos + 4, true);
  if (view.getUint32(pos + 8, true) !== maskedCrc32c(buf, pos, pos + 8)) return 'bad-length';
  if (hi !== 0 || lo > MAX_RECORD_BYTES) return 'bad-length';
  const end = pos + HEADER_BYTES + lo;
  if (end + FOOTER_BYTES > buf.length) return 'incomplete';
  if (view.getUint32(end, true) !== maskedCrc32c(buf, pos + HEADER_BYTES, end)) return 'bad-data';
  return 'ok';
}

/**
 * Walk the records of buf from `from`. Returns the offset just past the last complete record
 * (or of a skipped corrupt stretch): where to resume when the file has grown.
 *
 * Corruption policy: a record whose data CRC fails but whose length CRC holds is skipped by its
 * length. A record whose length CRC fails has no trustworthy length, so we resynchronise by
 * scanning forward byte by byte for the next offset where a whole record (both CRCs) checks out.
 * An incomplete record at the end (a writer killed mid-write, or still writing) is not an error.
 */
export function scanRecords(buf: Uint8Array, from: number, on: ScanHandlers): number {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = from;
  while (pos < buf.length) {
    const state = probe(buf, view, pos);
    if (state === 'incomplete') return pos;
    const len = view.getUint32(pos, true);
    if (state === 'ok') {
      on.record(pos + HEADER_BYTES, pos + HEADER_BYTES + len);
      pos += HEADER_BYTES + len + FOOTER_BYTES;
      continue;
    }
    if (state === 'bad-data') {
      on.corrupt(pos, HEADER_BYTES + len + FOOTER_BYTES, 'data CRC mismatch');
      pos += HEADER_BYTES + len + FOOTER_BYTES;
      continue;
    }
    // bad-length: find the next offset where a complete valid record (or a valid header whose
    // data is still incomplete, i.e. the tail) starts.
    let next = pos + 1;
    let found: Probe = 'incomplete';
    for (; next < buf.length; next++) {
      const s = probe(buf, view, next);
      if (s === 'ok') {
        found = s;
        break;
      }
      if (s === 'incomplete' && buf.length - next >= HEADER_BYTES) {
        // A header that checks out but whose data runs past the end: a truncated tail.
        found = s;
        break;
      }
    }
    if (next >= buf.length || (found === 'incomplete' && buf.length - next < HEADER_BYTES)) {
      // Nothing valid after pos. Keep the last 11 bytes unscanned: a header may start there
      // once more bytes arrive.
      const resume = Math.max(pos + 1, buf.length - (HEADER_BYTES - 1));
      on.corrupt(pos, buf.length - pos, 'length CRC mismatch, no valid record after it');
      return resume;
    }
    on.corrupt(pos, next - pos, 'length CRC mismatch');
    pos = next;
  }
  return pos;
}
