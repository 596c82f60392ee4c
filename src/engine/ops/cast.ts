import type { DType } from '../ir.js';
import type { OpDef } from './op.js';

const ONNX_TYPE: Record<DType, number> = { float: 1, bool: 9, int64: 7 };

/** Cast to attrs.to ('float' | 'bool' | 'int64'); casts only feed masks and counts, so no gradient. */
export const cast: OpDef = {
  name: 'Cast',
  arity: [1, 1],
  infer: ([x], attrs) => ({ shape: x.shape, dtype: attrs.to as DType }),
  ref: ([x], attrs) => ({
    shape: x.shape,
    data: x.data.map((v) =>
      attrs.to === 'bool' ? (v !== 0 ? 1 : 0) : attrs.to === 'int64' ? Math.trunc(v) : v,
    ),
  }),
  grad: () => [null],
  emit: (n, ctx) => ({
    opType: 'Cast',
    inputs: [ctx.name(n.inputs[0])],
    attrs: [{ name: 'to', type: 'int', value: ONNX_TYPE[n.attrs.to as DType] }],
  }),
};
