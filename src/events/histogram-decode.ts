/**
 * A hand-written decoder for HistogramProto plugged into the protobufjs schema, because
 * histograms are most of the bytes of a probed run: protobufjs's generated code reads packed
 * doubles one by one into growing JS arrays, which we then copied into Float64Arrays. This one
 * uses the same protobufjs Reader but reads each packed field straight into a Float64Array
 * (a view into a shared slab, see allocDoubles). Unpacked (proto2-style) repeated doubles are accepted too.
 * Everything else in an event is still decoded by protobufjs' generated code.
 */
import protobuf from 'protobufjs';

export interface DecodedHistogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sum_squares: number;
  bucket_limit: Float64Array;
  bucket: Float64Array;
}

const EMPTY = new Float64Array(0);

// A DataView over the buffer being decoded, cached: the reader decodes a whole file's records
// from one buffer. (Copying bytes into a Float64Array's .buffer would force V8 to move every
// small on-heap typed array off-heap, which is slower than this loop.)
let viewBuf: Uint8Array | null = null;
let view: DataView | null = null;

function viewOf(buf: Uint8Array): DataView {
  if (buf !== viewBuf) {
    viewBuf = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view!;
}

// Bucket arrays are views into shared 512 KiB slabs: a typed array of 30 doubles is too big for
// V8's on-heap storage, and allocating (then garbage-collecting) an off-heap backing store per
// array dominated reading time. A slab lives as long as any histogram viewing it.
const SLAB_DOUBLES = 1 << 16;
let slab = new Float64Array(SLAB_DOUBLES);
let slabUsed = 0;

export function allocDoubles(n: number): Float64Array {
  if (n > SLAB_DOUBLES >> 4) return new Float64Array(n);
  if (slabUsed + n > SLAB_DOUBLES) {
    slab = new Float64Array(SLAB_DOUBLES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return out;
}

function packedDoubles(r: protobuf.Reader, prev: Float64Array): Float64Array {
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw new RangeError('HistogramProto: packed field runs past its message');
  const n = len >>> 3;
  const p = prev.length;
  const out = allocDoubles(p + n);
  if (p > 0) out.set(prev);
  const dv = viewOf(r.buf);
  for (let i = 0, o = r.pos; i < n; i++, o += 8) out[p + i] = dv.getFloat64(o, true);
  r.pos = end;
  return out;
}

function appendOne(prev: Float64Array, v: number): Float64Array {
  const out = new Float64Array(prev.length + 1);
  out.set(prev);
  out[prev.length] = v;
  return out;
}

/** Same call shape as protobufjs' generated decoders: (reader, length). */
export function decodeHistogramProto(
  reader: protobuf.Reader | Uint8Array,
  length?: number,
): DecodedHistogram {
  const r = reader instanceof protobuf.Reader ? reader : protobuf.Reader.create(reader);
  const end = length === undefined ? r.len : r.pos + length;
  const m: DecodedHistogram = {
    min: 0,
    max: 0,
    num: 0,
    sum: 0,
    sum_squares: 0,
    bucket_limit: EMPTY,
    bucket: EMPTY,
  };
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (wire === 1 && field >= 1 && field <= 7) {
      const v = r.double();
      if (field === 1) m.min = v;
      else if (field === 2) m.max = v;
      else if (field === 3) m.num = v;
      else if (field === 4) m.sum = v;
      else if (field === 5) m.sum_squares = v;
      else if (field === 6) m.bucket_limit = appendOne(m.bucket_limit, v);
      else m.bucket = appendOne(m.bucket, v);
    } else if (wire === 2 && field === 6) m.bucket_limit = packedDoubles(r, m.bucket_limit);
    else if (wire === 2 && field === 7) m.bucket = packedDoubles(r, m.bucket);
    else r.skipType(wire);
  }
  if (r.pos !== end) throw new RangeError('HistogramProto: message length mismatch');
  return m;
}

/** Make `type` (the schema's HistogramProto) decode with decodeHistogramProto. */
export function installHistogramDecoder(type: protobuf.Type): void {
  type.setup(); // generate the encoder etc. now, so a later lazy setup cannot overwrite decode
  type.decode = decodeHistogramProto as unknown as protobuf.Type['decode'];
}
