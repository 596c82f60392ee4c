/**
 * Building a RunData from event items: append, then `finalizeRun` sorts every series by step.
 * When a step appears twice in one tag (a run resumed from a checkpoint rewrites steps), the
 * point read last wins; files are read in name order, which is creation-time order.
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

/** Sort each series by step (stable), keeping the last point of a repeated step. Cheap when already sorted. */
export function finalizeRun(run: RunData): RunData {
  for (const m of [run.scalars, run.histograms, run.texts] as Map<string, { step: number }[]>[]) {
    for (const [tag, s] of m) m.set(tag, sortDedupe(s));
  }
  return run;
}

function sortDedupe<T extends { step: number }>(s: T[]): T[] {
  let sorted = true;
  for (let i = 1; i < s.length; i++) {
    if (s[i].step <= s[i - 1].step) {
      sorted = false;
      break;
    }
  }
  if (sorted) return s;
  const order = s.map((p, i) => ({ p, i }));
  order.sort((a, b) => a.p.step - b.p.step || a.i - b.i);
  const out: T[] = [];
  for (const { p } of order) {
    if (out.length > 0 && out[out.length - 1].step === p.step) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}
