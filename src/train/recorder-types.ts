import type { HParamValue } from '../events/encode.js';
import type { HParamsStatus } from '../events/proto.js';
import type { RunData } from '../events/types.js';

/** Where the trainer's records go: the run's event file, mirrored in memory for the live doctor. */
export interface Recorder {
  scalar(tag: string, value: number, step: number): void;
  histogram(tag: string, values: Float32Array | Float64Array, step: number): void;
  text(tag: string, markdown: string, step: number): void;
  /** Session start, with the experiment record unless `experiment` is false (a grid's trial). */
  hparams(config: Record<string, HParamValue>, metricTags: string[], experiment?: boolean): void;
  hparamsEnd(status: HParamsStatus): void;
  flush(): void;
  close(): void;
  readonly history: RunData;
}
