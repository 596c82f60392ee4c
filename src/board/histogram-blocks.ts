/**
 * Histogram records kept per step, so that one tag written several times at every step stays
 * several series: Keras 3's callback names weight histograms by `weight.name`, so every layer's
 * kernel goes to `kernel/histogram`, k records per step in model order. The board shows them as
 * `kernel/histogram[1]` … `[k]` — the names and the rule (sharedPerStep) the doctor reads them
 * with (src/logs/understand.ts) — instead of keeping only the last layer's. A step written again
 * later (a restart) drops the records from that step on, as for every series; a step written
 * twice in a row by an ordinary tag keeps its latest record.
 */
import { sharedPerStep } from '../events/run-data.js';
import type { HistogramPoint } from '../events/types.js';
import { sharedSeriesName } from '../logs/understand.js';
import type { Reservoir } from './downsample.js';

/** One step's records of a tag, in file order. */
export type Block = HistogramPoint[];

/** Add a record: to the last block when it is at the same step, else as a new block. */
export function addRecord(r: Reservoir<Block>, p: HistogramPoint): void {
  const kept = r.values();
  const last = kept[kept.length - 1];
  // the reservoir always keeps the newest item last, so this is the step being written
  if (last && last[0].step === p.step) {
    last.push(p);
    return;
  }
  if (last && p.step < last[0].step) r.purgeFrom(p.step, (b) => b[0].step);
  r.add([p]);
}

/**
 * The series a tag's blocks stand for: k series `tag[1]` … `tag[k]` when every complete step
 * holds the same k > 1 records (the step being written may hold fewer yet), else the tag with
 * the latest record of each step.
 */
export function seriesOf(tag: string, blocks: readonly Block[]): [string, HistogramPoint[]][] {
  if (!blocks.length) return [[tag, []]];
  const complete = blocks.length > 1 ? blocks.slice(0, -1) : blocks;
  const k = sharedPerStep(complete.flat());
  if (k > 1 && blocks[blocks.length - 1].length <= k)
    return Array.from({ length: k }, (_, i) => [
      sharedSeriesName(tag, i),
      blocks.flatMap((b) => (i < b.length ? [b[i]] : [])),
    ]);
  return [[tag, blocks.map((b) => b[b.length - 1])]];
}

/** `kernel/histogram[2]` → the tag as written; undefined for an ordinary name. */
export function writtenTag(name: string): string | undefined {
  return /^(.*)\[\d+\]$/.exec(name)?.[1];
}
