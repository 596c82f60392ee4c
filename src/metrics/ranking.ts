import { binaryRanking, splitSorted } from './binary.js';
import { sortPrefix } from './sort.js';
import {
  type Average,
  checkShape,
  defined,
  labelName,
  type Metric,
  type MetricSet,
  type Scores,
  type Truth,
  undefinedMetric,
} from './types.js';

/**
 * ROC AUC and average precision, every average, as scikit-learn 1.2 computes them for a
 * multilabel-indicator y_true. Where scikit-learn raises (a label or a row with one class only),
 * the value is undefined with a reason, and so is every average that needs it: macro and
 * weighted ROC AUC are undefined as soon as one label is, never silently averaged over the rest.
 */
export type RankingKeys =
  | `roc_auc_${Average}`
  | `average_precision_${Average}`
  | 'roc_auc_per_label'
  | 'average_precision_per_label';

export function rankingMetrics(t: Truth, scores: Scores): Pick<MetricSet, RankingKeys> {
  checkShape(t, scores);
  const { nRows, nLabels, yTrue } = t;
  const aucs: Metric[] = [];
  const aps: Metric[] = [];
  const support = new Float64Array(nLabels);
  for (let l = 0; l < nLabels; l++) {
    const { pos, neg } = splitSorted(yTrue, scores, l, nLabels, nRows);
    support[l] = pos.length;
    const r = binaryRanking(pos, neg);
    const name = labelName(t, l);
    aucs.push(
      r.auc === null
        ? undefinedMetric(`label '${name}' has only ${pos.length === 0 ? 'negative' : 'positive'} samples`)
        : defined(r.auc),
    );
    aps.push(
      pos.length === 0
        ? defined(0, `label '${name}' has no positive samples: average precision 0 by convention`)
        : defined(r.ap),
    );
  }
  const all = splitSorted(yTrue, scores, 0, 1, nRows * nLabels);
  const micro = binaryRanking(all.pos, all.neg);
  const samples = sampleAverages(t, scores);
  return {
    roc_auc_micro:
      micro.auc === null
        ? undefinedMetric(`every cell of y_true is ${all.pos.length === 0 ? '0' : '1'}`)
        : defined(micro.auc),
    average_precision_micro:
      all.pos.length === 0
        ? defined(0, 'no positive cell: average precision 0 by convention')
        : defined(micro.ap),
    roc_auc_macro: averageOver(aucs, null, 'macro'),
    average_precision_macro: averageOver(aps, null, 'macro'),
    roc_auc_weighted: averageOver(aucs, support, 'weighted'),
    average_precision_weighted: averageOver(aps, support, 'weighted'),
    roc_auc_samples: samples.auc,
    average_precision_samples: samples.ap,
    roc_auc_per_label: aucs,
    average_precision_per_label: aps,
  };
}

/** ROC AUC with one average (see rankingMetrics for the undefined cases). */
export function rocAuc(t: Truth, scores: Scores, average: Average): Metric {
  return rankingMetrics(t, scores)[`roc_auc_${average}`];
}
export function rocAucPerLabel(t: Truth, scores: Scores): Metric[] {
  return rankingMetrics(t, scores).roc_auc_per_label;
}
/** Average precision with one average (a label or row with no positives scores 0, as in scikit-learn). */
export function averagePrecision(t: Truth, scores: Scores, average: Average): Metric {
  return rankingMetrics(t, scores)[`average_precision_${average}`];
}
export function averagePrecisionPerLabel(t: Truth, scores: Scores): Metric[] {
  return rankingMetrics(t, scores).average_precision_per_label;
}

/**
 * Mean (or support-weighted mean) of per-label values; undefined if any label is. scikit-learn
 * returns 0 for a weighted average whose weights are all zero.
 */
export function averageOver(values: Metric[], weights: Float64Array | null, kind: string): Metric {
  const bad = values.findIndex((m) => m.value === null);
  if (bad >= 0) {
    const n = values.filter((m) => m.value === null).length;
    const first = values[bad] as { reason: string };
    return undefinedMetric(
      `${kind} average needs every label, and ${n === 1 ? 'one is' : `${n} are`} undefined (${first.reason}${n > 1 ? ', …' : ''})`,
    );
  }
  let num = 0;
  let den = 0;
  for (let l = 0; l < values.length; l++) {
    const w = weights ? weights[l] : 1;
    num += w * (values[l].value as number);
    den += w;
  }
  if (den === 0) {
    return weights
      ? defined(0, 'no label has a positive sample: weighted average 0 by convention')
      : undefinedMetric('no labels');
  }
  return defined(num / den);
}

function sampleAverages(t: Truth, scores: Scores): { auc: Metric; ap: Metric } {
  const { nRows, nLabels, yTrue } = t;
  let aucSum = 0;
  let apSum = 0;
  let oneClassRows = 0;
  let noPositiveRows = 0;
  let firstBad = -1;
  let firstBadPositive = false;
  // One row at a time into reused buffers: rows are short, so allocation would dominate.
  const posBuf = new Float64Array(nLabels);
  const negBuf = new Float64Array(nLabels);
  for (let r = 0; r < nRows; r++) {
    let p = 0;
    let q = 0;
    for (let i = r * nLabels; i < (r + 1) * nLabels; i++) {
      if (yTrue[i]) posBuf[p++] = scores[i];
      else negBuf[q++] = scores[i];
    }
    const res = binaryRanking(sortPrefix(posBuf, p), sortPrefix(negBuf, q), p, q);
    apSum += res.ap;
    if (p === 0) noPositiveRows++;
    if (res.auc === null) {
      if (oneClassRows++ === 0) {
        firstBad = r;
        firstBadPositive = p > 0;
      }
    } else aucSum += res.auc;
  }
  if (nRows === 0) return { auc: undefinedMetric('no rows'), ap: undefinedMetric('no rows') };
  const auc =
    oneClassRows > 0
      ? undefinedMetric(
          `${oneClassRows} of ${nRows} rows have only one class (first: row ${firstBad + 1}, all labels ${firstBadPositive ? 'positive' : 'negative'})`,
        )
      : defined(aucSum / nRows);
  const apWarning =
    noPositiveRows > 0
      ? `${noPositiveRows} of ${nRows} rows have no positive label and count as average precision 0`
      : undefined;
  return { auc, ap: defined(apSum / nRows, apWarning) };
}
