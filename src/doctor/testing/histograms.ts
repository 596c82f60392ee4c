import { binValues } from '../../events/bins.js';
import type { RunData } from '../../events/types.js';
import { createRng } from '../../model/rng.js';
import { LAYERS, STEPS_PER_EPOCH } from './fabricate.js';

/**
 * Weight, bias and activation histograms for rule tests of the histogram-only rules: the
 * fabricated network (50 → 64 → 64 → 64 → 6, Glorot-scale weights) recorded at `records`
 * probes, each layer moving by `move` of its scale per record unless frozen, and optional faults.
 */
export const SHAPES: Record<string, [number, number]> = {
  layer1: [50, 64],
  layer2: [64, 64],
  layer3: [64, 64],
  output: [64, 6],
};

export interface HistogramFaults {
  records?: number;
  /** Relative movement per record of moving layers (default 0.05). */
  move?: number;
  /** Layers whose weights never change. */
  frozen?: string[];
  /** Every parameter of these layers never changes. */
  starved?: string[];
  /** Hidden layers whose logged activations are all 0. */
  deadActivations?: string[];
  /** Constant initial bias of the hidden layers (default 0). */
  hiddenBias?: number;
  /** Record at which every layer's weights are multiplied by 20 and shifted (a learning rate far too high). */
  blowUpAt?: number;
  seed?: number;
}

export function withHistograms(run: RunData, o: HistogramFaults = {}): RunData {
  const rng = createRng(o.seed ?? 3);
  const records = o.records ?? 6;
  for (const L of LAYERS) {
    const [fanIn, fanOut] = SHAPES[L];
    const std = Math.sqrt(2 / (fanIn + fanOut));
    const w = Float32Array.from({ length: fanIn * fanOut }, () => rng.normal() * std);
    const b = new Float32Array(fanOut).fill(L === 'output' ? 0 : (o.hiddenBias ?? 0));
    const ws = [];
    const bs = [];
    const acts = [];
    for (let r = 0; r < records; r++) {
      const frozen = o.frozen?.includes(L) || o.starved?.includes(L);
      if (r > 0 && !frozen) {
        for (let i = 0; i < w.length; i++) w[i] += (o.move ?? 0.05) * std * rng.normal();
        if (!o.starved?.includes(L)) for (let i = 0; i < b.length; i++) b[i] += 0.01 * rng.normal();
      }
      if (o.blowUpAt !== undefined && r === o.blowUpAt && !frozen)
        for (let i = 0; i < w.length; i++) w[i] = 20 * w[i] - 5 * std * 20;
      const step = r * STEPS_PER_EPOCH;
      ws.push({ step, wallTime: step, histogram: binValues(w) });
      bs.push({ step, wallTime: step, histogram: binValues(b) });
      if (L !== 'output') {
        const dead = o.deadActivations?.includes(L);
        const a = Float32Array.from({ length: 256 * fanOut }, () => (dead ? 0 : Math.max(0, rng.normal())));
        acts.push({ step, wallTime: step, histogram: binValues(a) });
      }
    }
    run.histograms.set(`${L}/weights`, ws);
    run.histograms.set(`${L}/biases`, bs);
    if (acts.length) run.histograms.set(`${L}/activations/logged`, acts);
  }
  return run;
}
