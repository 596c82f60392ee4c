/**
 * The summary-kind contract shared by our writer and reader: plugin names, the hparams tags,
 * the tags that carry a histogram's non-finite counts, and the TensorFlow dtypes per kind.
 * (One place, so writer and reader cannot drift apart.)
 */
export const PLUGIN = {
  scalars: 'scalars',
  histograms: 'histograms',
  text: 'text',
  hparams: 'hparams',
} as const;

/** Tags of the hparams plugin's three records (tensorboard/plugins/hparams/metadata.py). */
export const HPARAMS_TAGS = {
  experiment: '_hparams_/experiment',
  sessionStart: '_hparams_/session_start_info',
  sessionEnd: '_hparams_/session_end_info',
} as const;

/**
 * Non-finite values are never binned. When a histogram we write has NaN or ±Inf values, the
 * same event also carries the scalars `<tag>/nan_count` and `<tag>/inf_count` (visible in
 * TensorBoard's Scalars dashboard). Once a tag has had non-finite values, the writer keeps
 * writing both counts (0 included) at every later step, so the chart is right from then on;
 * a tag that never had any writes neither. The reader also attaches them to the histogram
 * (Histogram.nanCount / infCount).
 */
export function nonfiniteTags(histogramTag: string): { nan: string; inf: string } {
  return { nan: `${histogramTag}/nan_count`, inf: `${histogramTag}/inf_count` };
}

export const NAN_SUFFIX = '/nan_count';
export const INF_SUFFIX = '/inf_count';
