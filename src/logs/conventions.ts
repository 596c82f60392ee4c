/**
 * The naming conventions trainscope understands, as data: one row per way a framework names a
 * tag, mapping it to a role (roles.ts). The first row that matches wins, so specific rows
 * (gradients, normalisation statistics) come before general ones (parameters). Every row
 * carries an example that the tests classify through that very row. A tag no row matches is
 * listed as unknown, never guessed; `--map tag=role` overrides any row.
 *
 * Histograms are matched on the tag as written. Scalars are matched on their words, lowercased
 * and joined by '_' (`Loss/train` → `loss_train`, `valLoss` → `val_loss`), so `val_loss`,
 * `Loss/val`, `loss/validation` and `validation/epoch_loss` all read as the validation loss.
 */
import type { Average, Role, Split } from './roles.js';

export type Convention = 'trainscope' | 'pytorch' | 'keras' | 'tf1' | 'common';

export interface HistogramRow {
  convention: Convention;
  pattern: RegExp;
  /** Named groups of the match (`layer`, `p`) → role. */
  role: (g: Record<string, string>) => Role;
  example: string;
}

export interface ScalarRow {
  convention: Convention;
  /** Matched against the tag's words joined by '_' (see words()), or against the tag as written when `raw`. */
  pattern: RegExp;
  raw?: boolean;
  /** The split given by the tag's own words, or else by its directory (Keras train/ and validation/), or else the default. */
  role: (words: string, split: Split | undefined) => Role;
  example: string;
}

const param = (g: Record<string, string>): Role => {
  const p = g.p.toLowerCase();
  return p.startsWith('w') || p === 'kernel'
    ? { kind: 'weights', layer: g.layer }
    : { kind: 'bias', layer: g.layer };
};
const grad = (g: Record<string, string>): Role => {
  const p = g.p.toLowerCase();
  const of = p.startsWith('w') || p === 'kernel' ? 'weights' : 'bias';
  return { kind: 'gradient', of, layer: g.layer };
};
const activation = (g: Record<string, string>): Role => ({ kind: 'activation', layer: g.layer });
const ours = (): Role => ({ kind: 'trainscope' });
const ignored = (why: string) => (): Role => ({ kind: 'ignored', why });

