import { layerName, type ModelSpec, paramShapes } from '../model/spec.js';
import { buildForward } from './model.js';
import { newGraph } from './ops/index.js';
import { evaluate } from './reference.js';
import type { Tensor32 } from './types.js';

/** One layer of a float64 forward pass: [rows, units] pre-activations and activations. */
export interface ReferenceLayer {
  name: string;
  units: number;
  pre: Float64Array;
  post: Float64Array;
}

/**
 * The inference-mode forward pass of a ModelSpec in float64, through the same IR the engine
 * compiles and every op's float64 reference rule (reference.ts), without ONNX Runtime: large
 * logits stay finite and exact, which is what preflight needs to see the story's saturation.
 */
export function referenceForward(
  spec: ModelSpec,
  params: Tensor32[],
  x: Float32Array,
  rows: number,
): ReferenceLayer[] {
  const g = newGraph();
  const input = g.input('features', [-1, spec.inputs]);
  const shapes = paramShapes(spec);
  const nodes = shapes.map((p) => g.input(p.name, p.shape));
  const fwd = buildForward(g, spec, input, nodes);
  const feeds = Object.fromEntries(
    shapes.map((p, i) => [p.name, { shape: [...p.shape], data: Float64Array.from(params[i].data) }]),
  );
  feeds.features = { shape: [rows, spec.inputs], data: Float64Array.from(x.subarray(0, rows * spec.inputs)) };
  const targets = fwd.layers.flatMap((l) => [l.pre, l.post]);
  const values = evaluate(g, feeds, targets);
  return fwd.layers.map((_, i) => ({
    name: layerName(spec, i),
    units: i < spec.hidden.length ? spec.hidden[i].units : spec.outputs,
    pre: values[2 * i].data,
    post: values[2 * i + 1].data,
  }));
}
