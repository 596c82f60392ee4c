/**
 * Building a RunData from event items: append, then `finalizeRun` settles steps that go
 * backwards (see restartSeries). Files are read in name order, which is creation-time order.
 */
import type { EventItem } from './decode.js';
import type { RunData } from './types.js';

export function createRunData(name: string): RunData {
  return { name, scalars: new Map(), histograms: new Map(), texts: new Map(), warnings: [] };
}

function series<T>(m: Map<string, T[]>, tag: string): T[] {
  let s = m.get(tag);
  if (!s) {
    s = [];
    m.set(tag, s);
  }
  return s;
}

export function addEvents(run: RunData, items: readonly EventItem[]): void {
  for (const it of items) {
    switch (it.kind) {
      case 'scalar':
        series(run.scalars, it.tag).push({ step: it.step, wallTime: it.wallTime, value: it.value });
        break;
      case 'histogram':
        series(run.histograms, it.tag).push({
          step: it.step,
          wallTime: it.wallTime,
          histogram: it.histogram,
        });
        break;
      case 'text':
        series(run.texts, it.tag).push({ step: it.step, wallTime: it.wallTime, text: it.text });
        break;
      case 'hparams':
        run.hparams = it.hparams;
        break;
      case 'hparamsEnd':
        run.hparamsStatus = it.status;
        break;
    }
  }
}

/** Settle every series: sorted by step, each step once, from the latest attempt (restartSeries). */
export function finalizeRun(run: RunData): RunData {
  for (const m of [run.scalars, run.histograms, run.texts] as Map<string, { step: number }[]>[]) {
    for (const [tag, s] of m) m.set(tag, restartSeries(s));
  }
  return run;
}

/**
 * How many records every step of a series holds, when that number is the same for all steps and
 * the steps rise block by block (1 for an ordinary series, 0 when irregular). More than 1 is one
 * tag shared by several things written in the same order at every step: Keras 3's callback names
 * weight histograms by `weight.name`, so every layer's kernel goes to `kernel/histogram`. That is
 * not a restart, and its records are kept in file order.
 */
export function sharedPerStep(s: readonly { step: number }[]): number {
  if (s.length === 0) return 0;
  let k = 0;
  while (k < s.length && s[k].step === s[0].step) k++;
  if (s.length % k !== 0) return 0;
  for (let i = 0; i < s.length; i += k) {
    if (i > 0 && !(s[i].step > s[i - 1].step)) return 0;
    for (let j = 1; j < k; j++) if (s[i + j].step !== s[i].step) return 0;
  }
  return k;
}

/**
 * Steps that go backwards, deliberately: when a tag's step goes back (a run resumed from a
 * checkpoint, a script re-run into the same directory), the writer has restarted from that
 * step, so the points the tag had at that step and later belong to the abandoned attempt and
 * are dropped — what TensorBoard's EventAccumulator does per tag with purge_orphaned_data (its
 * default). (TensorBoard's newer data server keeps file order instead, which draws both
 * attempts as one zig-zag line.) The result is sorted by step, each step once, from the latest
 * attempt. Cheap when already sorted.
 */
export function restartSeries<T extends { step: number }>(s: T[]): T[] {
  if (sharedPerStep(s) > 1) return s;
  let sorted = true;
  for (let i = 1; i < s.length; i++) {
    if (s[i].step <= s[i - 1].step) {
      sorted = false;
      break;
    }
  }
  if (sorted) return s;
  const out: T[] = [];
  for (const p of s) {
    while (out.length > 0 && out[out.length - 1].step >= p.step) out.pop();
    out.push(p);
  }
  return out;
}
