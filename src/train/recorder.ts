import { binValues } from '../events/bins.js';
import type { RunData } from '../events/types.js';
import { createEventWriter } from '../events/writer.js';
import type { Recorder } from './recorder-types.js';

function push<T>(map: Map<string, T[]>, tag: string, point: T): void {
  const list = map.get(tag);
  if (list) list.push(point);
  else map.set(tag, [point]);
}

/**
 * Writes to the run's event file and mirrors every record in memory, binned and rounded
 * exactly as the reader would see it, so the live doctor judges what a post-hoc doctor would.
 */
export function createRecorder(runDir: string, earlier?: RunData): Recorder {
  const writer = createEventWriter(runDir);
  // A resumed run continues the history already on disk, so the live doctor sees all of it.
  const history: RunData = earlier ?? {
    name: runDir,
    scalars: new Map(),
    histograms: new Map(),
    texts: new Map(),
    warnings: [],
  };
  const now = () => Date.now() / 1000;
  return {
    history,
    scalar(tag, value, step) {
      const wallTime = now();
      writer.scalar(tag, value, step, wallTime);
      push(history.scalars, tag, { step, wallTime, value: Math.fround(value) });
    },
    histogram(tag, values, step) {
      const wallTime = now();
      const histogram = binValues(values);
      writer.histogram(tag, histogram, step, wallTime);
      push(history.histograms, tag, { step, wallTime, histogram });
    },
    text(tag, markdown, step) {
      const wallTime = now();
      writer.text(tag, markdown, step, wallTime);
      push(history.texts, tag, { step, wallTime, text: markdown });
    },
    hparams(config, metricTags, experiment) {
      writer.hparams(config, metricTags, experiment);
      history.hparams = config as RunData['hparams'];
    },
    hparamsEnd: (status) => writer.hparamsEnd(status),
    flush: () => writer.flush(),
    close: () => writer.close(),
  };
}
