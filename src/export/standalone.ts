import { emitOnnx } from '../engine/emit.js';
import type { Tensor32 } from '../engine/types.js';
import type { RunMeta } from '../run/meta.js';
import { buildStandaloneGraph } from './graph.js';
import { exportMetadata, META_KEYS, RAW_INPUT, readMetadata } from './metadata.js';
import { preprocessingOf } from './preprocess.js';
import { readWeights } from './weights.js';

/**
 * The ONNX file of a trained network that stands alone: raw features in, the run's fitted
 * preprocessing inside, label names, threshold, feature names and version in metadata_props.
 * `where` names the run's metadata in errors.
 */
export function standaloneModel(meta: RunMeta, params: Tensor32[], where: string): Uint8Array {
  const pre = preprocessingOf(meta, where);
  return emitOnnx(buildStandaloneGraph(meta.spec, pre), {
    name: 'trainscope_mlp',
    initializers: new Map(params.map((p) => [p.name, p.data])),
    docString: `trainscope MLP: ${JSON.stringify(meta.spec)}`,
    metadata: exportMetadata(meta, pre),
  });
}

/** Whether an ONNX file takes raw features (a standalone export) rather than scaled ones. */
export function takesRawFeatures(bytes: Uint8Array): boolean {
  try {
    return readMetadata(bytes)[META_KEYS.input] === RAW_INPUT;
  } catch {
    return false;
  }
}

/**
 * A run's model.onnx rebuilt as a standalone model from its weights and trainscope.json: works
 * for runs of every version, including those whose model.onnx expected scaled features.
 */
export function reexport(
  meta: RunMeta,
  modelBytes: Uint8Array,
  modelFile: string,
  metaFile: string,
): Uint8Array {
  return standaloneModel(meta, readWeights(modelBytes, meta.spec, modelFile), metaFile);
}
