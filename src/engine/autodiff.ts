import { type Graph, type Node, sameShape } from './ir.js';
import { opDef } from './ops/index.js';
import type { OpDef } from './ops/op.js';

/**
 * Reverse-mode differentiation over the IR. The walker owns everything op rules share:
 * visiting nodes in reverse order, summing gradients where a value feeds several ops,
 * un-broadcasting to each input's shape, arity checks and the missing-rule error. Rules stay
 * local math. Returns d(loss)/d(wrt[i]), or null where no path leads from wrt[i] to loss.
 */
export function gradients(
  g: Graph,
  loss: Node,
  wrt: Node[],
  lookup: (op: string) => OpDef = opDef,
): (Node | null)[] {
  if (loss.shape.length !== 0) throw new Error(`loss must be a scalar, got shape [${loss.shape}]`);
  // Only nodes that depend on some wrt and that loss depends on need a gradient.
  const dependsOnWrt = new Set<number>(wrt.map((n) => n.id));
  for (const n of g.nodes) if (n.inputs.some((i) => dependsOnWrt.has(i.id))) dependsOnWrt.add(n.id);
  const feedsLoss = new Set<number>([loss.id]);
  for (let k = loss.id; k >= 0; k--) {
    const n = g.nodes[k];
    if (feedsLoss.has(n.id)) for (const i of n.inputs) feedsLoss.add(i.id);
  }
  const needed = (n: Node) => dependsOnWrt.has(n.id) && feedsLoss.has(n.id) && n.dtype === 'float';

  const grad = new Map<number, Node>([[loss.id, g.scalar(1)]]);
  for (let k = loss.id; k >= 0; k--) {
    const node = g.nodes[k];
    const dy = grad.get(node.id);
    if (!dy || node.inputs.length === 0 || !node.inputs.some(needed)) continue;
    const def = lookup(node.op);
    if (!def.grad) throw new Error(`no gradient rule for ${node.op}`);
    const dxs = def.grad(g, node, dy);
    if (dxs.length !== node.inputs.length)
      throw new Error(
        `gradient rule for ${node.op} returned ${dxs.length} entries for ${node.inputs.length} inputs`,
      );
    node.inputs.forEach((x, i) => {
      const dx = dxs[i];
      if (!dx || !needed(x)) return;
      const reduced = unbroadcast(g, dx, x.shape);
      const prev = grad.get(x.id);
      grad.set(x.id, prev ? g.op('Add', [prev, reduced]) : reduced);
    });
  }
  return wrt.map((w) => grad.get(w.id) ?? null);
}

/** Sum a gradient of a broadcast result back to the shape of the operand. */
export function unbroadcast(g: Graph, dx: Node, shape: number[]): Node {
  if (sameShape(dx.shape, shape)) return dx;
  const lead = dx.shape.length - shape.length;
  if (lead < 0) throw new Error(`gradient of shape [${dx.shape}] is smaller than its operand [${shape}]`);
  const ones = shape.flatMap((d, i) => (d === 1 && dx.shape[lead + i] !== 1 ? [lead + i] : []));
  let out = dx;
  if (ones.length) out = g.op('ReduceSum', [out], { axes: ones, keepdims: 1 });
  if (lead > 0) out = g.op('ReduceSum', [out], { axes: [...Array(lead).keys()], keepdims: 0 });
  if (!sameShape(out.shape, shape)) throw new Error(`cannot un-broadcast [${dx.shape}] to [${shape}]`);
  return out;
}
