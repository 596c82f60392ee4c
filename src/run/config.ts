import { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Everything a training run can be told, flat, as a user writes it (flags, a YAML/JSON config
 * file, an experiment axis). Defaults make `--hidden 256,128,64` alone train something
 * sensible; every knob is reachable. `resolveSpec` (model/resolve.ts) turns this into a ModelSpec.
 * Per-layer knobs (activation, dropout, init) take one value for all hidden layers or a list.
 */
const perLayer = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t).min(1)]);
const numberList = z.union([
  z.array(z.number()),
  z.string().transform((s, ctx) => {
    const parts = s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
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
    data: z.string().default('seed-like'),
    test: z.string().optional(),
    labels: z.string().optional(),
    impute: z.enum(['none', 'mean']).default('none'),
    /** Columns (ARFF attributes) dropped before reading, e.g. identifiers: `id,name` or a list. */
    ignore: z.union([z.string(), z.array(z.string())]).optional(),
    standardize: z.boolean().default(true),
    valFraction: z.number().min(0).max(0.5).default(0.1),
    /** Share held out as the test set when no `test` file is given. */
    testFraction: z.number().min(0).max(0.5).default(0.2),
    // model
    hidden: numberList.pipe(z.array(z.number().int().min(1).max(65536))).default([256, 128, 64]),
    activation: perLayer(z.string()).default('relu'),
    dropout: perLayer(z.number().min(0).lt(1)).default(0),
    /** Kernel initialiser of the hidden layers (and of the output layer unless outputInit is set). */
    init: perLayer(z.string()).default('glorot_uniform'),
    biasInit: z.string().default('zeros'),
    outputInit: z.string().optional(),
    outputBiasInit: z.string().optional(),
    posWeight: z.union([numberList, z.literal('balanced')]).optional(),
    // optimiser
    optimizer: z.enum(['adam', 'sgd', 'rmsprop']).default('adam'),
    lr: z.number().positive().max(100).default(1e-3),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    epsilon: z.number().positive().default(1e-7),
    momentum: z.number().min(0).lt(1).default(0),
    nesterov: z.boolean().default(false),
    rho: z.number().min(0).lt(1).default(0.9),
    weightDecay: z.number().min(0).default(0),
    clipNorm: z.number().min(0).default(0),
    // loop
    epochs: z.number().int().min(1).max(1_000_000).default(10),
    batchSize: z.number().int().min(1).default(128),
    seed: z.number().int().min(0).default(1),
    /** Stop when validation loss has not improved for this many epochs (0 = never). */
    earlyStop: z.number().int().min(0).default(0),
    threshold: z.number().gt(0).lt(1).default(0.5),
    // recording
    probes: z.enum(['none', 'light', 'full']).default('full'),
    /** Probe every N optimiser steps (0 = once per epoch). */
    probeEvery: z.number().int().min(0).default(0),
    probeBatch: z.number().int().min(1).default(512),
    /** Write the full validation report every N epochs (0 = only the final test report). */
    reportEvery: z.number().int().min(0).default(0),
    logdir: z.string().default('runs'),
    name: z.string().optional(),
    /** Continue the run LOGDIR/NAME from its last checkpoint. */
    resume: z.boolean().default(false),
    // engine and doctor
    threads: z.number().int().min(1).optional(),
    stopOn: z.enum(['never', 'fatal', 'warning']).default('never'),
    doctor: z.boolean().default(true),
  })
  .strict();

export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
export type TrainConfig = z.output<typeof TrainConfigSchema>;

/** Validate a config; the error names the field, what was expected and what was received. */
export function parseTrainConfig(input: unknown, origin = 'config'): TrainConfig {
  const r = TrainConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0];
  const field = issue.path.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    throw new UserError(`${origin}: unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`);
  }
  throw new UserError(`${origin}: field '${field}': ${issue.message}`);
}
