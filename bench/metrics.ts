import { computeReport } from '../src/metrics/report.js';
import { createRng } from '../src/model/rng.js';

/**
 * Metrics speed: a full report (every metric, every average, per label) on story-sized and
 * tmc2007-sized outputs, against a reference measured in the same run: sorting each label's
 * scores once with the built-in typed-array sort (the floor of any exact ROC AUC).
 */
export async function benchMetrics(): Promise<void> {
  console.log('metrics report (median of 5, after a warm-up)');
  for (const [rows, labels] of [
    [22_000, 6],
    [21_519, 22],
  ]) {
    const rng = createRng(1);
    const yTrue = new Uint8Array(rows * labels);
    const logits = new Float32Array(rows * labels);
    const probabilities = new Float32Array(rows * labels);
    for (let i = 0; i < yTrue.length; i++) {
      yTrue[i] = rng.next() < 0.34 ? 1 : 0;
      logits[i] = rng.normal() + (yTrue[i] ? 0.5 : 0);
      probabilities[i] = 1 / (1 + Math.exp(-logits[i]));
    }
    const labelNames = Array.from({ length: labels }, (_, l) => `l${l}`);
    const time = (f: () => void) => {
      f();
      const t: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        f();
        t.push(performance.now() - t0);
      }
      return t.sort((a, b) => a - b)[2];
    };
    const report = time(() =>
      computeReport({ yTrue, probabilities, logits, nRows: rows, nLabels: labels, labelNames }),
    );
    const sortOnly = time(() => {
      for (let l = 0; l < labels; l++) {
        const col = new Float64Array(rows);
        for (let r = 0; r < rows; r++) col[r] = logits[r * labels + l];
        col.sort();
      }
    });
    console.log(
      `  ${rows}×${labels}: report ${report.toFixed(1)} ms, reference (sort each label once) ${sortOnly.toFixed(1)} ms, ratio ${(report / sortOnly).toFixed(1)}×`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMetrics();
