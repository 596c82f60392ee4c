import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import type { TrainConfigInput } from '../run/config.js';
import { camelCase, readConfigFile } from './config-file.js';

/**
 * Every TrainConfig field is a flag (`--batch-size 128` ↔ `batchSize: 128`). The table says how
 * to turn the flag's text into the field's value; zod then validates the result.
 */
type Kind = 'string' | 'number' | 'boolean' | 'numbers' | 'strings-or-one' | 'numbers-or-one';
export const TRAIN_FIELDS: Record<string, { kind: Kind; help: string }> = {
  data: {
    kind: 'string',
    help: 'training data: a .arff/.csv file or a synthetic preset (seed-like, seed-like:rows=4000)',
  },
  test: { kind: 'string', help: 'test data file (default: an iterative-stratification split of --data)' },
  labels: {
    kind: 'string',
    help: 'label columns: first:N, last:N or name,name,… (default: MULAN XML / MEKA -C)',
  },
  impute: { kind: 'string', help: "missing values: 'none' (reject) or 'mean'" },
  ignore: { kind: 'string', help: 'columns/attributes to drop before reading (IDs, free text): name,name,…' },
  standardize: {
    kind: 'boolean',
    help: 'scale features with training-row statistics: dense ones standardised, binary/sparse ones divided by their std without centring (default on; --no-standardize)',
  },
  valFraction: { kind: 'number', help: 'share of training rows held out for validation (0.1)' },
  testFraction: { kind: 'number', help: 'share held out as test when no --test (0.2)' },
  hidden: { kind: 'numbers', help: 'hidden layer sizes (256,128,64)' },
  activation: {
    kind: 'strings-or-one',
    help: 'relu | leaky_relu[:a] | elu | selu | tanh | sigmoid | linear, or one per layer',
  },
  dropout: { kind: 'numbers-or-one', help: 'dropout rate after each hidden layer (0), or one per layer' },
  init: {
    kind: 'strings-or-one',
    help: 'kernel initialiser: truncated_normal:STD, glorot_uniform, he_normal, … (glorot_uniform)',
  },
  biasInit: { kind: 'string', help: 'bias initialiser (zeros)' },
  outputInit: { kind: 'string', help: 'output layer kernel initialiser (default: as the last hidden layer)' },
  outputBiasInit: { kind: 'string', help: 'output layer bias initialiser (default: --bias-init)' },
  posWeight: { kind: 'string', help: "per-label positive weight: 'balanced' or w1,w2,…" },
  optimizer: { kind: 'string', help: 'adam | sgd | rmsprop (adam)' },
  lr: { kind: 'number', help: 'learning rate (1e-3)' },
  beta1: { kind: 'number', help: 'Adam β1 (0.9)' },
  beta2: { kind: 'number', help: 'Adam β2 (0.999)' },
  epsilon: { kind: 'number', help: 'Adam/RMSProp ε (1e-7)' },
  momentum: { kind: 'number', help: 'SGD/RMSProp momentum (0)' },
  nesterov: { kind: 'boolean', help: 'Nesterov momentum for SGD' },
  rho: { kind: 'number', help: 'RMSProp decay (0.9)' },
  weightDecay: { kind: 'number', help: 'L2 penalty on kernels (0)' },
  clipNorm: { kind: 'number', help: 'clip gradients by global norm (0 = off)' },
  epochs: { kind: 'number', help: 'epochs (10)' },
  batchSize: { kind: 'number', help: 'batch size (128)' },
  seed: { kind: 'number', help: 'seed for weights, splits, shuffles and dropout (1)' },
  earlyStop: { kind: 'number', help: 'stop after N epochs without validation-loss improvement (0 = off)' },
  threshold: { kind: 'number', help: 'decision threshold on probabilities (0.5)' },
  probes: { kind: 'string', help: 'what to record inside the network: none | light | full (full)' },
  probeEvery: { kind: 'number', help: 'probe every N steps (0 = every epoch)' },
  reportEvery: {
    kind: 'number',
    help: 'write the full validation report (every metric, per label) to val-reports/epoch-N.json every N epochs (0 = never; the eight logged metrics are computed every epoch)',
  },
  probeBatch: { kind: 'number', help: 'rows in the fixed probe batch (512)' },
  logdir: { kind: 'string', help: 'directory of runs (runs)' },
  name: { kind: 'string', help: 'run name (default: data name and time)' },
  resume: { kind: 'boolean', help: 'continue LOGDIR/NAME from its last checkpoint' },
  threads: { kind: 'number', help: 'ONNX Runtime threads (default: all cores)' },
  stopOn: { kind: 'string', help: 'stop when the doctor finds: never | fatal | warning (never)' },
  doctor: { kind: 'boolean', help: 'run the doctor live during training (default on; --no-doctor)' },
};

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function convert(field: string, kind: Kind, text: string): unknown {
  const num = (s: string) => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v))
      throw new UserError(`--${kebab(field)}: expected a number, got '${s}'`);
    return v;
  };
  switch (kind) {
    case 'string':
    case 'numbers':
      return text;
    case 'number':
      return num(text);
    case 'boolean':
      return text !== 'false';
    case 'strings-or-one': {
      const parts = text.split(',').map((s) => s.trim());
      return parts.length === 1 ? parts[0] : parts;
    }
    case 'numbers-or-one': {
      const parts = text.split(',').map(num);
      return parts.length === 1 ? parts[0] : parts;
    }
  }
}

export interface ParsedTrainArgs {
  config: TrainConfigInput;
  /** Flags that are not training fields (command-specific), by their camelCase name. */
  extra: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parse training flags (plus a command's own `extraFlags`); a `--config FILE` is read first and
 * flags override it.
 */
export function parseTrainArgs(
  argv: string[],
  extraFlags: Record<string, { type: 'string' | 'boolean'; short?: string }> = {},
): ParsedTrainArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    config: { type: 'string' },
    ...extraFlags,
  };
  for (const [field, { kind }] of Object.entries(TRAIN_FIELDS)) {
    options[kebab(field)] = { type: kind === 'boolean' ? 'boolean' : 'string' };
    if (kind === 'boolean') options[`no-${kebab(field)}`] = { type: 'boolean' };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError((e as Error).message.split('\n')[0].replace(/^Unknown option/, 'unknown option'));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const fromFile = typeof values.config === 'string' ? readConfigFile(values.config) : {};
  const config: Record<string, unknown> = { ...fromFile };
  for (const [field, { kind }] of Object.entries(TRAIN_FIELDS)) {
    const v = values[kebab(field)];
    if (kind === 'boolean') {
      if (values[`no-${kebab(field)}`]) config[field] = false;
      else if (v !== undefined) config[field] = v;
    } else if (typeof v === 'string') config[field] = convert(field, kind, v);
  }
  const extra: Record<string, string | boolean | undefined> = {};
  for (const k of Object.keys(extraFlags)) extra[camelCase(k)] = values[k];
  return { config: config as TrainConfigInput, extra, positionals: parsed.positionals };
}

export function trainFlagsHelp(): string {
  return Object.entries(TRAIN_FIELDS)
    .map(([f, { kind, help }]) => `  --${kebab(f)}${kind === 'boolean' ? '' : ' VALUE'}`.padEnd(28) + help)
    .join('\n');
}
