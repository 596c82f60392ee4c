/**
 * Turning decoded Event messages into the items of our data model: scalars (simple_value or
 * scalar tensors), histograms (HistogramProto or TF2 [k,3] tensors), text, hparams. Handles
 * what TensorFlow, Keras, PyTorch's SummaryWriter and tensorboardX write.
 */
import { emptyHistogram } from './bins.js';
import { allocDoubles } from './histogram-decode.js';
import { INF_SUFFIX, NAN_SUFFIX, PLUGIN } from './plugins.js';
import {
  DT,
  HPARAMS_STATUS,
  HParamsPluginDataType,
  type HParamsStatus,
  type PbEvent,
  type PbHistogram,
  type PbHParamsPluginData,
  type PbTensor,
  type PbValue,
} from './proto.js';
import type { Histogram } from './types.js';

export type EventItem =
  | { kind: 'scalar'; tag: string; step: number; wallTime: number; value: number }
  | { kind: 'histogram'; tag: string; step: number; wallTime: number; histogram: Histogram }
  | { kind: 'text'; tag: string; step: number; wallTime: number; text: string }
  | { kind: 'hparams'; step: number; wallTime: number; hparams: Record<string, string | number | boolean> }
  | { kind: 'hparamsEnd'; step: number; wallTime: number; status: HParamsStatus };

/**
 * State that lives as long as a run is being read. TensorFlow writes a tag's metadata (which
 * plugin it belongs to) only on its first occurrence in a run, so later values are classified
 * by what was seen earlier — TensorBoard keeps the same per-run map.
 */
export interface DecodeContext {
  pluginByTag: Map<string, string>;
  /** Values of kinds we do not read (images, audio, pr_curves, …), counted by kind. */
  unknownKinds: Map<string, number>;
}

export function createDecodeContext(): DecodeContext {
  return { pluginByTag: new Map(), unknownKinds: new Map() };
}

const own = Object.prototype.hasOwnProperty;

function toNumber(x: number | { toNumber(): number } | undefined | null): number {
  if (x == null) return 0;
  return typeof x === 'number' ? x : x.toNumber();
}

/** Appends the items of one decoded event to `out`. */
export function eventItems(ev: PbEvent, ctx: DecodeContext, out: EventItem[]): void {
  const values = ev.summary?.value;
  if (!values || values.length === 0) return;
  const step = toNumber(ev.step);
  const wallTime = ev.wall_time ?? 0;
  const firstOut = out.length;
  let sawNonfiniteScalar = false;
  for (const v of values) {
    const tag = v.tag ?? '';
    // Legacy kinds first: they carry their type in the value itself (the common, fast case).
    if (v.histo) {
      out.push({ kind: 'histogram', tag, step, wallTime, histogram: fromHistogramProto(v.histo) });
      continue;
    }
    if (own.call(v, 'simple_value')) {
      out.push({ kind: 'scalar', tag, step, wallTime, value: v.simple_value as number });
      if (tag.endsWith('_count') && (tag.endsWith(NAN_SUFFIX) || tag.endsWith(INF_SUFFIX))) {
        sawNonfiniteScalar = true;
      }
      continue;
    }
    let plugin = v.metadata?.plugin_data?.plugin_name;
    if (plugin) {
      if (!ctx.pluginByTag.has(tag)) ctx.pluginByTag.set(tag, plugin);
    } else plugin = ctx.pluginByTag.get(tag);
    if (plugin === PLUGIN.hparams) {
      const item = hparamsItem(v, step, wallTime);
      if (item) out.push(item);
      continue;
    }
    const t = v.tensor;
    if (t && plugin === PLUGIN.scalars) {
      const nums = tensorNumbers(t);
      if (nums && nums.length >= 1) {
        out.push({ kind: 'scalar', tag, step, wallTime, value: nums[0] });
        continue;
      }
    } else if (t && plugin === PLUGIN.histograms) {
      const h = fromTensorHistogram(t);
      if (h) {
        out.push({ kind: 'histogram', tag, step, wallTime, histogram: h });
        continue;
      }
    } else if (t && plugin === PLUGIN.text) {
      out.push({ kind: 'text', tag, step, wallTime, text: tensorText(t) });
      continue;
    }
    const kind = plugin || (t ? 'tensor without plugin' : 'legacy image/audio/other');
    ctx.unknownKinds.set(kind, (ctx.unknownKinds.get(kind) ?? 0) + 1);
  }
  if (sawNonfiniteScalar) attachNonfinite(out, firstOut);
}

/** Our writer puts `<tag>/nan_count` and `<tag>/inf_count` in the same event as the histogram. */
function attachNonfinite(out: EventItem[], from: number): void {
  for (let i = from; i < out.length; i++) {
    const it = out[i];
    if (it.kind !== 'scalar') continue;
    const isNan = it.tag.endsWith(NAN_SUFFIX);
    if (!isNan && !it.tag.endsWith(INF_SUFFIX)) continue;
    const base = it.tag.slice(0, it.tag.length - (isNan ? NAN_SUFFIX : INF_SUFFIX).length);
    for (let j = from; j < out.length; j++) {
      const h = out[j];
      if (h.kind === 'histogram' && h.tag === base) {
        if (isNan) h.histogram.nanCount = it.value;
        else h.histogram.infCount = it.value;
      }
    }
  }
}

