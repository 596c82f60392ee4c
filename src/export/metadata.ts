import { ModelProto } from '../engine/onnx/proto.js';
import type { RunMeta } from '../run/meta.js';
import { VERSION } from '../version.js';
import { describePreprocessing, type Preprocessing } from './preprocess.js';

/**
 * The keys of an exported model's metadata_props: what anyone loading the file needs to use it
 * without trainscope (ONNX Runtime shows them, e.g. Python's get_modelmeta().custom_metadata_map).
 * Lists are JSON arrays, since label and feature names may contain commas.
 */
export const META_KEYS = {
  version: 'trainscope_version',
  input: 'trainscope_input',
  labels: 'label_names',
  features: 'feature_names',
  threshold: 'threshold',
  preprocessing: 'preprocessing',
  outputs: 'outputs',
} as const;

/** The value of META_KEYS.input in a model that takes raw features (every export since 0.1). */
export const RAW_INPUT = 'raw';

export function exportMetadata(meta: RunMeta, pre: Preprocessing): Record<string, string> {
  const n = meta.spec.inputs;
  return {
    [META_KEYS.version]: VERSION,
    [META_KEYS.input]: RAW_INPUT,
    [META_KEYS.labels]: JSON.stringify(meta.labelNames),
    [META_KEYS.features]: JSON.stringify(meta.featureNames),
    [META_KEYS.threshold]: String(meta.config.threshold),
    [META_KEYS.preprocessing]: `input 'features' is float32 [N, ${n}] of raw values in feature_names order; ${describePreprocessing(pre)}`,
    [META_KEYS.outputs]: `'probabilities' (sigmoid, [N, ${meta.labelNames.length}], label_names order; a label is predicted when ≥ threshold) and 'logits'`,
  };
}

/** metadata_props of an ONNX file as a plain record (empty when it has none). */
export function readMetadata(bytes: Uint8Array): Record<string, string> {
  const m = ModelProto.decode(bytes) as unknown as { metadataProps?: { key: string; value: string }[] };
  return Object.fromEntries((m.metadataProps ?? []).map((p) => [p.key, p.value]));
}