export const HISTOGRAM_ROWS: readonly HistogramRow[] = [
  // trainscope's own contract: layers are already layer1…, output
  {
    convention: 'trainscope',
    pattern: /^(?<layer>layer\d+|output)\/(?<p>weights|biases)$/,
    role: param,
    example: 'layer1/weights',
  },
  {
    convention: 'trainscope',
    pattern: /^(?<layer>layer\d+|output)\/gradients\/(?<p>weights|biases)$/,
    role: grad,
    example: 'layer2/gradients/biases',
  },
  {
    convention: 'trainscope',
    pattern:
      /^(?:layer\d+|output)\/(?:pre)?activations\/(?:train|inference)_mode$|^output\/(?:logits|probabilities)\//,
    role: ours,
    example: 'output/logits/inference_mode',
  },
  // Keras 3's stock callback: weight.name + '/histogram', one tag shared by every layer,
  // split by the reader into the layers in model order (understand.ts splitShared)
  {
    convention: 'keras',
    pattern: /^(?<p>kernel|bias)\/histogram\[(?<n>\d+)\]$/,
    role: (g) => param({ layer: `layer #${g.n}`, p: g.p }),
    example: 'kernel/histogram[2]',
  },
  // Keras 3 / tf.keras ≥ 2.13 callback: weight.path + '/histogram'
  {
    convention: 'keras',
    pattern: /^(?<layer>.+)\/(?<p>kernel|bias)\/histogram$/,
    role: param,
    example: 'dense_1/kernel/histogram',
  },
  {
    convention: 'keras',
    pattern: /^.+\/(?:gamma|beta|moving_mean|moving_variance)(?:_0|:0)?(?:\/histogram)?$/,
    role: ignored('normalisation layer parameters'),
    example: 'batch_normalization/moving_mean_0',
  },
  // Keras 2.x callback with write_grads: '<weight>_grad'
  {
    convention: 'keras',
    pattern: /^(?<layer>.+)\/(?<p>kernel|bias)(?:_0|:0)?_grad$/,
    role: grad,
    example: 'dense/kernel_0_grad',
  },
  // Keras 2.x callback (weight.name with ':' → '_'), and TF1 tf.layers names without the suffix
  {
    convention: 'keras',
    pattern: /^(?<layer>.+)\/(?<p>kernel|bias)(?:_0|:0)?$/,
    role: param,
    example: 'dense_2/bias_0',
  },
  // Keras 1 / TF1-era callback: a layer's output as '<layer>_out'
  { convention: 'keras', pattern: /^(?<layer>.+)_out$/, role: activation, example: 'dense_1_out' },
  // PyTorch SummaryWriter over model.named_parameters(): 'fc1.weight', grads as 'fc1.weight.grad'
  {
    convention: 'pytorch',
    pattern: /^(?<layer>.+)\.(?<p>weight|bias)[./_]grad$/,
    role: grad,
    example: 'fc1.weight.grad',
  },
  {
    convention: 'pytorch',
    pattern: /^(?:grads?|gradients?)\/(?<layer>.+)\.(?<p>weight|bias)$/,
    role: grad,
    example: 'gradients/layers.0.bias',
  },
  {
    convention: 'pytorch',
    pattern: /^.+\.(?:running_mean|running_var|num_batches_tracked)$/,
    role: ignored('normalisation layer statistics'),
    example: 'bn1.running_var',
  },
  {
    convention: 'pytorch',
    pattern: /^(?:(?:weights|params|parameters)\/)?(?<layer>.+)\.(?<p>weight|bias)$/,
    role: param,
    example: 'net.0.weight',
  },
  {
    convention: 'pytorch',
    pattern: /^(?:act|acts|activation|activations)\/(?<layer>.+)$/,
    role: activation,
    example: 'act/fc1',
  },
  // TF1 tutorials and slim: 'scope/weights', 'scope/biases', 'scope/activations', gradients beside them
  {
    convention: 'tf1',
    pattern: /^(?<layer>.+)\/(?:gradients?|grads?)\/(?<p>weights|biases|kernel|bias|W|b)$/,
    role: grad,
    example: 'hidden1/gradients/weights',
  },
  {
    convention: 'tf1',
    pattern: /^(?<layer>.+)\/(?<p>weights|biases|W|b)$/,
    role: param,
    example: 'hidden1/weights',
  },
  {
    convention: 'tf1',
    pattern: /^(?<layer>.+)\/(?:activations?|relu|act)$/,
    role: activation,
    example: 'hidden2/activations',
  },
  {
    convention: 'tf1',
    pattern: /^.+\/pre_?activations$/,
    role: ignored('pre-activations are not read yet'),
    example: 'hidden1/pre_activations',
  },
  // the network's outputs, by the names people give them
  {
    convention: 'common',
    pattern: /^(?:outputs?|predictions?|preds|probs|probabilities|sigmoid|y_?pred)$/i,
    role: () => ({ kind: 'outputs', what: 'probabilities' }),
    example: 'outputs',
  },
  {
    convention: 'common',
    pattern: /^logits$/i,
    role: () => ({ kind: 'outputs', what: 'logits' }),
    example: 'logits',
  },
];

const VAL_WORDS = /(?:^|_)(?:val|valid|validation|eval|evaluation|test|dev|holdout)(?:_|$)/;
const TRAIN_WORDS = /(?:^|_)(?:train|training)(?:_|$)/;

/** The split a scalar's own words name, if any. */
export function splitOfWords(w: string): Split | undefined {
  if (VAL_WORDS.test(w)) return 'val';
  if (TRAIN_WORDS.test(w)) return 'train';
  return undefined;
}

const averageOf = (w: string): Average | undefined =>
  /(?:^|_)macro(?:_|$)/.test(w) ? 'macro' : /(?:^|_)micro(?:_|$)/.test(w) ? 'micro' : undefined;

