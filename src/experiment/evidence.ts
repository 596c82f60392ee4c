import { join } from 'node:path';
import { readRun } from '../events/reader.js';
import type { RunData } from '../events/types.js';
import { layersInTags, TAGS } from '../run/tags.js';
import { textTable } from '../text-table.js';
import type { ResultsTable } from './aggregate.js';

/**
 * What the story's author saw only by staring at TensorBoard, as numbers per configuration: how
 * far the weights moved from their initial values, how big the logits were at the start, and
 * how many of the last hidden layer's units are dead when the model is used (inference mode).
 */
export interface StoryEvidence {
  label: string;
  /** ‖W_end − W_0‖ / ‖W_0‖ of the first layer's weights. */
  weightsMoved: number | null;
  /** Mean |logit| on the probe batch before the first update. */
  meanAbsLogitAtStart: number | null;
  /** Share of float32 sigmoid outputs exactly 0 or 1 before the first update. */
  exactZeroOneAtStart: number | null;
  /** Last hidden layer, share of units never active on the probe batch at the end (inference mode). */
  deadLastHidden: number | null;
  lastHidden: string | null;
}

function last(run: RunData, tag: string): number | null {
  const s = run.scalars.get(tag);
  return s?.length ? s[s.length - 1].value : null;
}

function first(run: RunData, tag: string): number | null {
  const s = run.scalars.get(tag);
  return s?.length ? s[0].value : null;
}

export function evidenceOf(label: string, run: RunData): StoryEvidence {
  const hidden = layersInTags(run.histograms.keys()).filter((l) => l !== 'output');
  const lastHidden = hidden.length ? hidden[hidden.length - 1] : null;
  return {
    label,
    weightsMoved: last(run, TAGS.changeSinceInit('layer1', 'weights')),
    meanAbsLogitAtStart: first(run, TAGS.meanAbsLogit),
    exactZeroOneAtStart: first(run, TAGS.exactZeroOne),
    deadLastHidden: lastHidden ? last(run, TAGS.deadFraction(lastHidden, 'inference_mode')) : null,
    lastHidden,
  };
}

/** Evidence from the first finished trial of every configuration in the table. */
export async function storyEvidence(expDir: string, table: ResultsTable): Promise<StoryEvidence[]> {
  const out: StoryEvidence[] = [];
  for (const row of table.rows) {
    const trial = row.trials.find((t) => t.status === 'done');
    if (!trial) continue;
    out.push(evidenceOf(row.label, await readRun(join(expDir, trial.name))));
  }
  return out;
}

const pct = (v: number | null) =>
  v === null ? 'n/a' : `${(100 * v).toFixed(v < 0.1 || (v > 0.99 && v < 1) ? 1 : 0)}%`;
const num = (v: number | null) => (v === null ? 'n/a' : v >= 100 ? v.toExponential(1) : v.toFixed(2));

export function formatEvidence(rows: StoryEvidence[]): string {
  const layer = rows.find((r) => r.lastHidden)?.lastHidden ?? 'last hidden layer';
  const table = [
    [
      'configuration',
      'mean |logit| at start',
      'outputs exactly 0/1 at start',
      'layer1 weights moved',
      `${layer} dead (inference)`,
    ],
    ...rows.map((r) => [
      r.label,
      num(r.meanAbsLogitAtStart),
      pct(r.exactZeroOneAtStart),
      pct(r.weightsMoved),
      pct(r.deadLastHidden),
    ]),
  ];
  return [
    'What the histograms show (the story found the cause here):',
    ...textTable(table, { indent: '  ' }),
  ].join('\n');
}
