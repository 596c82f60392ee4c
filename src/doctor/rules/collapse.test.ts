import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunData } from '../../events/types.js';
import { TAGS } from '../../run/tags.js';
import { emptyRun, LABELS, set } from '../testing/fabricate.js';
import { collapse } from './collapse.js';

/**
 * output-collapse on a 4-step run (probes and epochs at steps 0, 2, 4; 20 validation rows), as
 * the board's grid trial lr 0.01 + LeCun normal recorded it: the validation rows tie on every
 * label at the end while a few training rows still move the probe logits (spread 0.01). Each
 * guard is taken away in turn: the evidence must show constant outputs, not a run too short to
 * have learned (which ranks at chance and loses to the constant predictor just the same).
 */
const STEPS = [0, 2, 4];

interface End {
  /** Validation ROC AUC of each label at step 4. */
  auc?: number[];
  /** Validation positive rate of each label at step 4. */
  rate?: number[];
  gain?: number;
  probeAuc?: number;
  spread?: number;
}

function shortRun(end: End = {}): RunData {
  const run = emptyRun();
  const at = (start: number, last: number) =>
    STEPS.map((s, i) => [s, i < 2 ? start : last] as [number, number]);
  LABELS.forEach((l, k) => {
    set(run, TAGS.outputSpread(l), at(0.3, end.spread ?? 0.01));
    set(run, TAGS.positiveRate(l), at(0.5, k === 3 ? 1 : 0));
    set(run, TAGS.evidenceAuc('val', l), at(0.45, end.auc?.[k] ?? 0.5));
    set(run, TAGS.evidenceAucSe('val', l), at(0.14, 0.14));
    set(run, TAGS.evidencePositiveRate('val', l), at(0.5, end.rate?.[k] ?? (k === 3 ? 1 : 0)));
  });
  for (const split of ['val', 'probe'] as const) {
    set(run, TAGS.evidence(split, 'rows'), at(split === 'val' ? 20 : 64, split === 'val' ? 20 : 64));
    set(run, TAGS.evidence(split, 'loss_gain'), at(-0.12, split === 'val' ? (end.gain ?? -0.1) : -0.07));
    set(run, TAGS.evidence(split, 'loss_gain_se'), at(0.03, 0.03));
    set(run, TAGS.evidence(split, 'auc_macro'), at(0.45, split === 'val' ? 0.5 : (end.probeAuc ?? 0.51)));
    set(
      run,
      TAGS.evidence(split, 'auc_macro_se'),
      at(split === 'val' ? 0.063 : 0.033, split === 'val' ? 0.063 : 0.033),
    );
    set(run, TAGS.evidence(split, 'auc_labels'), at(6, 6));
  }
  return run;
}

test('output-collapse: validation rows tied on every label at the end of a 4-step run → a warning from step 4', () => {
  const [f, ...more] = collapse.check(shortRun(), {});
  assert.equal(more.length, 0);
  assert.equal(f.severity, 'warning', 'the training rows still vary: not shown unrecoverable');
  assert.equal(f.status, 'current');
  assert.equal(f.step, 4);
  assert.equal(f.cause, 'unknown');
  assert.equal(f.evidence.val_labels_tied, 6);
  assert.equal(f.evidence.val_loss_gain, -0.1);
  assert.match(f.explanation, /exactly 0\.5/);
  assert.match(f.explanation, /not its cause/);
  assert.ok(f.reads?.includes(TAGS.evidencePositiveRate('val', 'f')));
});

test('output-collapse: quiet when anything recorded says the rows are told apart', () => {
  const quiet: [string, End][] = [
    [
      'one label tied (a narrow last layer ties some rows at the output bias)',
      { auc: [0.5, 0.41, 0.55, 0.47, 0.6, 0.52] },
    ],
    ['every label tied but one label predicted positive for some rows', { rate: [0, 0, 0.35, 1, 0, 0] }],
    ['the validation loss clearly beats the constant predictor', { gain: 0.2 }],
    ['the probe rows rank clearly above chance', { probeAuc: 0.62 }],
  ];
  for (const [why, end] of quiet) assert.deepEqual(collapse.check(shortRun(end), {}), [], why);
});

test('output-collapse: constant probe logits are still fatal, and a collapse that clears is history', () => {
  const [fatal] = collapse.check(shortRun({ spread: 0 }), {});
  assert.equal(fatal.severity, 'fatal');
  assert.equal(fatal.evidence.val_labels_tied, undefined, 'the exact probe recording speaks for itself');
  const run = shortRun();
  for (const l of LABELS) {
    set(run, TAGS.evidenceAuc('val', l), [
      [0, 0.45],
      [2, 0.5],
      [4, 0.58],
    ]);
    set(run, TAGS.evidencePositiveRate('val', l), [
      [0, 0.5],
      [2, 0],
      [4, 0.3],
    ]);
  }
  const [cleared] = collapse.check(run, {});
  assert.equal(cleared.status, 'cleared');
  assert.equal(cleared.cleared_step, 4);
  assert.equal(cleared.severity, 'warning');
});
