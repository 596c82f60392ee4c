import { frozenSeries, looksInitial, movedAtLeast, std } from '../../logs/movement.js';
import { finding } from '../finding.js';
import { layers } from '../history.js';
import type { Finding, Rule } from '../types.js';
import { fansOf } from './outcome.js';

/**
 * One layer's weights never change while other layers' do: the layer is left out of training
 * (requires_grad=False, trainable=False, parameters missing from the optimiser). Read from
 * weight histograms alone: a parameter that is never updated gives the identical histogram at
 * every record, which no trained layer does (a healthy first layer that moves ~20% in norm
 * still changes its sums). When every hidden layer is frozen at once, nothing reaches them:
 * that is the dead-layers rule's case, not this one.
 *
 * Warning when the frozen weights still look like a fresh draw (centred on 0): random features
 * that never adapt. Info otherwise: frozen trained weights are usually deliberate (fine-tuning).
 */
export const frozenLayer: Rule = {
  id: 'frozen-layer',
  title: "a layer's weights never change while the others train",
  needs: ['*/weights'],
  check(run, ctx) {
    const names = layers(run, ctx).filter((L) => (run.histograms.get(`${L}/weights`)?.length ?? 0) > 0);
    const state = names.map((L) => {
      const hs = run.histograms.get(`${L}/weights`) ?? [];
      const frozen = frozenSeries(hs);
      const moved = hs.length >= 2 ? movedAtLeast(hs[0].histogram, hs[hs.length - 1].histogram) : 0;
      return { L, hs, frozen, moved };
    });
    const moving = state.filter((s) => !s.frozen && s.hs.length >= 2 && s.moved > 0);
    const hidden = state.filter((s) => s.L !== 'output');
    if (!moving.length || (hidden.length && hidden.every((s) => s.frozen))) return [];
    const out: Finding[] = [];
    for (const s of state.filter((x) => x.frozen)) {
      const first = s.hs[0];
      const last = s.hs[s.hs.length - 1];
      const random = looksInitial(first.histogram);
      const f = fansOf(s.L, ctx);
      const glorot = f ? Math.sqrt(2 / (f.fanIn + f.fanOut)) : undefined;
      const others = moving.map((m) => m.moved);
      out.push(
        finding(ctx, {
          id: this.id,
          severity: random ? 'warning' : 'info',
          where: { layer: s.L },
          step: first.step,
          evidence: {
            records: s.hs.length,
            from_step: first.step,
            to_step: last.step,
            weight_std: std(first.histogram),
            std_vs_glorot: glorot ? std(first.histogram) / glorot : undefined,
            other_layers_moved_at_least: Math.max(...others),
          },
          explanation: `${s.L}'s weights are identical at all ${s.hs.length} records (steps ${first.step}–${last.step}) while the other layers' weights change (by at least ${(100 * Math.max(...others)).toPrecision(2)}%): this layer is not being trained.${random ? ' Its weights still look like a fresh random draw, so the network learns around a fixed random projection.' : ' If it holds pretrained weights frozen on purpose, this is expected.'}`,
          cause: 'frozen_layer',
          tag: `${s.L}/weights`,
          reads: [`${s.L}/weights`, ...moving.map((m) => `${m.L}/weights`)],
        }),
      );
    }
    return out;
  },
};