const metric =
  (name: string) =>
  (w: string, split: Split | undefined): Role => {
    const average = averageOf(w);
    // A metric without a split is most often logged on held-out data; and for the doctor's use
    // (ranking at chance means no learning) either split is evidence.
    return {
      kind: 'metric',
      metric: name,
      split: splitOfWords(w) ?? split ?? 'val',
      ...(average ? { average } : {}),
    };
  };

export const SCALAR_ROWS: readonly ScalarRow[] = [
  {
    convention: 'trainscope',
    raw: true,
    pattern:
      /^(?:loss\/(?:train|val)|metrics\/val\/.+|train\/(?:learning_rate|epoch_seconds|nan_count|inf_count)|(?:layer\d+|output|input)\/.+)$/,
    role: ours,
    example: 'loss/train',
  },
  {
    convention: 'pytorch',
    pattern: /^(?:hparam_.+|hp_metric)$/,
    role: ignored('a copy of a final value for the hparams dashboard'),
    example: 'hparam/val_loss',
  },
  {
    convention: 'keras',
    pattern: /^batch_|_vs_iterations$/,
    role: ignored('per-batch values, on another step axis than the epochs'),
    example: 'evaluation_loss_vs_iterations',
  },
  {
    convention: 'common',
    pattern: /(?:^|_)(?:lr|learning_rate|learningrate)(?:_|$)/,
    role: () => ({ kind: 'learning_rate' }),
    example: 'epoch_learning_rate',
  },
  {
    convention: 'common',
    pattern: /(?:^|_)(?:[a-z]*(?:loss|losses|xent|xentropy|crossentropy)|entropy|bce|nll)(?:_|$)/,
    role: (w, split) => ({ kind: 'loss', split: splitOfWords(w) ?? split ?? 'train' }),
    example: 'Loss/val',
  },
  {
    convention: 'common',
    pattern: /(?:^|_)(?:pr_auc|auc_pr|auprc|auc_precision_recall|average_precision)(?:_|$)/,
    role: metric('average_precision'),
    example: 'auc_precision_recall',
  },
  {
    convention: 'common',
    pattern: /(?:^|_)(?:roc_)?(?:auc|auroc|rocauc)(?:_roc)?(?:_|$)/,
    role: metric('auc'),
    example: 'AUC/val_macro',
  },
  {
    convention: 'common',
    pattern: /(?:^|_)(?:binary_accuracy|accuracy|acc)(?:_|$)/,
    role: metric('accuracy'),
    example: 'val_binary_accuracy',
  },
  {
    convention: 'common',
    pattern: /(?:^|_)precision(?:_|$)/,
    role: metric('precision'),
    example: 'val_precision',
  },
  { convention: 'common', pattern: /(?:^|_)recall(?:_|$)/, role: metric('recall'), example: 'Recall/val' },
  { convention: 'common', pattern: /(?:^|_)f1(?:_score)?(?:_|$)/, role: metric('f1'), example: 'f1_micro' },
];

/** A scalar tag's words, lowercased, joined by '_': `Loss/train` → `loss_train`, `valAUC` → `val_auc`. */
export function words(tag: string): string {
  return tag
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('_');
}

export interface Match {
  role: Role;
  convention: Convention;
}

export function classifyHistogram(
  tag: string,
  rows: readonly HistogramRow[] = HISTOGRAM_ROWS,
): Match | undefined {
  for (const row of rows) {
    const m = row.pattern.exec(tag);
    if (m) return { role: row.role(m.groups ?? {}), convention: row.convention };
  }
  return undefined;
}

export function classifyScalar(
  tag: string,
  dirSplit: Split | undefined,
  rows: readonly ScalarRow[] = SCALAR_ROWS,
): Match | undefined {
  const w = words(tag);
  for (const row of rows) {
    if (row.pattern.test(row.raw ? tag : w))
      return { role: row.role(w, dirSplit), convention: row.convention };
  }
  return undefined;
}
