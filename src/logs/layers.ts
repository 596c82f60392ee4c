/**
 * Inferring the network's layers from what the log holds: their order and their fan-in and
 * fan-out, which no foreign log states.
 *
 * Order: the order in which the log first wrote each layer's weights (PyTorch's
 * named_parameters, Keras' model.weights and TF1's graph all follow the forward pass), with
 * output-like names (`out`, `logits`, `softmax_linear`, `head`, `classifier`, …) last. When the
 * fans contradict that order and exactly one order chains them (each layer's fan-out is the
 * next one's fan-in), that order is used and said.
 *
 * Fans: a weight histogram counts fan_in × fan_out values and its bias histogram fan_out, so
 * fan_out = bias count and fan_in = weight count / fan_out (for a convolution, fan_in includes
 * the kernel's size, which is what Glorot and He use). Without a bias, the neighbours' fans are
 * chained; failing that, activation histograms (batch × units values, the same batch for every
 * layer) give the units — from one layer of known width, or from two neighbours' counts
 * (u_k² = W_{k+1} · act_k / act_{k+1}). A layer with as many weights as biases is a normalisation layer
 * (scale and shift per unit), not part of the chain.
 */

export interface LayerInput {
  name: string;
  /** Values in the first weight histogram. */
  weights?: number;
  /** Values in the first bias histogram. */
  bias?: number;
  /** Values in the first activation histogram. */
  activations?: number;
}

export interface InferredLayer {
  name: string;
  kind: 'dense' | 'norm';
  fanIn?: number;
  fanOut?: number;
  fansFrom?: 'bias' | 'chain' | 'activations';
}

const OUTPUT_LIKE =
  /(?:^|[^a-z])(?:out|output|outputs|logits?|softmax|softmax_linear|head|classifier|final|predictions?|pred|top)(?:[^a-z]|$)/i;

const isInt = (x: number) => Number.isInteger(x) && x > 0;

/** Layers in order with their fans, plus notes on anything inferred or left open. */
export function inferLayers(inputs: readonly LayerInput[]): { layers: InferredLayer[]; notes: string[] } {
  const notes: string[] = [];
  const norm: InferredLayer[] = [];
  const dense: (InferredLayer & { n?: number; act?: number })[] = [];
  for (const l of inputs) {
    if (l.weights !== undefined && l.bias !== undefined && l.weights === l.bias) {
      norm.push({ name: l.name, kind: 'norm' });
      continue;
    }
    const layer: InferredLayer & { n?: number; act?: number } = {
      name: l.name,
      kind: 'dense',
      n: l.weights,
      act: l.activations,
    };
    if (l.weights !== undefined && l.bias !== undefined && isInt(l.weights / l.bias)) {
      layer.fanOut = l.bias;
      layer.fanIn = l.weights / l.bias;
      layer.fansFrom = 'bias';
    }
    dense.push(layer);
  }
  // output-like names last, otherwise the log's own order (stable)
  const ordered = [
    ...dense.filter((l) => !OUTPUT_LIKE.test(l.name)),
    ...dense.filter((l) => OUTPUT_LIKE.test(l.name)),
  ];
  const chained = chainOrder(ordered);
  let final = ordered;
  if (chained?.some((l, i) => l !== ordered[i])) {
    final = chained;
    notes.push(
      `layer order taken from the shapes (each fan-out is the next fan-in), not from the log's order: ${chained.map((l) => l.name).join(' → ')}`,
    );
  }
  fillFans(final, notes);
  if (norm.length)
    notes.push(
      `normalisation layers (as many weights as biases), not judged: ${norm.map((l) => l.name).join(', ')}`,
    );
  const layers = [...final.map(({ n: _n, act: _a, ...l }) => l), ...norm];
  return { layers, notes };
}

/** When every layer's fans are known and the given order does not chain, the one order that does (if unique). */
function chainOrder<T extends InferredLayer>(layers: T[]): T[] | undefined {
  if (layers.length < 2 || layers.length > 12 || layers.some((l) => l.fanIn === undefined)) return undefined;
  const chains = (xs: T[]) => xs.every((l, i) => i === 0 || xs[i - 1].fanOut === l.fanIn);
  if (chains(layers)) return layers;
  const found: T[][] = [];
  const walk = (path: T[], rest: T[]) => {
    if (found.length > 1) return;
    if (!rest.length) {
      found.push(path);
      return;
    }
    for (const l of rest) {
      if (path.length && path[path.length - 1].fanOut !== l.fanIn) continue;
      walk(
        [...path, l],
        rest.filter((r) => r !== l),
      );
    }
  };
  walk([], layers);
  return found.length === 1 ? found[0] : undefined;
}

/** Fill missing fans from neighbours and activation counts until nothing changes. */
function fillFans(layers: (InferredLayer & { n?: number; act?: number })[], notes: string[]): void {
  const set = (
    l: InferredLayer & { n?: number },
    fanIn: number,
    fanOut: number,
    from: InferredLayer['fansFrom'],
  ) => {
    if (!isInt(fanIn) || !isInt(fanOut)) return false;
    l.fanIn = fanIn;
    l.fanOut = fanOut;
    l.fansFrom = from;
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    layers.forEach((l, i) => {
      if (l.fanIn !== undefined || l.n === undefined) return;
      const prev = layers[i - 1]?.fanOut;
      const next = layers[i + 1]?.fanIn;
      if (prev !== undefined && set(l, prev, l.n / prev, 'chain')) changed = true;
      else if (next !== undefined && set(l, l.n / next, next, 'chain')) changed = true;
    });
    // activation histograms: batch × units values, the batch the same for every layer. Two
    // neighbours with activations fix the units between them: u_k² = W_{k+1} · act_k / act_{k+1}.
    layers.forEach((l, i) => {
      const next = layers[i + 1];
      if (changed || l.fanIn !== undefined || l.n === undefined || l.act === undefined) return;
      if (next?.n === undefined || next.act === undefined) return;
      const units = Math.round(Math.sqrt((next.n * l.act) / next.act));
      if (units * units * next.act === next.n * l.act && set(l, l.n / units, units, 'activations'))
        changed = true;
    });
    const known = layers.find((l) => l.fanOut !== undefined && l.act !== undefined);
    if (!changed && known) {
      const batch = (known.act as number) / (known.fanOut as number);
      for (const l of layers) {
        if (l.fanIn !== undefined || l.n === undefined || l.act === undefined || !isInt(batch)) continue;
        const units = l.act / batch;
        if (set(l, l.n / units, units, 'activations')) changed = true;
      }
    }
  }
  const open = layers.filter((l) => l.fanIn === undefined);
  if (open.length)
    notes.push(
      `fan-in/fan-out not determined (no bias histogram, no neighbour or activation to chain from): ${open.map((l) => l.name).join(', ')}`,
    );
}
