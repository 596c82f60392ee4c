import { z } from 'zod';
import { UserError } from '../errors.js';
import { describeIssue } from './issues.js';

/**
 * Everything a training run can be told, flat, as a user writes it (flags, a YAML/JSON config
 * file, an experiment axis). Defaults make `--hidden 256,128,64` alone train something
 * sensible; every knob is reachable. `resolveSpec` (model/resolve.ts) turns this into a ModelSpec.
 * Per-layer knobs (activation, dropout, init) take one value for all hidden layers or a list.
 * Every field is also a flag (`batchSize` ↔ `--batch-size`): its help text is the field's
 * meta, its default the schema's (trainConfigFields below), so flags and help cannot drift.
 */
const perLayer = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t).min(1)]);
const numberList = z.union([
  z.array(z.number()),
  z.string().transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim());
    const empty = parts.indexOf('');
    if (empty >= 0) {
      const where = parts.length === 1 ? 'nothing given' : `item ${empty + 1} of ${parts.length} is empty`;
      ctx.addIssue({ code: 'custom', message: `expected comma-separated numbers, got '${s}' (${where})` });
      return z.NEVER;
    }
    const nums = parts.map(Number);
    if (nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: `expected comma-separated numbers, got '${s}'` });
      return z.NEVER;
    }
    return nums;
  }),
]);

export const TrainConfigSchema = z
  .object({
    // data
    data: z.string().default('seed-like').meta({
      help: 'training data: a .arff/.csv file, a named set (emotions, scene) or a synthetic preset (seed-like, seed-like:rows=4000)',
    }),
    test: z
      .string()
      .optional()
      .meta({ help: 'test data file (default: an iterative-stratification split of --data)' }),
    labels: z
      .string()
      .optional()
      .meta({ help: 'label columns: first:N, last:N or name,name,… (default: MULAN XML / MEKA -C)' }),
    impute: z
      .enum(['none', 'mean'])
      .default('none')
      .meta({ help: "missing values: reject them, or fill with the training rows' means" }),
    /** Columns (ARFF attributes) dropped before reading, e.g. identifiers: `id,name` or a list. */
    ignore: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .meta({ help: 'columns/attributes to drop before reading (IDs, free text): name,name,…' }),
    standardize: z.boolean().default(true).meta({
      help: 'scale features with training-row statistics: dense ones standardised, binary/sparse ones divided by their std without centring (--no-standardize)',
    }),
    valFraction: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.1)
      .meta({ help: 'share of training rows held out for validation' }),
    /** Share held out as the test set when no `test` file is given. */
    testFraction: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.2)
      .meta({ help: 'share held out as test when no --test' }),
    // model
    hidden: numberList
      .pipe(z.array(z.number().int().min(1).max(65536)).min(1, 'give at least one hidden layer size'))
      .default([256, 128, 64])
      .meta({ help: 'hidden layer sizes, comma-separated' }),
    activation: perLayer(z.string())
      .default('relu')
      .meta({ help: 'relu | leaky_relu[:a] | elu | selu | tanh | sigmoid | linear, or one per layer' }),
    dropout: perLayer(z.number().min(0).lt(1))
      .default(0)
      .meta({ help: 'dropout rate after each hidden layer, or one per layer' }),
    /** Kernel initialiser of the hidden layers (and of the output layer unless outputInit is set). */
    init: perLayer(z.string()).default('glorot_uniform').meta({
      help: 'kernel initialiser: truncated_normal:STD, glorot_uniform, he_normal, …, or one per layer',
    }),
    biasInit: z.string().default('zeros').meta({ help: 'bias initialiser' }),
    outputInit: z
      .string()
      .optional()
      .meta({ help: 'output layer kernel initialiser (default: as the last hidden layer)' }),
    outputBiasInit: z
      .string()
      .optional()
      .meta({ help: 'output layer bias initialiser (default: --bias-init)' }),
    posWeight: z
      .union([numberList, z.literal('balanced')])
      .optional()
      .meta({ help: "per-label positive weight: 'balanced' or w1,w2,…" }),
    /** Layers whose parameters stay as initialised (`layer2`, `output`, or 1-based numbers). */
    freeze: perLayer(z.string())
      .optional()
      .meta({ help: 'layers left as initialised: layer1,output or 1,2 (for fine-tuning and ablations)' }),
    // optimiser
    optimizer: z.enum(['adam', 'sgd', 'rmsprop']).default('adam').meta({ help: 'optimiser' }),
    lr: z.number().positive().max(100).default(1e-3).meta({ help: 'learning rate' }),
    beta1: z.number().min(0).lt(1).default(0.9).meta({ help: 'Adam β1' }),
    beta2: z.number().min(0).lt(1).default(0.999).meta({ help: 'Adam β2' }),
    epsilon: z.number().positive().default(1e-7).meta({ help: 'Adam/RMSProp ε' }),
    momentum: z.number().min(0).lt(1).default(0).meta({ help: 'SGD/RMSProp momentum' }),
    nesterov: z.boolean().default(false).meta({ help: 'Nesterov momentum for SGD' }),
    rho: z.number().min(0).lt(1).default(0.9).meta({ help: 'RMSProp decay' }),
    weightDecay: z.number().min(0).default(0).meta({ help: 'L2 penalty on kernels' }),
    clipNorm: z.number().min(0).default(0).meta({ help: 'clip gradients by global norm (0 = off)' }),
    // loop
    epochs: z.number().int().min(1).max(1_000_000).default(10).meta({ help: 'epochs' }),
    batchSize: z.number().int().min(1).default(128).meta({ help: 'batch size' }),
    seed: z.number().int().min(0).default(1).meta({ help: 'seed for weights, splits, shuffles and dropout' }),
    /** Stop when validation loss has not improved for this many epochs (0 = never). */
    earlyStop: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ help: 'stop after N epochs without validation-loss improvement (0 = off)' }),
    threshold: z.number().gt(0).lt(1).default(0.5).meta({ help: 'decision threshold on probabilities' }),
    // recording
    probes: z
      .enum(['none', 'light', 'full'])
      .default('full')
      .meta({ help: 'what to record inside the network' }),
    /** Probe every N optimiser steps (0 = once per epoch). */
    probeEvery: z.number().int().min(0).default(0).meta({ help: 'probe every N steps (0 = every epoch)' }),
    probeBatch: z.number().int().min(1).default(512).meta({ help: 'rows in the fixed probe batch' }),
    /** Write the full validation report every N epochs (0 = only the final test report). */
    reportEvery: z.number().int().min(0).default(0).meta({
      help: 'write the full validation report (every metric, per label) to val-reports/epoch-N.json every N epochs (0 = never; the eight logged metrics are computed every epoch)',
    }),
    logdir: z.string().default('runs').meta({ help: 'directory of runs' }),
    name: z.string().optional().meta({ help: 'run name (default: data name and time)' }),
    /** Continue the run LOGDIR/NAME from its last checkpoint. */
    resume: z
      .boolean()
      .default(false)
      .meta({ help: 'continue LOGDIR/NAME from its checkpoint, with its saved configuration' }),
    // engine and doctor
    threads: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .meta({ help: 'ONNX Runtime threads (default: all cores)' }),
    stopOn: z
      .enum(['never', 'fatal', 'warning'])
      .default('never')
      .meta({ help: 'stop when the doctor finds' }),
    doctor: z.boolean().default(true).meta({ help: 'run the doctor live during training (--no-doctor)' }),
  })
  .strict();

