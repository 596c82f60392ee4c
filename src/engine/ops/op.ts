import { type Attrs, broadcastShapes, type DType, type Graph, type InferFn, type Node } from '../ir.js';

/** A float64 tensor for the reference interpreter (bools are 0/1, int64 are integers). */
export interface RefTensor {
  shape: number[];
  data: Float64Array;
}

export interface EmitCtx {
  /** The ONNX value name of a node. */
  name(node: Node): string;
  /** Name of an int64 initialiser holding these values (1-D). */
  int64s(values: number[]): string;
  /** Name of a float scalar initialiser holding this value. */
  float(value: number): string;
  /** A fresh value name for an intermediate result of a multi-node emission. */
  temp(): string;
}

export type OnnxAttr =
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'ints'; value: number[] };

export interface Emitted {
  opType: string;
  inputs: string[];
  attrs: OnnxAttr[];
  /** Nodes emitted first, when one IR op becomes several ONNX nodes (each writes its `output`). */
  before?: { opType: string; inputs: string[]; output: string; attrs?: OnnxAttr[] }[];
}

/** Inputs the shared gradient check feeds an op: random floats in [lo, hi], or fixed values. */
export interface CheckInput {
  shape: number[];
  dtype?: DType;
  lo?: number;
  hi?: number;
  /** Keep values at least this far from 0 (kinks of relu, abs, …). */
  gap?: number;
  values?: number[];
}

/**
 * One op: how to infer its output, compute it in float64 (reference), emit it to ONNX, and
 * differentiate it. `grad` returns one entry per input; null = no gradient flows there.
 * The output gradient `dy` has the node's shape; the walker un-broadcasts the results.
 */
export interface OpDef {
  name: string;
  arity: [number, number];
  infer: InferFn;
  ref(inputs: RefTensor[], attrs: Attrs): RefTensor;
  grad?: (g: Graph, node: Node, dy: Node) => (Node | null)[];
  emit?: (node: Node, ctx: EmitCtx) => Emitted;
  /** Attribute types for the default emitter (ONNX op_type = name, inputs as they are). */
  attrTypes?: Record<string, 'float' | 'int' | 'ints'>;
  /** Example for the registry-wide finite-difference check (ops without a grad rule need none). */
  check?: { inputs: CheckInput[]; attrs?: Attrs };
}

// ---- helpers shared by op files -------------------------------------------------------------

export const sameAsFirst: InferFn = (inputs) => ({ shape: inputs[0].shape, dtype: inputs[0].dtype });

export const broadcastInfer: InferFn = (inputs) => ({
  shape: inputs.map((n) => n.shape).reduce(broadcastShapes),
  dtype: inputs[inputs.length - 1].dtype === 'bool' ? inputs[0].dtype : inputs[inputs.length - 1].dtype,
});

export function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensor(shape: number[], data?: Float64Array): RefTensor {
  return { shape, data: data ?? new Float64Array(size(shape)) };
}

export function mapRef(x: RefTensor, f: (v: number) => number): RefTensor {
  return { shape: x.shape, data: x.data.map(f) };
}

/** Elementwise over any number of broadcast inputs (numpy rules). */
export function broadcastRef(inputs: RefTensor[], f: (...v: number[]) => number): RefTensor {
  const shape = inputs.map((t) => t.shape).reduce(broadcastShapes);
  const out = tensor(shape);
  const n = shape.length;
  const strides = inputs.map((t) => {
    const s = new Array<number>(n).fill(0);
    let acc = 1;
    for (let i = t.shape.length - 1; i >= 0; i--) {
      s[n - t.shape.length + i] = t.shape[i] === 1 ? 0 : acc;
      acc *= t.shape[i];
    }
    return s;
  });
  const idx = new Array<number>(n).fill(0);
  const args = new Array<number>(inputs.length);
  for (let k = 0; k < out.data.length; k++) {
    for (let j = 0; j < inputs.length; j++) {
      let off = 0;
      for (let d = 0; d < n; d++) off += idx[d] * strides[j][d];
      args[j] = inputs[j].data[off];
    }
    out.data[k] = f(...args);
    for (let d = n - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Unary float op definition in one line: forward math, optional gradient and check. */
export function unary(
  name: string,
  f: (v: number) => number,
  grad?: OpDef['grad'],
  check?: CheckInput,
  extra: Partial<OpDef> = {},
): OpDef {
  return {
    name,
    arity: [1, 1],
    infer: sameAsFirst,
    ref: ([x]) => mapRef(x, f),
    grad,
    check: check ? { inputs: [check] } : undefined,
    ...extra,
  };
}

/** Where(x > 0, a, b): the building block of piecewise gradients. */
export function wherePositive(g: Graph, x: Node, a: Node, b: Node): Node {
  return g.op('Where', [g.op('Greater', [x, g.scalar(0)]), a, b]);
}
