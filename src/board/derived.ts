/**
 * Scalars the board derives from recorded ones (the trainer never writes them). One today:
 * the share of labels predicted the same for every probe sample. It stays at 1 after a
 * collapse, while `output/exact_0_or_1` falls back towards 0 once the logits shrink to the
 * output bias — so the saturation chart alone looks healthy after the collapse.
 */

import type { ScalarPoint } from '../events/types.js';
import { TAGS } from '../run/tags.js';
import type { DataProvider } from './provider.js';

export const CONSTANT_LABELS_TAG = 'output/constant_label_share';

const POSITIVE_RATE = TAGS.positiveRate('');

interface Derived {
  /** Can it be computed from these recorded scalar tags? */
  available(tags: readonly string[]): boolean;
  compute(p: DataProvider, run: string, tags: readonly string[]): Promise<ScalarPoint[]>;
}

export const DERIVED: Record<string, Derived> = {
  [CONSTANT_LABELS_TAG]: {
    available: (tags) => tags.some((t) => t.startsWith(POSITIVE_RATE)),
    async compute(p, run, tags) {
      const series = await Promise.all(
        tags.filter((t) => t.startsWith(POSITIVE_RATE)).map((t) => p.readScalars(run, t, 0)),
      );
      const byStep = new Map<number, { wallTime: number; constant: number; n: number }>();
      for (const s of series) {
        for (const pt of s) {
          const e = byStep.get(pt.step) ?? { wallTime: pt.wallTime, constant: 0, n: 0 };
          e.n++;
          if (pt.value === 0 || pt.value === 1) e.constant++;
          byStep.set(pt.step, e);
        }
      }
      return [...byStep.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([step, e]) => ({ step, wallTime: e.wallTime, value: e.constant / e.n }));
    },
  },
};
