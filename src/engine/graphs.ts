import { isFrozen, layerName, type ModelSpec, paramShapes } from '../model/spec.js';
import { gradients } from './autodiff.js';
import type { Graph, Node } from './ir.js';
import { buildForward, buildLoss } from './model.js';
import { newGraph } from './ops/index.js';

/**
 * The graphs the engine runs, with the names of their inputs and outputs. ONNX Runtime computes
 * every node whatever is fetched, so optional outputs (gradients, probes) get their own graph.
 */
export const FEATURES = 'features';
export const LABELS = 'labels';
export const LOSS = 'loss';
export const LOGITS = 'logits';
export const PROBABILITIES = 'probabilities';
export const maskName = (i: number) => `dropout_mask${i + 1}`;
export const gradName = (name: string) => `grad:${name}`;
export const slotName = (param: string, slot: string) => `${param}/${slot}`;
/** PyTorch's clip_grad_norm_ guard against a zero norm. */
export const CLIP_EPS = 1e-6;

function inputs(g: Graph, spec: ModelSpec, withMasks: boolean) {
  const x = g.input(FEATURES, [-1, spec.inputs]);
  const params = paramShapes(spec).map((p) => g.input(p.name, p.shape));
  const masks = spec.hidden.map((l, i) =>
    withMasks && l.dropout > 0 ? g.input(maskName(i), [-1, l.units]) : null,
  );
  return { x, params, masks };
}

/** Names of the dropout-mask inputs a train-mode graph takes, with their layer sizes. */
export function maskInputs(spec: ModelSpec): { index: number; name: string; units: number; rate: number }[] {
  return spec.hidden.flatMap((l, i) =>
    l.dropout > 0 ? [{ index: i, name: maskName(i), units: l.units, rate: l.dropout }] : [],
  );
}

/** The clipping factor min(1, c / (‖g‖ + 1e-6)), an output of the train graph when clipping. */
export const CLIP_COEF = 'clip_coef';

/** The sparse train graph's input x·W₁ (computed on the host) and its gradient output. */
export const FIRST_PRODUCT = 'first_product';

/** Units of the first layer (the output layer when there is no hidden layer). */
export const firstUnits = (spec: ModelSpec) => spec.hidden[0]?.units ?? spec.outputs;

/**
 * One training step's graph: inputs features, labels, every parameter and the dropout masks;
 * outputs the loss, `grad:<name>` per parameter (before clipping) and, with clipping,
 * `clip_coef`. The optimiser update runs on the host in one fused pass (optim/kernels.wat), which
 * ONNX Runtime's dozen elementwise ops per update could not match.
 *
 * `sparseFirst`: the first layer's product x·W₁ is an input (`first_product`, computed on the host
 * from sparse rows) and `grad:first_product` an output, from which the host computes W₁'s gradient;
 * W₁ enters the graph only through the L2 term (its `grad:` output is that term's part), and the
 * clipping factor is left to the host, which has the whole gradient.
 */
export function buildTrainGraph(spec: ModelSpec, opts: { sparseFirst?: boolean } = {}): Graph {
  const g = newGraph();
  const { x, params, masks } = inputs(g, spec, true);
  const y = g.input(LABELS, [-1, spec.outputs]);
  const h0 = opts.sparseFirst ? g.input(FIRST_PRODUCT, [-1, firstUnits(spec)]) : undefined;
  const { logits } = buildForward(g, spec, x, params, masks, h0);
  const loss = buildLoss(g, spec, logits, y, params);
  const wrt = h0 ? [...params, h0] : params;
  const shapes = paramShapes(spec);
  // A frozen layer gets a zero gradient: every optimiser then leaves it exactly as it is. On the
  // sparse path the host computes W1's gradient from grad:first_product, so that one is zeroed too.
  const frozen = (i: number) => (i < params.length ? isFrozen(spec, shapes[i].layer) : isFrozen(spec, 1));
  const grads = gradients(g, loss, wrt).map((d, i) => (d && frozen(i) ? g.op('Mul', [d, g.scalar(0)]) : d));
  g.output(LOSS, loss);
  wrt.forEach((p, i) => {
    const d = grads[i];
    if (d) g.output(gradName(p.name as string), d);
    else if (!(h0 && i === 0)) throw new Error(`no gradient reaches ${p.name}`);
  });
  if (spec.clipNorm > 0 && !h0) g.output(CLIP_COEF, clipCoefficient(g, grads as Node[], spec.clipNorm));
  return g;
}

/** PyTorch's clip_grad_norm_ factor: min(1, c / (‖g‖ + 1e-6)) with ‖g‖ the norm over all gradients. */
export function clipCoefficient(g: Graph, grads: Node[], clip: number): Node {
  const sq = grads
    .map((d) => g.op('ReduceSumSquare', [d], { keepdims: 0 }))
    .reduce((a, b) => g.op('Add', [a, b]));
  const norm = g.op('Sqrt', [sq]);
  return g.op('Min', [g.op('Div', [g.scalar(clip), g.op('Add', [norm, g.scalar(CLIP_EPS)])]), g.scalar(1)]);
}

/**
 * Forward pass: inputs features and parameters (and masks in train mode); outputs logits and
 * probabilities, plus `<layer>/pre` and `<layer>/post` per layer when probes are asked; with
 * `loss`, only the mean cross-entropy (without the L2 term) and the logits (`labels` is an input).
 * `sparseFirst`: x·W₁ is the input `first_product` (computed on the host from sparse rows), as in
 * the sparse train graph.
 */
export function buildEvalGraph(
  spec: ModelSpec,
  opts: { mode?: 'train' | 'inference'; probes?: boolean; loss?: boolean; sparseFirst?: boolean } = {},
): Graph {
  const g = newGraph();
  const { x, params, masks } = inputs(g, spec, opts.mode === 'train');
  const h0 = opts.sparseFirst ? g.input(FIRST_PRODUCT, [-1, firstUnits(spec)]) : undefined;
  const fwd = buildForward(g, spec, x, params, masks, h0);
  if (opts.loss) {
    const y = g.input(LABELS, [-1, spec.outputs]);
    g.output(LOSS, buildLoss(g, { ...spec, weightDecay: 0 }, fwd.logits, y, params));
    g.output(LOGITS, fwd.logits);
    return g;
  }
  g.output(PROBABILITIES, fwd.layers[fwd.layers.length - 1].post);
  g.output(LOGITS, fwd.logits);
  if (opts.probes)
    fwd.layers.forEach((l, i) => {
      g.output(`${layerName(spec, i)}/pre`, l.pre);
      g.output(`${layerName(spec, i)}/post`, l.post);
    });
  return g;
}
