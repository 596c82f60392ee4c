import { ModelProto } from '../engine/onnx/proto.js';
import type { Tensor32 } from '../engine/types.js';
import { UserError } from '../errors.js';
import { type ModelSpec, paramShapes } from '../model/spec.js';

interface Initializer {
  name: string;
  dims: (number | { toNumber(): number })[];
  dataType: number;
  rawData?: Uint8Array;
}

const FLOAT = 1;

/**
 * The trained parameters stored as initialisers of a model.onnx that trainscope wrote (any
 * version: the network's parameters carry their paramShapes names in every one of them).
 */
export function readWeights(bytes: Uint8Array, spec: ModelSpec, file: string): Tensor32[] {
  let inits: Initializer[];
  try {
    inits = (ModelProto.decode(bytes) as unknown as { graph?: { initializer?: Initializer[] } }).graph
      ?.initializer as Initializer[];
  } catch (e) {
    throw new UserError(`${file}: not an ONNX model (${(e as Error).message})`);
  }
  const byName = new Map((inits ?? []).map((t) => [t.name, t]));
  return paramShapes(spec).map(({ name, shape }) => {
    const t = byName.get(name);
    if (!t)
      throw new UserError(`${file}: no initialiser '${name}': not a model trainscope wrote for this run`);
    const dims = t.dims.map(Number);
    const count = shape.reduce((a, b) => a * b, 1);
    if (t.dataType !== FLOAT || dims.join('x') !== shape.join('x') || t.rawData?.length !== count * 4)
      throw new UserError(
        `${file}: initialiser '${name}' is not float32 [${shape.join(', ')}] (dims [${dims.join(', ')}])`,
      );
    // Copy: the decoded bytes may sit at an offset that is not a multiple of 4.
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(t.rawData);
    return { name, shape: [...shape], data };
  });
}
