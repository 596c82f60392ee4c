import { FEATURES, LOGITS, PROBABILITIES } from '../engine/graphs.js';
import type { Graph, Node } from '../engine/ir.js';
import { buildForward } from '../engine/model.js';
import { newGraph } from '../engine/ops/index.js';
import { type ModelSpec, paramShapes } from '../model/spec.js';
import type { Preprocessing } from './preprocess.js';

/**
 * The model a user deploys: raw features in (NaN = missing), the run's preprocessing as
 * explicit nodes, then the network of the eval graph (the same buildForward, so the two cannot
 * disagree). Parameters are graph inputs named as in paramShapes; emitOnnx bakes them in.
 */
export function buildStandaloneGraph(spec: ModelSpec, pre: Preprocessing): Graph {
  const g = newGraph();
  const n = spec.inputs;
  let x = g.input(FEATURES, [-1, n]);
  if (pre.fill) x = g.op('Where', [g.op('IsNaN', [x]), g.constant(pre.fill, [n]), x]);
  if (pre.affine) {
    x = subtractExactly(g, x, pre.affine.shift);
    x = g.op('Div', [x, g.constant(pre.affine.scale, [n])]);
  }
  const params = paramShapes(spec).map((p) => g.input(p.name, p.shape));
  const fwd = buildForward(g, spec, x, params);
  g.output(PROBABILITIES, fwd.layers[fwd.layers.length - 1].post);
  g.output(LOGITS, fwd.logits);
  return g;
}

/**
 * x − shift with the shift as a float32 pair hi + lo, so a feature whose mean is large against
 * its spread (a year, a timestamp, an amount) is centred as precisely as the float64 scaler
 * centres it: a single float32 shift is off by up to half an ulp of the mean (0.03 for a mean
 * of 1e6), which can be a large share of a small std.
 */
function subtractExactly(g: Graph, x: Node, shift: number[]): Node {
  const n = shift.length;
  const hi = shift.map((v) => Math.fround(v));
  const lo = shift.map((v, j) => Math.fround(v - hi[j]));
  const centred = g.op('Sub', [x, g.constant(hi, [n])]);
  return lo.some((v) => v !== 0) ? g.op('Sub', [centred, g.constant(lo, [n])]) : centred;
}
