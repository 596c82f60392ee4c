/**
 * What each recorded tag means, for card captions and y-axis titles (the tag contract is in
 * src/run/tags.ts; the definitions of dead and saturated are those of src/run/layer-stats.ts).
 */
interface Help {
  /** y-axis title */
  axis: string;
  /** One line under the chart title: what exactly is counted. */
  text: string;
}

const MODE: Record<string, string> = {
  train_mode: 'training mode (dropout on)',
  inference_mode: 'inference mode (dropout off)',
};

const RULES: [RegExp, (m: RegExpExecArray) => Help][] = [
  [
    /^loss\/train$/,
    () => ({ axis: 'loss', text: 'sigmoid cross-entropy, mean over the epoch’s batches (dropout on)' }),
  ],
  [
    /^loss\/val$/,
    () => ({ axis: 'loss', text: 'sigmoid cross-entropy on the validation rows, inference mode' }),
  ],
  [
    /^metrics\/val\/(.+)$/,
    (m) => ({
      axis: m[1].replace(/_/g, ' '),
      text: `validation ${m[1].replace(/_/g, ' ')} after each epoch (ROC AUC: 0.5 = chance)`,
    }),
  ],
  [/^train\/learning_rate$/, () => ({ axis: 'learning rate', text: 'learning rate of each epoch' })],
  [
    /^train\/epoch_seconds$/,
    () => ({ axis: 'seconds', text: 'wall time of each epoch: steps, validation and probes' }),
  ],
  [
    /^train\/(nan|inf)_count$/,
    (m) => ({ axis: 'count', text: `steps whose loss was ${m[1] === 'nan' ? 'NaN' : '±Inf'} in the epoch` }),
  ],
  [
    /^(\w+)\/weights\/std_vs_glorot$/,
    (m) => ({
      axis: '× Glorot std',
      text: `${m[1]}’s weight std divided by the Glorot std for its fan-in and fan-out (about 1 is the usual scale)`,
    }),
  ],
  [
    /^(\w+)\/weights\/std_vs_he$/,
    (m) => ({ axis: '× He std', text: `${m[1]}’s weight std divided by the He std for its fan-in` }),
  ],
  [
    /^(\w+)\/(weights|biases)\/change_since_init$/,
    (m) => ({
      axis: 'relative change',
      text: `‖W − W₀‖ / ‖W₀‖ of ${m[1]}’s ${m[2]}: how far they moved since step 0 (0.1 = 10%)`,
    }),
  ],
  [
    /^(\w+)\/(weights|biases)\/update_ratio$/,
    (m) => ({
      axis: 'relative change',
      text: `‖W − W_prev‖ / ‖W_prev‖ of ${m[1]}’s ${m[2]} since the previous probe`,
    }),
  ],
  [
    /^(\w+)\/(weights|biases)\/(mean|std|min|max|norm)$/,
    (m) => ({ axis: m[3], text: `${m[3]} of ${m[1]}’s ${m[2]}` }),
  ],
  [
    /^(\w+)\/preactivations\/(\w+)\/std$/,
    (m) => ({
      axis: 'std',
      text: `std of ${m[1]}’s pre-activations on the probe batch, ${MODE[m[2]] ?? m[2]}`,
    }),
  ],
  [
    /^(\w+)\/dead_fraction\/(\w+)$/,
    (m) => ({
      axis: 'share of units',
      text: `share of ${m[1]}’s units inactive (ReLU: output 0) for every probe sample, ${MODE[m[2]] ?? m[2]}: a dead unit passes nothing`,
    }),
  ],
  [
    /^(\w+)\/saturated_fraction\/(\w+)$/,
    (m) => ({
      axis: 'share of values',
      text: `share of ${m[1]}’s pre-activation values in the activation’s flat region, ${MODE[m[2]] ?? m[2]}. ReLU: x ≤ 0, i.e. the unit outputs 0 for that sample — about half is normal; sigmoid |x| > 5, tanh |x| > 3`,
    }),
  ],
  [
    /^(\w+)\/gradients\/(weights|biases)\/norm$/,
    (m) => ({
      axis: 'norm',
      text: `norm of ${m[1]}’s ${m[2]} gradient (with Adam: its average over the last ≈10 steps)`,
    }),
  ],
  [
    /^output\/mean_abs_logit$/,
    () => ({
      axis: 'mean |logit|',
      text: 'mean |logit| on the probe batch: healthy about 1–5; 10³ saturates every sigmoid',
    }),
  ],
  [
    /^output\/saturated_high$/,
    () => ({ axis: 'share of outputs', text: 'share of sigmoid outputs above 0.99 on the probe batch' }),
  ],
  [
    /^output\/saturated_low$/,
    () => ({
      axis: 'share of outputs',
      text: 'share of sigmoid outputs below 0.01 on the probe batch (rare labels sit here legitimately)',
    }),
  ],
  [
    /^output\/exact_0_or_1$/,
    () => ({
      axis: 'share of outputs',
      text: 'share of float32 sigmoid outputs exactly 0.0 or 1.0. It falls again after a collapse, when the logits shrink to the output bias — see output/constant_label_share',
    }),
  ],
  [
    /^output\/constant_label_share$/,
    () => ({
      axis: 'share of labels',
      text: 'derived by the board: share of labels predicted the same for every probe sample (positive rate exactly 0 or 1); 1 = every output is constant, the collapse',
    }),
  ],
  [
    /^output\/positive_rate\/(.+)$/,
    (m) => ({
      axis: 'share predicted positive',
      text: `share of probe samples predicted positive for ${m[1]}; exactly 0 or 1 = the prediction is the same for every sample`,
    }),
  ],
  [
    /^output\/prevalence\/(.+)$/,
    (m) => ({ axis: 'share positive', text: `share of probe samples truly positive for ${m[1]}` }),
  ],
  [
    /^output\/spread\/(.+)$/,
    (m) => ({
      axis: 'logit std',
      text: `std of ${m[1]}’s logit across probe samples; ≈ 0 = the output no longer depends on the input`,
    }),
  ],
  [
    /^output\/bias\/(.+)$/,
    (m) => ({ axis: 'bias', text: `output bias of ${m[1]}; after a collapse the prediction is its sign` }),
  ],
  [
    /^input\/rms$/,
    () => ({
      axis: 'rms',
      text: 'root mean square of the inputs as the model sees them (≈ 1 when standardised)',
    }),
  ],
  [/^input\/max_std$/, () => ({ axis: 'std', text: 'largest per-feature std of the inputs' })],
  [/^input\/max_abs_mean$/, () => ({ axis: '|mean|', text: 'largest per-feature |mean| of the inputs' })],
  // histograms
  [/^(\w+)\/(weights|biases)$/, (m) => ({ axis: m[2], text: `${m[1]}’s ${m[2]}` })],
  [
    /^(\w+)\/preactivations\/(\w+)$/,
    (m) => ({
      axis: 'pre-activation',
      text: `${m[1]}’s pre-activations on the probe batch, ${MODE[m[2]] ?? m[2]}`,
    }),
  ],
  [
    /^(\w+)\/activations\/(\w+)$/,
    (m) => ({ axis: 'activation', text: `${m[1]}’s activations on the probe batch, ${MODE[m[2]] ?? m[2]}` }),
  ],
  [
    /^(\w+)\/gradients\/(weights|biases)$/,
    (m) => ({ axis: 'gradient', text: `gradient of ${m[1]}’s ${m[2]}` }),
  ],
  [
    /^output\/logits\/(\w+)$/,
    (m) => ({ axis: 'logit', text: `logits on the probe batch, ${MODE[m[1]] ?? m[1]}` }),
  ],
  [
    /^output\/probabilities\/(\w+)$/,
    (m) => ({ axis: 'probability', text: `sigmoid outputs on the probe batch, ${MODE[m[1]] ?? m[1]}` }),
  ],
];

export function tagHelp(tag: string): Help | null {
  for (const [re, f] of RULES) {
    const m = re.exec(tag);
    if (m) return f(m);
  }
  return null;
}
