import type { HistogramPoint, RunData } from '../../events/types.js';
import { frozenSeries, mean, sameHistogram, std } from '../../logs/movement.js';
import { finding } from '../finding.js';
import { layers } from '../history.js';
import { LT } from '../log-thresholds.js';
import type { Rule } from '../types.js';
import { aucNear, failingEvidence } from './outcome.js';

/**
 * Hidden layers that pass nothing, from histograms alone: a logged activation histogram that
 * is all zeros (every unit outputs 0 for every sample of the batch — the output can then not
 * depend on the input), or every hidden layer's weights and biases identical at every record
 * while the output layer still moves (no gradient reaches them: dead ReLUs pass none) and the
 * run is at chance. Dead from the first record with biases that start at a negative constant
 * → the bias initialisation; otherwise a symptom of whatever else is found (e.g. a learning
 * rate that blew the weights up).
 */
export const deadLayers: Rule = {
  id: 'dead-layers',
  title: 'hidden layers that pass nothing (activations all 0, or no gradient reaches them)',
  needs: ['*/weights'],
  supersededBy: ['*/dead_fraction/inference_mode'],
  check(run, ctx) {
    const hidden = layers(run, ctx).filter((L) => L !== 'output');
    if (!hidden.length) return [];
    const zeroFrom = new Map<string, number>();
    for (const L of hidden) {
      const acts = run.histograms.get(`${L}/activations/logged`) ?? [];
      const from = trailing(acts, allZero);
      if (from !== undefined) zeroFrom.set(L, from);
    }
    const frozenAll = hidden.every((L) => frozen(run, `${L}/weights`) && frozen(run, `${L}/biases`, true));
    const outputMoves = ['output/weights', 'output/biases'].some((t) => moves(run, t));
    const failing = failingEvidence(run);
    const starved = frozenAll && outputMoves && failing !== undefined;
    if (!zeroFrom.size && !starved) return [];

    const dead = zeroFrom.size ? [...zeroFrom.keys()] : hidden;
    const firstRecord = (L: string) => run.histograms.get(`${L}/weights`)?.[0]?.step ?? 0;
    const fromStart = zeroFrom.size ? dead.every((L) => zeroFrom.get(L) === firstRecord(L)) : true;
    const biases = dead.map((L) => run.histograms.get(`${L}/biases`)?.[0]?.histogram);
    const negativeConstant = biases.every(
      (h) => h !== undefined && mean(h) < 0 && std(h) <= LT.constantBiasSpread * Math.abs(mean(h)),
    );
    const initialUsable = ctx.log?.initial.usable ?? true;
    const blameBias = fromStart && negativeConstant && initialUsable;
    const biasMean = biases[0] ? mean(biases[0]) : undefined;
    const step = zeroFrom.size ? Math.min(...zeroFrom.values()) : firstRecord(hidden[0]);
    const chance = aucNear(run, LT.chanceMargin);
    const how = zeroFrom.size
      ? `${dead.join(', ')} output${dead.length === 1 ? 's' : ''} 0 for every logged sample from step ${step}: nothing passes, so the network's output cannot depend on its input`
      : `the weights and biases of every hidden layer (${hidden.join(', ')}) are identical at every record while the output layer still changes, and ${failing?.text}: no gradient reaches the hidden layers, which is what dead ReLUs do`;
    return [
      finding(ctx, {
        id: this.id,
        severity: 'fatal',
        where: { layer: dead[0] },
        step,
        evidence: {
          dead_layers: dead.join(','),
          evidence: zeroFrom.size ? 'activations all 0' : 'no gradient (parameters never change)',
          initial_bias_mean: biasMean,
          auc: chance?.value,
          auc_tag: chance?.tag,
        },
        explanation: blameBias
          ? `${how}. Their biases start at ${biasMean?.toPrecision(2)}: every pre-activation is pushed below 0 from the start, so the ReLUs never fire, get no gradient and never recover.`
          : `${how}. Dead ReLUs get no gradient and do not come back.`,
        cause: blameBias ? 'bias_initialisation' : 'activation',
        symptom: !blameBias,
        tag: zeroFrom.size ? `${dead[0]}/activations/logged` : `${hidden[0]}/weights`,
        reads: [
          ...(zeroFrom.size
            ? dead.map((L) => `${L}/activations/logged`)
            : [...hidden.flatMap((L) => [`${L}/weights`, `${L}/biases`]), 'output/weights', 'output/biases']),
          ...dead.map((L) => `${L}/biases`),
          ...(failing ? [failing.tag] : []),
        ].filter((t, i, a) => a.indexOf(t) === i && (run.histograms.has(t) || run.scalars.has(t))),
      }),
    ];
  },
};

function allZero(p: HistogramPoint): boolean {
  return p.histogram.num > 0 && p.histogram.min === 0 && p.histogram.max === 0;
}

/** The first step from which `pred` holds for every record to the end, if it holds at the last. */
function trailing(hs: HistogramPoint[], pred: (p: HistogramPoint) => boolean): number | undefined {
  if (!hs.length || !pred(hs[hs.length - 1])) return undefined;
  let i = hs.length - 1;
  while (i > 0 && pred(hs[i - 1])) i--;
  return hs[i].step;
}

/** Identical at every one of at least LT.frozenMinRecords records (`absentOk`: a layer without that tag counts). */
function frozen(run: RunData, tag: string, absentOk = false): boolean {
  const hs = run.histograms.get(tag);
  if (!hs?.length) return absentOk;
  return frozenSeries(hs);
}

function moves(run: RunData, tag: string): boolean {
  const hs = run.histograms.get(tag) ?? [];
  return hs.length >= 2 && hs.some((p) => !sameHistogram(hs[0].histogram, p.histogram));
}