/**
 * HistogramProto as is, except that bucket limits are clamped to [min, max]: TF1 writes ±DBL_MAX
 * as outer limits, and TensorBoard likewise draws the outer buckets from min and to max.
 */
function fromHistogramProto(p: PbHistogram): Histogram {
  const num = p.num;
  if (!(num > 0)) return emptyHistogram(); // TF1's empty histogram has min=DBL_MAX, max=-DBL_MAX
  const { min, max } = p;
  const k = Math.min(p.bucket_limit.length, p.bucket.length);
  // The decoder gave us fresh arrays: clamp in place.
  const bucketLimits = p.bucket_limit.length === k ? p.bucket_limit : p.bucket_limit.slice(0, k);
  const counts = p.bucket.length === k ? p.bucket : p.bucket.slice(0, k);
  for (let i = 0; i < k; i++) bucketLimits[i] = Math.min(max, Math.max(min, bucketLimits[i]));
  return { min, max, num, sum: p.sum, sumSquares: p.sum_squares, bucketLimits, counts };
}

/**
 * A TF2 histogram: [k,3] rows of (left, right, count). Min and max are the outer edges; sum and
 * sum of squares are estimated from bucket centres (the tensor form does not keep them).
 */
function fromTensorHistogram(t: PbTensor): Histogram | null {
  const nums = tensorNumbers(t);
  if (!nums || nums.length % 3 !== 0) return null;
  const k = nums.length / 3;
  const bucketLimits = allocDoubles(k);
  const counts = allocDoubles(k);
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < k; i++) {
    const l = nums[3 * i];
    const r = nums[3 * i + 1];
    const c = nums[3 * i + 2];
    bucketLimits[i] = r;
    counts[i] = c;
    const mid = (l + r) / 2;
    num += c;
    sum += c * mid;
    sumSquares += c * mid * mid;
  }
  if (num === 0) return emptyHistogram();
  return { min: nums[0], max: nums[3 * k - 2], num, sum, sumSquares, bucketLimits, counts };
}

/** Numeric contents of a tensor, from tensor_content (little-endian) or the typed *_val fields. */
export function tensorNumbers(t: PbTensor): Float64Array | null {
  const dtype = t.dtype ?? 0;
  const content = t.tensor_content;
  if (content && content.length > 0) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    const size =
      dtype === DT.DOUBLE || dtype === DT.INT64 ? 8 : dtype === DT.FLOAT || dtype === DT.INT32 ? 4 : 0;
    if (size === 0) return null;
    const n = Math.floor(content.length / size);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * size;
      out[i] =
        dtype === DT.DOUBLE
          ? view.getFloat64(o, true)
          : dtype === DT.FLOAT
            ? view.getFloat32(o, true)
            : dtype === DT.INT32
              ? view.getInt32(o, true)
              : Number(view.getBigInt64(o, true));
    }
    return out;
  }
  if (dtype === DT.FLOAT && t.float_val?.length) return Float64Array.from(t.float_val);
  if (dtype === DT.DOUBLE && t.double_val?.length) return Float64Array.from(t.double_val);
  if (dtype === DT.INT32 && t.int_val?.length) return Float64Array.from(t.int_val);
  if (dtype === DT.INT64 && t.int64_val?.length) return Float64Array.from(t.int64_val, toNumber);
  // A shape with zero elements (an empty TF2 histogram is [0,3]).
  const dims = t.tensor_shape?.dim ?? [];
  if (dims.some((d) => toNumber(d.size) === 0)) return new Float64Array(0);
  return null;
}

const utf8 = new TextDecoder();

function tensorText(t: PbTensor): string {
  return (t.string_val ?? []).map((b) => utf8.decode(b)).join('\n');
}

function hparamsItem(v: PbValue, step: number, wallTime: number): EventItem | null {
  const content = v.metadata?.plugin_data?.content;
  if (!content) return null;
  const data = HParamsPluginDataType.decode(content) as unknown as PbHParamsPluginData;
  if (data.session_start_info) {
    const hparams: Record<string, string | number | boolean> = {};
    for (const [k, pv] of Object.entries(data.session_start_info.hparams ?? {})) {
      if (own.call(pv, 'number_value')) hparams[k] = pv.number_value as number;
      else if (own.call(pv, 'bool_value')) hparams[k] = pv.bool_value as boolean;
      else if (own.call(pv, 'string_value')) hparams[k] = pv.string_value as string;
    }
    return { kind: 'hparams', step, wallTime, hparams };
  }
  if (data.session_end_info) {
    const code = data.session_end_info.status ?? 0;
    const status = (Object.keys(HPARAMS_STATUS) as HParamsStatus[]).find((s) => HPARAMS_STATUS[s] === code);
    return { kind: 'hparamsEnd', step, wallTime, status: status ?? 'unknown' };
  }
  return null; // the experiment record: nothing per-run to keep
}
