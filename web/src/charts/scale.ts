/**
 * Axis scales shared by the charts: when a log axis reads better than a linear one, and how a
 * setting's values (numbers, or names such as initialisers) map onto an axis.
 */
import { naturalCompare } from '../../../src/board/natural-order.js';

/**
 * How many decades positive values span (log10 of max / min), or null when one is ≤ 0 (a log
 * axis could not draw it) or there are none. Non-finite values are left out.
 */
export function decadesSpanned(values: Iterable<number>): number | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi >= lo ? Math.log10(hi / lo) : null;
}

/**
 * Positive values spanning two decades or more: on a linear axis the small ones would be
 * flattened against zero (a loss of 0.3 beside one of 300), so a log axis is chosen.
 */
export function spansDecades(values: Iterable<number>): boolean {
  return (decadesSpanned(values) ?? 0) >= 2;
}

/** A setting's values on an axis: numbers (log when they span decades) or named categories. */
export type SettingScale =
  | {
      numeric: true;
      log: boolean;
      lo: number;
      hi: number;
      /** the distinct values, ascending */
      values: number[];
      /** value → 0 (lo) .. 1 (hi); null when it is not a number */
      unit(v: string | number | null): number | null;
    }
  | { numeric: false; log: false; categories: string[] };

/** Numeric when every value is a number and there are more than two of them; else categories. */
export function settingScale(values: (string | number | null | undefined)[]): SettingScale {
  const present = values.filter((v): v is string | number => v !== null && v !== undefined && v !== '');
  const nums = present.map((v) => (typeof v === 'number' ? v : Number(v)));
  const distinct = [...new Set(nums)].sort((a, b) => a - b);
  if (!present.length || !nums.every((n) => Number.isFinite(n)) || distinct.length <= 2) {
    return { numeric: false, log: false, categories: [...new Set(present.map(String))].sort(naturalCompare) };
  }
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  const log = spansDecades([lo, hi]);
  const t = (n: number) => (log ? Math.log10(n) : n);
  const span = t(hi) - t(lo) || 1;
  return {
    numeric: true,
    log,
    lo,
    hi,
    values: distinct,
    unit: (v) => {
      const n = typeof v === 'number' ? v : Number(v);
      return v === null || !Number.isFinite(n) ? null : (t(n) - t(lo)) / span;
    },
  };
}
