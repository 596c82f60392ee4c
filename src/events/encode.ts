/**
 * Building the Summary.Value messages our writer emits, one function per summary kind, and
 * encoding whole Event records. Pure: no file access.
 */
import { binValues } from './bins.js';
import { HPARAMS_TAGS, nonfiniteTags, PLUGIN } from './plugins.js';
import {
  DT,
  EventType,
  HPARAMS_DATA_TYPE,
  HPARAMS_STATUS,
  HParamsPluginDataType,
  type HParamsStatus,
} from './proto.js';
import type { Histogram } from './types.js';

export type HParamValue = string | number | boolean;
type PlainValue = Record<string, unknown>;

export const FILE_VERSION = 'brain.Event:2';

export function encodeEvent(wallTime: number, step: number, values: PlainValue[] | null): Uint8Array {
  const event: Record<string, unknown> = { wall_time: wallTime, step };
  if (values) event.summary = { value: values };
  else event.file_version = FILE_VERSION;
  return EventType.encode(event).finish();
}

/** Scalars as `simple_value` (float32): what PyTorch writes and every TensorBoard reads. */
export function scalarValue(tag: string, value: number): PlainValue {
  return { tag, simple_value: value };
}

/**
 * Histograms as HistogramProto (`histo`): it keeps exact min, max, count, sum and sum of squares
 * (so mean and std read back exactly, which the doctor relies on), and TensorBoard converts it
 * into its [k,3] tensor form for both the Histograms and Distributions dashboards.
 */
export function histogramValue(tag: string, h: Histogram): PlainValue {
  return {
    tag,
    histo: {
      min: h.min,
      max: h.max,
      num: h.num,
      sum: h.sum,
      sum_squares: h.sumSquares,
      bucket_limit: h.bucketLimits,
      bucket: h.counts,
    },
  };
}

/** The histogram value plus, when needed, its non-finite count scalars (see plugins.ts). */
export function histogramValues(
  tag: string,
  input: ArrayLike<number> | Histogram,
  bucketCount: number,
  alwaysCountNonfinite: boolean,
): { values: PlainValue[]; hadNonfinite: boolean } {
  const h = isHistogram(input) ? input : binValues(input, bucketCount);
  const nan = h.nanCount ?? 0;
  const inf = h.infCount ?? 0;
  const values = [histogramValue(tag, h)];
  const hadNonfinite = nan + inf > 0;
  if (hadNonfinite || alwaysCountNonfinite) {
    const t = nonfiniteTags(tag);
    values.push(scalarValue(t.nan, nan), scalarValue(t.inf, inf));
  }
  return { values, hadNonfinite };
}

function isHistogram(x: ArrayLike<number> | Histogram): x is Histogram {
  return (x as Histogram).bucketLimits !== undefined && (x as Histogram).counts !== undefined;
}

const EMPTY = new Uint8Array(0);

/** Text plugin: a rank-0 DT_STRING tensor holding UTF-8 markdown. */
export function textValue(tag: string, markdown: string): PlainValue {
  return {
    tag,
    tensor: { dtype: DT.STRING, tensor_shape: {}, string_val: [Buffer.from(markdown, 'utf8')] },
    metadata: { plugin_data: { plugin_name: PLUGIN.text, content: EMPTY } },
  };
}

function hparamsValue(tag: string, data: Record<string, unknown>): PlainValue {
  const content = HParamsPluginDataType.encode({ version: 0, ...data }).finish();
  return { tag, metadata: { plugin_data: { plugin_name: PLUGIN.hparams, content } } };
}

function protoValue(v: HParamValue): Record<string, unknown> {
  if (typeof v === 'number') return { number_value: v };
  if (typeof v === 'boolean') return { bool_value: v };
  return { string_value: String(v) };
}

/**
 * The hparams plugin's experiment record: declares every hyperparameter (with its type) and the
 * metric tags the HParams dashboard should tabulate (group '' = each session's own scalars).
 * Given the values each hyperparameter takes across a grid, they become its discrete domain and
 * the ones with several values are marked as differing.
 */
export function hparamsExperimentValue(
  config: Record<string, HParamValue | HParamValue[]>,
  metricTags: string[],
  timeSecs: number,
): PlainValue {
  const hparam_infos = Object.entries(config).map(([name, value]) => {
    const values = Array.isArray(value) ? value : [value];
    const v = values[0];
    return {
      name,
      type:
        typeof v === 'number'
          ? HPARAMS_DATA_TYPE.float64
          : typeof v === 'boolean'
            ? HPARAMS_DATA_TYPE.bool
            : HPARAMS_DATA_TYPE.string,
      ...(Array.isArray(value)
        ? { domain_discrete: { values: values.map(protoValue) }, differs: values.length > 1 }
        : {}),
    };
  });
  // dataset_type 2 = DATASET_VALIDATION: the metrics are the validation ones
  const metric_infos = metricTags.map((tag) => ({ name: { group: '', tag }, dataset_type: 2 }));
  return hparamsValue(HPARAMS_TAGS.experiment, {
    experiment: { time_created_secs: timeSecs, hparam_infos, metric_infos },
  });
}

export function hparamsSessionStartValue(config: Record<string, HParamValue>, timeSecs: number): PlainValue {
  const hparams: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) hparams[k] = protoValue(v);
  return hparamsValue(HPARAMS_TAGS.sessionStart, {
    session_start_info: { hparams, start_time_secs: timeSecs },
  });
}

export function hparamsSessionEndValue(status: HParamsStatus, timeSecs: number): PlainValue {
  return hparamsValue(HPARAMS_TAGS.sessionEnd, {
    session_end_info: { status: HPARAMS_STATUS[status], end_time_secs: timeSecs },
  });
}
