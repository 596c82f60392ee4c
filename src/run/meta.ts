import { join } from 'node:path';
import { z } from 'zod';
import { parseScaler, type Scaler } from '../data/scaler.js';
import type { ModelSpec } from '../model/spec.js';
import { TrainConfigSchema } from './config.js';
import { RUN_FILES } from './files.js';
import { readJsonFile } from './read-json.js';

/** How a run ended (absent in trainscope.json while it trains). */
export const STOP_KINDS = ['completed', 'early-stop', 'doctor', 'interrupted'] as const;
export type StopKind = (typeof STOP_KINDS)[number];

const object = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const numbers = z.array(z.number());

/** Enough of a ModelSpec to compile it; the engine checks the rest. */
const SpecSchema = z.custom<ModelSpec>(
  (v) =>
    object(v) &&
    Number.isInteger(v.inputs) &&
    Number.isInteger(v.outputs) &&
    Array.isArray(v.hidden) &&
    object(v.output) &&
    object(v.optimizer),
  { message: 'expected a model spec (inputs, outputs, hidden, output, optimizer)' },
);

/** Read through the data room's parser: older runs' { mean, std } come back as { shift, scale }. */
const ScalerSchema = z.unknown().transform((v, ctx): Scaler => {
  try {
    return parseScaler(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^scaler: /, '') });
    return z.NEVER;
  }
});

/** A configuration change applied when the run was resumed (only safe ones are allowed). */
export const ResumeRecordSchema = z.object({
  at: z.string(),
  /** Epoch and step the run continued from. */
  epoch: z.number().int().min(0),
  step: z.number().int().min(0),
  changed: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export type ResumeRecord = z.output<typeof ResumeRecordSchema>;

/** What `trainscope.json` holds: everything needed to use the model and to know how it was made. */
export const RunMetaSchema = z.looseObject({
  trainscope: z.string(),
  createdAt: z.string(),
  config: TrainConfigSchema,
  spec: SpecSchema,
  labelNames: z.array(z.string()),
  featureNames: z.array(z.string()),
  scaler: ScalerSchema.nullable(),
  imputeMeans: numbers.nullable().optional(),
  data: z.looseObject({
    source: z.string(),
    test: z.string().optional(),
    fingerprint: z.string(),
    split: z.string(),
    rows: z.object({ train: z.number(), val: z.number(), test: z.number() }),
  }),
  seed: z.number(),
  versions: z.looseObject({ node: z.string(), onnxruntime: z.string() }),
  resumes: z.array(ResumeRecordSchema).optional(),
  epochsRun: z.number().optional(),
  stopped: z.enum(STOP_KINDS).optional(),
  stopReason: z.string().optional(),
  report: z.record(z.string(), z.unknown()).optional(),
});
export type RunMeta = z.output<typeof RunMetaSchema>;

/** Read and validate RUN/trainscope.json; any problem is a one-line UserError naming the field. */
export function readRunMeta(runDir: string): RunMeta {
  return readJsonFile(join(runDir, RUN_FILES.meta), RunMetaSchema);
}
