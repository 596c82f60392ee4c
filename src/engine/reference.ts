import type { Graph, Node } from './ir.js';
import { opDef } from './ops/index.js';
import type { RefTensor } from './ops/op.js';

/**
 * The float64 interpreter: runs a graph with every op's JS reference rule. Tests compare ONNX
 * Runtime's float32 results and finite differences against it; it is never on a hot path.
 */
export function evaluate(g: Graph, feeds: Record<string, RefTensor>, targets: Node[]): RefTensor[] {
  const need = new Set<number>(targets.map((t) => t.id));
  for (let k = g.nodes.length - 1; k >= 0; k--)
    if (need.has(k)) for (const i of g.nodes[k].inputs) need.add(i.id);
  const values = new Map<number, RefTensor>();
  for (const node of g.nodes) {
    if (!need.has(node.id)) continue;
    values.set(node.id, compute(node, feeds, values));
  }
  return targets.map((t) => values.get(t.id) as RefTensor);
}

function compute(node: Node, feeds: Record<string, RefTensor>, values: Map<number, RefTensor>): RefTensor {
  if (node.op === 'Input') {
    const fed = feeds[node.name as string];
    if (!fed) throw new Error(`no value fed for graph input ${node.name}`);
    const ok =
      fed.shape.length === node.shape.length && node.shape.every((d, i) => d === -1 || d === fed.shape[i]);
    if (!ok) throw new Error(`input ${node.name}: expected shape [${node.shape}], got [${fed.shape}]`);
    return fed;
  }
  if (node.op === 'Constant') return { shape: node.shape, data: node.value as Float64Array };
  return opDef(node.op).ref(
    node.inputs.map((i) => values.get(i.id) as RefTensor),
    node.attrs,
  );
}
