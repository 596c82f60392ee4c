/**
 * How much a logged series jitters from one record to the next, for claims about logs that carry
 * no standard errors (a foreign log's `val_loss`, `AUC/val_macro`). The values of successive
 * epochs are the same rows scored by slightly different models; the scatter around the series'
 * own smooth trend is the change that means nothing. Second differences
 * (x[t+1] − 2·x[t] + x[t−1]) cancel a trend that is locally straight, so a falling or rising
 * curve does not count as noise; for independent noise of standard deviation σ they have
 * standard deviation √6·σ. The median of their absolute values (÷ 0.6745 for a normal's σ) lets
 * one jump — a learning-rate drop, a bad epoch — not widen the margin for every other record.
 * Returns 0 for fewer than 3 values (no scatter can be seen: the callers' other margins decide).
 */
export function scatter(values: readonly number[]): number {
  const d: number[] = [];
  for (let i = 1; i + 1 < values.length; i++) {
    const x = values[i + 1] - 2 * values[i] + values[i - 1];
    if (Number.isFinite(x)) d.push(Math.abs(x));
  }
  if (!d.length) return 0;
  d.sort((a, b) => a - b);
  const mid = d.length >> 1;
  const median = d.length % 2 ? d[mid] : (d[mid - 1] + d[mid]) / 2;
  return median / 0.6745 / Math.sqrt(6);
}
