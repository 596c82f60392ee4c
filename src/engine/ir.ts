/**
 * The graph IR: a list of single-output nodes in creation (hence topological) order. A node is
 * an op applied to earlier nodes; graph inputs and constants are nodes too. Shapes are static
 * except the batch dimension, written -1 (there is only one dynamic dimension in this product,
 * so two -1 dims are always equal).
 */
export type DType = 'float' | 'bool' | 'int64';
export type Attrs = Record<string, number | number[] | string | undefined>;

export interface Node {
  readonly id: number;
  readonly op: string;
  readonly inputs: Node[];
  readonly attrs: Attrs;
  readonly shape: number[];
  readonly dtype: DType;
  /** Graph input name (op 'Input') or, for constants, their float64 values. */
  readonly name?: string;
  readonly value?: Float64Array;
}

/** What an op definition must say about its output, given its inputs. */
export type InferFn = (inputs: Node[], attrs: Attrs) => { shape: number[]; dtype: DType };

/** Where the graph finds op definitions (the registry, passed in to avoid an import cycle). */
export interface OpLookup {
  infer(op: string): InferFn;
  arity(op: string): [number, number];
}

export class Graph {
  readonly nodes: Node[] = [];
  readonly inputs: Node[] = [];
  readonly outputs: { name: string; node: Node }[] = [];
  private readonly constants = new Map<string, Node>();

  constructor(private readonly ops: OpLookup) {}

  input(name: string, shape: number[], dtype: DType = 'float'): Node {
    if (this.inputs.some((n) => n.name === name)) throw new Error(`duplicate graph input ${name}`);
    const node = this.push({ op: 'Input', inputs: [], attrs: {}, shape, dtype, name });
    this.inputs.push(node);
    return node;
  }

  /** A float constant; scalars are shared, so `g.scalar(1)` twice is one node. */
  constant(values: ArrayLike<number>, shape: number[], dtype: DType = 'float'): Node {
    const key = `${dtype}:${shape.join('x')}:${Array.from(values).join(',')}`;
    const hit = this.constants.get(key);
    if (hit) return hit;
    const node = this.push({
      op: 'Constant',
      inputs: [],
      attrs: {},
      shape,
      dtype,
      value: Float64Array.from(values),
    });
    this.constants.set(key, node);
    return node;
  }

  scalar(v: number): Node {
    return this.constant([v], []);
  }

  op(op: string, inputs: Node[], attrs: Attrs = {}): Node {
    const [lo, hi] = this.ops.arity(op);
    if (inputs.length < lo || inputs.length > hi)
      throw new Error(`${op} takes ${lo === hi ? lo : `${lo}..${hi}`} inputs, got ${inputs.length}`);
    const { shape, dtype } = this.ops.infer(op)(inputs, attrs);
    return this.push({ op, inputs, attrs, shape, dtype });
  }

  output(name: string, node: Node): void {
    if (this.outputs.some((o) => o.name === name)) throw new Error(`duplicate graph output ${name}`);
    this.outputs.push({ name, node });
  }

  private push(n: Omit<Node, 'id'>): Node {
    const node: Node = { id: this.nodes.length, ...n };
    this.nodes.push(node);
    return node;
  }
}

/** Numpy broadcasting of two static shapes (-1 = the batch dimension). */
export function broadcastShapes(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

export function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
