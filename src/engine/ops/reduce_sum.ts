import type { Node } from '../ir.js';
import type { EmitCtx, Emitted, OpDef } from './op.js';
import { emitReduce, expandedGrad, reduceInfer, reduceRef } from './reduce.js';

export const reduceSum: OpDef = {
  name: 'ReduceSum',
  arity: [1, 1],
  infer: reduceInfer,
  ref: ([x], attrs) => reduceRef(x, attrs, (a, v) => a + v),
  grad: (g, n, dy) => [expandedGrad(g, n, dy)],
  emit: (n, ctx) => (isColumnSum(n) ? emitColumnSum(n, ctx) : emitReduce('ReduceSum')(n, ctx)),
  check: { inputs: [{ shape: [2, 3, 2] }], attrs: { axes: [0, 2], keepdims: 0 } },
};

/**
 * Column sums as the product 1ᵀ·X between these column counts: there ONNX Runtime's ReduceSum
 * over the first axis takes a slow path (measured at 128 rows: 29 µs for 256 columns, 6 µs for
 * 128; about 1 µs from 300 columns on), the Gemm 6–7 µs with its ones vector; at 64 columns and
 * fewer ReduceSum (3 µs) is no slower than the Gemm.
 */
const GEMM_COLUMNS = { above: 64, upTo: 256 };

/** A sum over the rows of a narrow matrix: the bias gradients of hidden layers. */
function isColumnSum(n: Node): boolean {
  const axes = n.attrs.axes as number[] | undefined;
  const x = n.inputs[0];
  const narrow = x.shape.length === 2 && x.shape[1] > GEMM_COLUMNS.above && x.shape[1] <= GEMM_COLUMNS.upTo;
  return x.dtype === 'float' && narrow && axes?.length === 1 && (axes[0] === 0 || axes[0] === -2);
}

function emitColumnSum(n: Node, ctx: EmitCtx): Emitted {
  const x = ctx.name(n.inputs[0]);
  const [rows, shape, ones, sums] = [ctx.temp(), ctx.temp(), ctx.temp(), ctx.temp()];
  const keep = Number(n.attrs.keepdims ?? 1);
  const before: NonNullable<Emitted['before']> = [
    { opType: 'Shape', inputs: [x], output: rows, attrs: [{ name: 'end', type: 'int', value: 1 }] },
    {
      opType: 'Concat',
      inputs: [ctx.int64s([1]), rows],
      output: shape,
      attrs: [{ name: 'axis', type: 'int', value: 0 }],
    },
    { opType: 'Expand', inputs: [ctx.float(1), shape], output: ones },
  ];
  if (keep) return { opType: 'Gemm', inputs: [ones, x], attrs: [], before };
  before.push({ opType: 'Gemm', inputs: [ones, x], output: sums });
  return { opType: 'Reshape', inputs: [sums, ctx.int64s([-1])], attrs: [], before };
}
