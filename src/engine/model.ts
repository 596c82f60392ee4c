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

/**
 * params in paramShapes order; masks[i] (one per hidden layer, or null) multiply the activations.
 * firstProduct, when given, is x·W₁ computed elsewhere (the sparse first layer, on the host): the
 * first layer's pre-activation is then firstProduct + b₁.
 */
export function buildForward(
  g: Graph,
  spec: ModelSpec,
  x: Node,
  params: Node[],
  masks: (Node | null)[] = [],
  firstProduct?: Node,
): ForwardNodes {
  const layers: ForwardNodes['layers'] = [];
  let h = x;
  const affine = (i: number, input: Node) =>
    i === 0 && firstProduct
      ? g.op('Add', [firstProduct, params[1]])
      : g.op('Gemm', [input, params[2 * i], params[2 * i + 1]]);
  spec.hidden.forEach((layer, i) => {
    const pre = affine(i, h);
    let post = activate(g, layer, pre);
    const mask = masks[i];
    if (mask) post = g.op('Mul', [post, mask]);
    layers.push({ pre, post });
    h = post;
  });
  const k = spec.hidden.length;
  const logits = affine(k, h);
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
 * Elementwise sigmoid cross-entropy from logits z with a per-label positive weight w (PyTorch's
 * BCEWithLogits pos_weight), built on softplus(x) = log(1 + eˣ), whose gradient σ(x) is exact
 * everywhere (a Relu/Abs formulation has a kink at z = 0 and gets the gradient there wrong):
 * w·y·softplus(−z) + (1 − y)·softplus(z), gradient (1 − y)·σ(z) − w·y·σ(−z). Without weights
 * the loss is the fused SigmoidCrossEntropyMean (ops/sigmoid_cross_entropy_mean.ts).
 */
export function weightedSigmoidCrossEntropy(g: Graph, z: Node, y: Node, posWeight: number[]): Node {
  const w = g.constant(posWeight, [posWeight.length]);
  const positive = g.op('Mul', [g.op('Mul', [y, w]), g.op('Softplus', [g.op('Neg', [z])])]);
  const negative = g.op('Mul', [g.op('Sub', [g.scalar(1), y]), g.op('Softplus', [z])]);
  return g.op('Add', [positive, negative]);
}

/** Mean cross-entropy over batch × labels, plus weightDecay/2 · Σ‖kernel‖². */
export function buildLoss(g: Graph, spec: ModelSpec, logits: Node, y: Node, params: Node[]): Node {
  const ce = spec.posWeight
    ? g.op('ReduceMean', [weightedSigmoidCrossEntropy(g, logits, y, spec.posWeight)], { keepdims: 0 })
    : g.op('SigmoidCrossEntropyMean', [logits, y]);
  if (!spec.weightDecay) return ce;
  const squares = params
    .filter((p) => p.shape.length === 2)
    .map((w) => g.op('ReduceSumSquare', [w], { keepdims: 0 }))
    .reduce((a, b) => g.op('Add', [a, b]));
  return g.op('Add', [ce, g.op('Mul', [squares, g.scalar(spec.weightDecay / 2)])]);
}
