import type { Dataset } from '../data/dataset.js';
import { gatherRange } from '../data/gather.js';
import type { Engine } from '../engine/types.js';

/** Float32 sigmoid as ONNX Runtime computes it: saturated values become exactly 0 or 1. */
export function sigmoid32(logits: Float32Array): Float32Array {
  const p = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i++) p[i] = 1 / (1 + Math.exp(-logits[i]));
  return p;
}

export function labelsAsFloat(y: Uint8Array): Float32Array {
  const f = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) f[i] = y[i];
  return f;
}

/** Inference-mode logits for every row, in chunks so memory stays flat on large sets. */
export async function predictLogits(engine: Engine, ds: Dataset, chunk = 4096): Promise<Float32Array> {
  const out = new Float32Array(ds.nRows * ds.nLabels);
  const x = new Float32Array(Math.min(chunk, ds.nRows) * ds.nFeatures);
  for (let start = 0; start < ds.nRows; start += chunk) {
    const rows = Math.min(chunk, ds.nRows - start);
    gatherRange(ds, start, rows, x);
    const { logits } = await engine.forward(x.subarray(0, rows * ds.nFeatures), rows, 'inference', false);
    out.set(logits, start * ds.nLabels);
  }
  return out;
}
