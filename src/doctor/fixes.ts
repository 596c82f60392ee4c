import { formatInit, recommendedInit } from '../model/initializers.js';
import type { Activation } from '../model/spec.js';
import type { Cause, Finding, RunContext } from './types.js';

type Fix = Finding['fix'];

/** The hidden activation of the run (first hidden layer), for choosing an initialiser. */
function hiddenActivation(ctx: RunContext): Activation {
  const fromSpec = ctx.spec?.hidden[0]?.activation;
  if (fromSpec) return fromSpec;
  const a = ctx.config?.activation;
  const name = String(Array.isArray(a) ? a[0] : (a ?? 'relu')).split(':')[0];
  return (name === 'leakyrelu' ? 'leaky_relu' : name) as Activation;
}

export function initFix(ctx: RunContext): Fix {
  const init = formatInit(recommendedInit(hiddenActivation(ctx)));
  return {
    text: `--init ${init} --output-init glorot_uniform`,
    config: { init, outputInit: 'glorot_uniform' },
  };
}

function lrOf(ctx: RunContext): number | undefined {
  const lr = ctx.config?.lr ?? ctx.spec?.optimizer.lr;
  return typeof lr === 'number' ? lr : undefined;
}

export function lrFix(ctx: RunContext, factor: number): Fix {
  const lr = lrOf(ctx);
  if (lr === undefined)
    return { text: factor < 1 ? 'lower the learning rate 10×' : 'raise the learning rate 10×' };
  const next = Number((lr * factor).toPrecision(3));
  return { text: `--lr ${next}`, config: { lr: next } };
}

/** The configuration change that addresses a cause. */
export function fixFor(cause: Cause, ctx: RunContext): Fix {
  switch (cause) {
    case 'initialisation':
      return initFix(ctx);
    case 'bias_initialisation':
      return { text: '--bias-init zeros', config: { biasInit: 'zeros', outputBiasInit: 'zeros' } };
    case 'learning_rate_high':
      return lrFix(ctx, 0.1);
    case 'learning_rate_low':
      return lrFix(ctx, 10);
    case 'inputs':
      return { text: '--standardize (scale every feature to mean 0, std 1)', config: { standardize: true } };
    case 'imbalance':
      return {
        text: '--pos-weight balanced (or tune a per-label threshold on validation data)',
        config: { posWeight: 'balanced' },
      };
    case 'overfitting':
      return { text: '--early-stop 5 (or --dropout 0.3, --weight-decay 1e-4)', config: { earlyStop: 5 } };
    case 'numerics':
      return { text: '--clip-norm 1 and a lower learning rate', config: { clipNorm: 1 } };
    case 'activation':
      return { text: '--activation leaky_relu', config: { activation: 'leaky_relu' } };
    case 'dropout':
      return { text: '--dropout 0', config: { dropout: 0 } };
    case 'frozen_layer':
      return {
        text: "make the layer's parameters trainable and give them to the optimiser (PyTorch: requires_grad=True; Keras: trainable=True), unless freezing it was intended",
      };
    case 'labels':
      return {
        text: "check that label's column (shuffled, misaligned with the rows, or noise); if it is right, the inputs carry no signal for it",
      };
    case 'loss_weighting':
      return {
        text: "--pos-weight balanced (or smaller weights), or pick each label's threshold on validation data",
        config: { posWeight: 'balanced' },
      };
    default:
      return { text: 'see the other findings' };
  }
}
