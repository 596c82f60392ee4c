import type { Graph, Node } from '../ir.js';

/**
 * An optimiser as the train-step graph sees it: per-parameter slot tensors (same shape as the
 * parameter, zero at start), scalar inputs the host computes each step, and the update in IR.
 */
export interface Optimizer {
  /** Slot names; slot tensors are called `<param>/<slot>`. */
  slots: string[];
  /** Names of the scalar graph inputs, in the order of `scalars()`. */
  scalarNames: string[];
  /** Scalar values for update number t (1-based) at learning rate lr. */
  scalars(t: number, lr: number): number[];
  /** New parameter and slots from the (clipped) gradient. */
  update(g: Graph, param: Node, grad: Node, slots: Node[], scalars: Node[]): { param: Node; slots: Node[] };
}

/** a·x + b·y with scalar constants a, b (skipping multiplications by 1). */
export function lerp(g: Graph, a: number, x: Node, b: number, y: Node): Node {
  const ax = a === 1 ? x : g.op('Mul', [x, g.scalar(a)]);
  const by = b === 1 ? y : g.op('Mul', [y, g.scalar(b)]);
  return g.op('Add', [ax, by]);
}

/** s + c·(x − s), i.e. (1 − c)·s + c·x in three passes: the moving-average update. */
export function toward(g: Graph, s: Node, x: Node, c: number): Node {
  return g.op('Add', [s, g.op('Mul', [g.op('Sub', [x, s]), g.scalar(c)])]);
}