export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
export type TrainConfig = z.output<typeof TrainConfigSchema>;

/** Validate a config; the error names the field, what was expected and what was received. */
export function parseTrainConfig(input: unknown, origin = 'config'): TrainConfig {
  const r = TrainConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0];
  throw new UserError(`${origin}: ${describeIssue(issue, input)}`);
}

/** How a flag's text becomes the field's value (zod validates it afterwards). */
export type FieldKind = 'boolean' | 'number' | 'list' | 'text';

export interface ConfigField {
  /** camelCase field name; the flag is its kebab-case (`batchSize` → `--batch-size`). */
  name: string;
  kind: FieldKind;
  help: string;
  /** The allowed values, for enums. */
  choices?: readonly string[];
  /** The default as a user would type it, or undefined when there is none. */
  default?: string;
}

type Def = { type: string; innerType?: z.ZodType; options?: z.ZodType[]; entries?: Record<string, string> };
const defOf = (t: z.ZodType) => (t as unknown as { def: Def }).def;

function unwrap(t: z.ZodType): z.ZodType {
  let d = defOf(t);
  while ((d.type === 'default' || d.type === 'optional') && d.innerType) {
    t = d.innerType;
    d = defOf(t);
  }
  return t;
}

function kindOf(t: z.ZodType): { kind: FieldKind; choices?: readonly string[] } {
  const d = defOf(unwrap(t));
  if (d.type === 'number') return { kind: 'number' };
  if (d.type === 'boolean') return { kind: 'boolean' };
  if (d.type === 'enum') return { kind: 'text', choices: Object.values(d.entries ?? {}) };
  // perLayer(x): one value or a list of them
  if (d.type === 'union' && d.options?.length === 2 && defOf(d.options[1]).type === 'array')
    return { kind: 'list' };
  return { kind: 'text' };
}

function formatDefault(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/** Every field of TrainConfig with its flag kind, help and default, in schema order. */
export function trainConfigFields(): ConfigField[] {
  return Object.entries(TrainConfigSchema.shape).map(([name, t]) => {
    const schema = t as z.ZodType;
    const help = (schema.meta() as { help?: string } | undefined)?.help ?? '';
    const fallback = schema.safeParse(undefined);
    return {
      name,
      ...kindOf(schema),
      help,
      default: fallback.success ? formatDefault(fallback.data) : undefined,
    };
  });
}
