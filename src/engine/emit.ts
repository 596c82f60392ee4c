import { VERSION } from '../version.js';
import type { DType, Graph, Node } from './ir.js';
import { ATTR_TYPE, DATA_TYPE, ModelProto } from './onnx/proto.js';
import { opDef } from './ops/index.js';
import type { EmitCtx, Emitted, OnnxAttr } from './ops/op.js';

/** ONNX IR version 8 and opset 18: every Reduce* takes its axes as an input. */
export const IR_VERSION = 8;
export const OPSET = 18;
/** The name of the dynamic batch dimension in inputs and outputs. */
export const BATCH_DIM = 'N';

interface TensorInit {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  int64Data?: number[];
}

/**
 * Serialise an IR graph as an ONNX ModelProto. Only nodes that some output needs are emitted.
 * Graph inputs named in `initializers` become initialisers (weights baked into the model).
 */
export function emitOnnx(
  g: Graph,
  opts: {
    name?: string;
    initializers?: Map<string, Float32Array>;
    docString?: string;
    /** ModelProto.metadata_props: what a user of the file needs to know (labels, threshold, …). */
    metadata?: Record<string, string>;
  } = {},
): Uint8Array {
  const need = new Set<number>(g.outputs.map((o) => o.node.id));
  for (let k = g.nodes.length - 1; k >= 0; k--)
    if (need.has(k)) for (const i of g.nodes[k].inputs) need.add(i.id);

  const names = new Map<number, string>();
  const initializer: TensorInit[] = [];
  const nodes: object[] = [];
  // An op node computing a graph output writes straight into the output's name.
  for (const o of g.outputs)
    if (o.node.op !== 'Input' && o.node.op !== 'Constant' && !names.has(o.node.id))
      names.set(o.node.id, o.name);

  let nextInit = 0;
  let nextTemp = 0;
  const ctx: EmitCtx = {
    name: (n) => names.get(n.id) as string,
    int64s: (values) => {
      const name = `i64_${nextInit++}`;
      initializer.push({ name, dims: [values.length], dataType: DATA_TYPE.int64, int64Data: values });
      return name;
    },
    float: (value) => {
      const name = `f32_${nextInit++}`;
      initializer.push(floatInit(name, [], Float32Array.of(value)));
      return name;
    },
    temp: () => `tmp_${nextTemp++}`,
  };

  const inputs: object[] = [];
  for (const n of g.nodes) {
    if (!need.has(n.id)) continue;
    if (n.op === 'Input') {
      const name = n.name as string;
      names.set(n.id, name);
      const baked = opts.initializers?.get(name);
      if (baked) initializer.push(floatInit(name, n.shape, baked));
      else inputs.push(valueInfo(name, n.shape, n.dtype));
    } else if (n.op === 'Constant') {
      const name = `c${n.id}`;
      names.set(n.id, name);
      initializer.push(constInit(name, n));
    } else {
      if (!names.has(n.id)) names.set(n.id, `n${n.id}`);
      const e = emitNode(n, ctx);
      for (const b of e.before ?? [])
        nodes.push({
          opType: b.opType,
          input: b.inputs,
          output: [b.output],
          name: `${b.opType}_${b.output}`,
          attribute: (b.attrs ?? []).map(onnxAttr),
        });
      nodes.push({
        opType: e.opType,
        input: e.inputs,
        output: [names.get(n.id)],
        name: `${e.opType}_${n.id}`,
        attribute: e.attrs.map(onnxAttr),
      });
    }
  }
  const outputs = g.outputs.map((o) => {
    const have = names.get(o.node.id);
    if (have !== o.name)
      nodes.push({ opType: 'Identity', input: [have], output: [o.name], name: `Identity_${o.name}` });
    return valueInfo(o.name, o.node.shape, o.node.dtype);
  });

  const model = ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'trainscope',
    producerVersion: VERSION,
    docString: opts.docString ?? '',
    metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: { name: opts.name ?? 'trainscope', node: nodes, initializer, input: inputs, output: outputs },
  });
  return ModelProto.encode(model).finish();
}

function onnxAttr(a: OnnxAttr): object {
  return a.type === 'float'
    ? { name: a.name, type: ATTR_TYPE.float, f: a.value }
    : a.type === 'int'
      ? { name: a.name, type: ATTR_TYPE.int, i: a.value }
      : { name: a.name, type: ATTR_TYPE.ints, ints: a.value };
}

function emitNode(n: Node, ctx: EmitCtx): Emitted {
  const def = opDef(n.op);
  if (def.emit) return def.emit(n, ctx);
  const types = def.attrTypes ?? {};
  return {
    opType: def.name,
    inputs: n.inputs.map((i) => ctx.name(i)),
    attrs: Object.entries(n.attrs).flatMap(([name, value]): OnnxAttr[] => {
      if (value === undefined) return [];
      const type = types[name];
      if (!type) throw new Error(`${n.op}: attribute ${name} has no declared ONNX type`);
      return type === 'ints'
        ? [{ name, type, value: value as number[] }]
        : [{ name, type, value: Number(value) }];
    }),
  };
}

function valueInfo(name: string, shape: number[], dtype: DType): object {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[dtype],
        shape: { dim: shape.map((d) => (d === -1 ? { dimParam: BATCH_DIM } : { dimValue: d })) },
      },
    },
  };
}

function floatInit(name: string, dims: number[], data: Float32Array): TensorInit {
  const copy = Float32Array.from(data); // little-endian on every platform ORT runs on here
  return { name, dims, dataType: DATA_TYPE.float, rawData: new Uint8Array(copy.buffer) };
}

function constInit(name: string, n: Node): TensorInit {
  const values = n.value as Float64Array;
  if (n.dtype === 'float') return floatInit(name, n.shape, Float32Array.from(values));
  if (n.dtype === 'int64')
    return { name, dims: n.shape, dataType: DATA_TYPE.int64, int64Data: Array.from(values) };
  return { name, dims: n.shape, dataType: DATA_TYPE.bool, rawData: Uint8Array.from(values) };
}
