import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrainConfig, type TrainConfigInput } from '../run/config.js';
import { TAGS } from '../run/tags.js';
import { diagnose } from './diagnose.js';
import {
  chooseFactors,
  comparisonOf,
  explain,
  formatExplain,
  metricName,
  outcomeOf,
  rankCauses,
  type TrialOutcome,
  trialRunName,
  verdictOf,
} from './explain.js';
import { createLiveDoctor } from './live.js';
import { healthyRun, set } from './testing/fabricate.js';
import type { DoctorReport } from './types.js';

const storyConfig = parseTrainConfig({
  init: 'truncated_normal:1',
  dropout: 0.5,
  lr: 1e-4,
  activation: 'relu',
});

function storyRun() {
  const run = healthyRun();
  set(run, TAGS.stdVsGlorot('layer1'), [14.7]);
  set(run, TAGS.stdVsHe('layer1'), [10.6]);
  set(run, TAGS.meanAbsLogit, [4000, 3000, 2000]);
  return run;
}

const trial = (
  label: string,
  cause: TrialOutcome['cause'],
  valAuc: number,
  symptomPresent: boolean,
): TrialOutcome => ({
  label,
  cause,
  patch: {},
  auc: valAuc,
  aucOver: 'validation rows, 6 of 6 labels with both classes',
  lossGain: valAuc - 0.6,
  serious: symptomPresent ? ['saturated-outputs'] : [],
  symptomPresent,
});

test('diagnose blames the initialisation and attributes the symptoms to it', () => {
  const report = diagnose(storyRun(), { config: storyConfig });
  assert.equal(report.diagnosis?.cause, 'initialisation');
  const sat = report.findings.find((f) => f.id === 'saturated-outputs');
  assert.equal(sat?.cause, 'initialisation');
  assert.match(sat?.fix.text ?? '', /--init he_uniform/);
  assert.deepEqual(diagnose(healthyRun()).findings, []);
});

test('the live doctor reports each finding once', () => {
  const doc = createLiveDoctor({});
  const run = storyRun();
  const first = doc.update(run);
  assert.ok(first.some((f) => f.id === 'init-too-broad'));
  assert.deepEqual(doc.update(run), []);
  assert.ok(doc.report().findings.length >= first.length);
});

test('factors come from the findings and the config: dropout off, init, learning rate', () => {
  const report: DoctorReport = diagnose(storyRun(), { config: storyConfig });
  const f = chooseFactors(storyConfig, report);
  const labels = f.map((x) => x.label);
  assert.ok(labels.includes('dropout off'));
  assert.ok(labels.includes('init → he_uniform'));
  assert.deepEqual(f.find((x) => x.cause === 'initialisation')?.patch, {
    init: 'he_uniform',
    outputInit: 'glorot_uniform',
  });
  assert.ok(
    f.some((x) => x.cause === 'learning_rate_high') && f.some((x) => x.cause === 'learning_rate_low'),
  );
});

test('ranking and verdict: "initialisation, not dropout" with the numbers', () => {
  const base = trial('baseline', 'baseline', 0.55, true);
  const ranked = rankCauses(base, [
    trial('dropout off', 'dropout', 0.6, true),
    trial('init → he_uniform', 'initialisation', 0.9, false),
    trial('lr ×10', 'learning_rate_low', 0.62, true),
  ]);
  assert.equal(ranked[0].cause, 'initialisation');
  assert.ok(Math.abs((ranked[0].delta ?? 0) - 0.35) < 1e-9);
  const v = verdictOf('saturated-outputs', base, ranked);
  assert.equal(v.cause, 'initialisation');
  assert.match(v.text, /initialisation, not dropout/);
  assert.match(v.text, /0\.550 to 0\.900/);
  const table = formatExplain({
    symptom: 'saturated-outputs',
    metric: 'ROC AUC (validation rows, 6 of 6 labels with both classes)',
    baseline: base,
    ranked,
    verdict: v.text,
  });
  assert.match(table, /1\s+init → he_uniform/);
});

test('a change that leaves no current problem outranks one that only clears the symptom with a larger AUC gain', () => {
  // gaussian-small in the calibration matrix: lr ×10 cleared saturated outputs and gained more AUC,
  // but left the too-broad init and a loss far worse than the constant predictor.
  const base = trial('baseline', 'baseline', 0.551, true);
  const lr = {
    ...trial('lr ×10', 'learning_rate_low', 0.692, false),
    serious: ['init-too-broad', 'activation-scale'],
  };
  const init = trial('init → he_uniform', 'initialisation', 0.586, false);
  const ranked = rankCauses(base, [lr, init, trial('dropout off', 'dropout', 0.573, true)]);
  assert.deepEqual(
    ranked.map((r) => r.cause),
    ['initialisation', 'learning_rate_low', 'dropout'],
  );
  assert.match(verdictOf('saturated-outputs', base, ranked).text, /initialisation, not dropout/);
});

