import { Graph, type InferFn, type OpLookup } from '../ir.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { div } from './div.js';
import { elu } from './elu.js';
import { exp } from './exp.js';
import { expand } from './expand.js';
import { gemm } from './gemm.js';
import { greater } from './greater.js';
import { identity } from './identity.js';
import { isNan } from './is_nan.js';
import { leakyRelu } from './leaky_relu.js';
import { log } from './log.js';
import { max } from './max.js';
import { min } from './min.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import type { OpDef } from './op.js';
import { pad } from './pad.js';
import { reduceMean } from './reduce_mean.js';
import { reduceSum } from './reduce_sum.js';
import { reduceSumSquare } from './reduce_sum_square.js';
import { relu } from './relu.js';
import { reshape } from './reshape.js';
import { selu } from './selu.js';
import { shape } from './shape.js';
import { sigmoid } from './sigmoid.js';
import { sigmoidCrossEntropyMean } from './sigmoid_cross_entropy_mean.js';
import { sign } from './sign.js';
import { size } from './size.js';
import { slice } from './slice.js';
import { softplus } from './softplus.js';
import { sqrt } from './sqrt.js';
import { squeeze } from './squeeze.js';
import { sub } from './sub.js';
import { tanh } from './tanh.js';
import { unsqueeze } from './unsqueeze.js';
import { where } from './where.js';

/** Every op the engine knows, in one plain list. */
export const OPS: readonly OpDef[] = [
  add,
  sub,
  mul,
  div,
  neg,
  exp,
  log,
  abs,
  sqrt,
  sign,
  relu,
  leakyRelu,
  elu,
  selu,
  sigmoid,
  sigmoidCrossEntropyMean,
  softplus,
  tanh,
  identity,
  greater,
  isNan,
  where,
  cast,
  max,
  min,
  gemm,
  reduceSum,
  reduceSumSquare,
  reduceMean,
  expand,
  shape,
  size,
  unsqueeze,
  squeeze,
  reshape,
  concat,
  slice,
  pad,
];

export function buildRegistry(ops: readonly OpDef[]): Map<string, OpDef> {
  const map = new Map<string, OpDef>();
  for (const op of ops) {
    if (map.has(op.name)) throw new Error(`op ${op.name} registered twice`);
    map.set(op.name, op);
  }
  return map;
}

export const REGISTRY = buildRegistry(OPS);

export function opDef(name: string): OpDef {
  const def = REGISTRY.get(name);
  if (!def) throw new Error(`unknown op ${name}`);
  return def;
}

export const LOOKUP: OpLookup = {
  infer: (name): InferFn => opDef(name).infer,
  arity: (name) => opDef(name).arity,
};

/** An empty graph that knows the registry's ops. */
export function newGraph(): Graph {
  return new Graph(LOOKUP);
}
