import type { RunData } from '../../events/types.js';
import { frozenSeries, looksInitial, movedAtLeast, std } from '../../logs/movement.js';
import { TAGS } from '../../run/tags.js';
import { finding, lifecycle } from '../finding.js';
import { hasTag, layers, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Finding, Rule, RunContext } from '../types.js';
import { fansOf } from './outcome.js';

/** Layers the run's configuration froze on purpose (`--freeze`), by name. */
function configuredFrozen(ctx: RunContext, names: string[]): Set<string> {
  const out = new Set<string>();
  ctx.spec?.hidden.forEach((l, i) => {
    if (l.frozen) out.add(`layer${i + 1}`);
  });
  if (ctx.spec?.output.frozen) out.add('output');
  const f = ctx.config?.freeze;
  for (const raw of Array.isArray(f) ? f : f === undefined ? [] : [f]) {
    const t = String(raw).trim().toLowerCase();
    out.add(/^\d+$/.test(t) ? (names[Number(t) - 1] ?? t) : t);
  }
  return out;
}

/**
 * A layer left out of training: its weights have not changed at all since the start while
 * another layer's have moved. No optimiser does that to a layer it updates; it happens when the
 * layer's parameters are frozen or missing from the optimiser (requires_grad=False,
 * trainable=False). Read from the recorded change since init when the run has it (trainscope
 * runs: less than float32 rounding while another layer moved `lrLowChange`), else from weight
 * histograms alone (a parameter never updated gives the identical histogram at every record,
 * which no trained layer does). Frozen on purpose (`--freeze`, or trained weights that no longer
 * look like a fresh draw in a foreign log): info; otherwise a warning.
 */
export const frozenLayer: Rule = {
  id: 'frozen-layer',
  title: "a layer's weights never change while the others train",
  needs: [],
  needsAny: ['*/weights/change_since_init', '*/weights'],
  check(run, ctx) {
    return hasTag(run, '*/weights/change_since_init') ? fromChanges(run, ctx) : fromHistograms(run, ctx);
  },
};

function fromChanges(run: RunData, ctx: RunContext): Finding[] {
  const names = layers(run, ctx);
  const intended = configuredFrozen(ctx, names);
  const changes = new Map(names.map((L) => [L, series(run, TAGS.changeSinceInit(L, 'weights'))]));
  const out: Finding[] = [];
  for (const L of names) {
    const own = changes.get(L) ?? [];
    const checks = own.map((p) => {
      const others = names
        .filter((o) => o !== L)
        .map((o) => changes.get(o)?.find((q) => q.step === p.step)?.value ?? 0);
      const moved = Math.max(0, ...others);
      return { step: p.step, holds: p.value < T.frozenLayerChange && moved > T.lrLowChange, moved };
    });
    const life = lifecycle(checks);
    if (!life) continue;
    const last = checks.find((c) => c.step === life.last_step);
    const onPurpose = intended.has(L);
    out.push(
      finding(ctx, {
        id: frozenLayer.id,
        severity: onPurpose ? 'info' : 'warning',
        where: { layer: L },
        life,
        evidence: {
          change_since_init: own.find((p) => p.step === life.last_step)?.value,
          other_layers_moved: last?.moved,
          configured: onPurpose ? '--freeze' : 'no',
        },
        explanation: onPurpose
          ? `${L} is frozen as configured (--freeze): its weights stay as initialised while the other layers train.`
          : `${L}'s weights have not changed at all since the start, while other layers moved ${(100 * (last?.moved ?? 0)).toFixed(0)}% of their norm: the layer is not being trained (frozen, or its parameters are missing from the optimiser), so it stays a random projection.`,
        cause: 'frozen_layer',
        tag: TAGS.changeSinceInit(L, 'weights'),
      }),
    );
  }
  return out;
}

/** The same claim from weight histograms alone (foreign logs); when every hidden layer is frozen at once, that is dead-layers' case. */
function fromHistograms(run: RunData, ctx: RunContext): Finding[] {
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
        id: frozenLayer.id,
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
}
