import type { LayerSpec, ModelSpec } from '../model/spec.js';
import type { Graph, Node } from './ir.js';

/**
 * The MLP of a ModelSpec written in IR: forward pass, per-layer probes and the loss. Shared by
 * the train-step graph, the eval graph and the exported model, so they cannot disagree.
 */
export interface ForwardNodes {
  logits: Node;
  /** Per layer (hidden first, output last): pre-activation and post (after dropout; sigmoid for output). */
  layers: { pre: Node; post: Node }[];
}

/** params in paramShapes order; masks[i] (one per hidden layer, or null) multiply the activations. */
export function buildForward(
  g: Graph,
  spec: ModelSpec,
  x: Node,
  params: Node[],
  masks: (Node | null)[] = [],
): ForwardNodes {
  const layers: ForwardNodes['layers'] = [];
  let h = x;
  spec.hidden.forEach((layer, i) => {
    const pre = g.op('Gemm', [h, params[2 * i], params[2 * i + 1]]);
    let post = activate(g, layer, pre);
    const mask = masks[i];
    if (mask) post = g.op('Mul', [post, mask]);
    layers.push({ pre, post });
    h = post;
  });
  const k = spec.hidden.length;
  const logits = g.op('Gemm', [h, params[2 * k], params[2 * k + 1]]);
  layers.push({ pre: logits, post: g.op('Sigmoid', [logits]) });
  return { logits, layers };
}

/** Leaky-ReLU slope when the spec gives none (PyTorch's default). */
export const DEFAULT_LEAKY_ALPHA = 0.01;

export function activate(g: Graph, layer: LayerSpec, pre: Node): Node {
  switch (layer.activation) {
    case 'relu':
      return g.op('Relu', [pre]);
    case 'leaky_relu':
      return g.op('LeakyRelu', [pre], { alpha: layer.alpha ?? DEFAULT_LEAKY_ALPHA });
    case 'elu':
      return g.op('Elu', [pre], { alpha: layer.alpha ?? 1 });
    case 'selu':
      return g.op('Selu', [pre]);
    case 'tanh':
      return g.op('Tanh', [pre]);
    case 'sigmoid':
      return g.op('Sigmoid', [pre]);
    case 'linear':
      return pre;
  }
}

/**
 * Elementwise sigmoid cross-entropy from logits z, stable for any z (TensorFlow's
 * weighted_cross_entropy_with_logits): (1 − y)·z + c·(log(1 + e^−|z|) + max(−z, 0)),
 * c = 1 + (posWeight − 1)·y. Without posWeight this is max(z, 0) − z·y + log(1 + e^−|z|).
 */
export function sigmoidCrossEntropy(g: Graph, z: Node, y: Node, posWeight?: number[]): Node {
  const one = g.scalar(1);
  const softplusNegAbs = g.op('Log', [g.op('Add', [one, g.op('Exp', [g.op('Neg', [g.op('Abs', [z])])])])]);
  if (!posWeight) return g.op('Add', [g.op('Sub', [g.op('Relu', [z]), g.op('Mul', [z, y])]), softplusNegAbs]);
  const pwMinus1 = g.constant(
    posWeight.map((p) => p - 1),
    [posWeight.length],
  );
  const c = g.op('Add', [one, g.op('Mul', [y, pwMinus1])]);
  const softplusNeg = g.op('Add', [softplusNegAbs, g.op('Relu', [g.op('Neg', [z])])]);
  return g.op('Add', [g.op('Mul', [g.op('Sub', [one, y]), z]), g.op('Mul', [c, softplusNeg])]);
}

/** Mean cross-entropy over batch × labels, plus weightDecay/2 · Σ‖kernel‖². */
export function buildLoss(g: Graph, spec: ModelSpec, logits: Node, y: Node, params: Node[]): Node {
  const ce = g.op('ReduceMean', [sigmoidCrossEntropy(g, logits, y, spec.posWeight)], { keepdims: 0 });
  if (!spec.weightDecay) return ce;
  const squares = params
    .filter((p) => p.shape.length === 2)
    .map((w) => g.op('ReduceSumSquare', [w], { keepdims: 0 }))
    .reduce((a, b) => g.op('Add', [a, b]));
  return g.op('Add', [ce, g.op('Mul', [squares, g.scalar(spec.weightDecay / 2)])]);
}