test('a cleared symptom: the verdict says when the metric moved within its noise, and names nothing when it got worse', () => {
  // The board grid's collapsed 4-step run: lr ×0.1 untied the 20 validation rows (symptom gone)
  // while ROC AUC went 0.500 → 0.477, inside the noise of 20 rows.
  const noisy = (t: TrialOutcome, se = 0.06): TrialOutcome => ({ ...t, aucSe: se });
  const base = noisy(trial('baseline', 'baseline', 0.5, true));
  const lr = noisy(trial('lr ×0.1', 'learning_rate_high', 0.477, false));
  const ranked = rankCauses(base, [lr, noisy(trial('lr ×10', 'learning_rate_low', 0.5, true))]);
  assert.ok(Math.abs((ranked[0].deltaSe ?? 0) - Math.hypot(0.06, 0.06)) < 1e-12);
  const v = verdictOf('output-collapse', base, ranked);
  assert.equal(v.cause, 'learning_rate_high');
  assert.match(
    v.text,
    /0\.500 to 0\.477 \(-0\.023, within the noise ±0\.255: the short run shows the symptom gone, not yet a better ranking\)/,
  );
  // the same change, measured precisely, makes the run worse: no cause named
  const worse = rankCauses(noisy(base, 0.005), [noisy(lr, 0.005)]);
  const w = verdictOf('output-collapse', noisy(base, 0.005), worse);
  assert.equal(w.cause, undefined);
  assert.match(w.text, /no cause named — lr ×0\.1 clears 'output-collapse' but .* the run gets worse/);
  // a gain beyond the noise: named, without the qualifier
  const clear = rankCauses(base, [noisy(trial('lr ×0.1', 'learning_rate_high', 0.85, false))]);
  const c = verdictOf('output-collapse', base, clear);
  assert.equal(c.cause, 'learning_rate_high');
  assert.doesNotMatch(c.text, /within the noise/);
});

test('the verdict says so when nothing helps', () => {
  const base = trial('baseline', 'baseline', 0.8, false);
  const v = verdictOf('x', base, rankCauses(base, [trial('dropout off', 'dropout', 0.79, false)]));
  assert.equal(v.cause, undefined);
  assert.match(v.text, /no single change/);
});

test('explain orchestrates short runs of the typed config: a baseline, then one change per factor', async () => {
  const config = parseTrainConfig({
    data: 'story.arff',
    init: 'truncated_normal:1',
    dropout: 0.5,
    lr: 1e-4,
    epochs: 500,
    batchSize: 100,
    name: 'story',
    resume: true,
  });
  const report = diagnose(storyRun(), { config });
  const seen: TrainConfigInput[] = [];
  // The fake trainer: the initialisation change cures the run, everything else keeps its fault.
  const fake = async (c: TrainConfigInput) => {
    seen.push(c);
    const run = c.init === 'he_uniform' ? healthyRun() : storyRun();
    set(run, TAGS.evidence('val', 'auc_macro'), [
      c.init === 'he_uniform' ? 0.8 : c.dropout === 0 ? 0.62 : 0.55,
    ]);
    return { history: run };
  };
  const logs: string[] = [];
  const ex = await explain(config, report, { config }, fake, {
    dir: '/tmp/explain-fake',
    steps: 800,
    trainRows: 20000,
    log: (l) => logs.push(l),
  });
  // 200 steps per epoch → 4 epochs; the short runs never resume, never run the doctor live
  assert.ok(seen.every((c) => c.epochs === 4 && c.doctor === false && c.probes === 'light'));
  assert.ok(seen.every((c) => c.logdir === '/tmp/explain-fake' && c.resume === undefined));
  assert.equal(seen[0].name, 'baseline');
  assert.deepEqual(
    seen.slice(1).map((c) => c.name),
    chooseFactors(config, report).map((f) => trialRunName(f.label)),
  );
  assert.equal(seen.find((c) => c.name === 'dropout-off')?.dropout, 0);
  assert.equal(seen.find((c) => c.init === 'he_uniform')?.outputInit, 'glorot_uniform');
  assert.equal(logs.length, seen.length);
  assert.equal(ex.baseline.auc, 0.55);
  assert.equal(ex.ranked[0].cause, 'initialisation');
  assert.equal(ex.cause, 'initialisation');
  assert.match(ex.verdict, /initialisation, not dropout/);
});

test('explain compares on the AUC over labels with both classes, and says so, when macro AUC is undefined', () => {
  const history = healthyRun();
  // label 'f' has no positive row in validation: the story's macro AUC is undefined there …
  history.scalars.delete(TAGS.valMetric('roc_auc_macro'));
  set(history, TAGS.evidence('val', 'auc_labels'), [5, 5, 5, 5, 5, 5, 5]);
  const ctx = { labelNames: ['a', 'b', 'c', 'd', 'e', 'f'] };
  const out = outcomeOf('baseline', 'baseline', {}, history, ctx, 'saturated-outputs');
  // … the evidence's mean over the labels with both classes is not
  assert.equal(out.auc, history.scalars.get(TAGS.evidence('val', 'auc_macro'))?.at(-1)?.value);
  assert.equal(out.aucOver, 'validation rows, 5 of 6 labels with both classes');
  const better = {
    ...out,
    label: 'init → he_uniform',
    cause: 'initialisation' as const,
    auc: (out.auc ?? 0) + 0.2,
  };
  const ranked = rankCauses(out, [better]);
  assert.equal(metricName(out, [better]), 'ROC AUC (validation rows, 5 of 6 labels with both classes)');
  assert.match(verdictOf('saturated-outputs', out, ranked).text, /5 of 6 labels with both classes/);
});

test('explain falls back to the inference-mode loss gain when a run has no label with both classes', () => {
  const base = trial('baseline', 'baseline', 0.55, true);
  const noAuc = { ...trial('init → he_uniform', 'initialisation', 0.9, false), auc: null, lossGain: 0.12 };
  assert.equal(comparisonOf(base, [noAuc]), 'loss_gain');
  const ranked = rankCauses({ ...base, lossGain: -0.3 }, [noAuc]);
  assert.ok(Math.abs((ranked[0].delta ?? 0) - 0.42) < 1e-9);
  assert.match(metricName(base, [noAuc]), /loss gain over the constant predictor/);
});
