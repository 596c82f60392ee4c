/**
 * What a tag means to the doctor, whatever the framework called it: the weights, bias, gradient
 * or activations of a layer (named as the log names it), the network's outputs, a loss, a metric.
 * Roles are plain data; `parseRole`/`formatRole` are the spelling a user types in `--map tag=role`.
 */
import { UserError } from '../errors.js';

export type Split = 'train' | 'val';
export type Average = 'macro' | 'micro';

export type Role =
  | { kind: 'weights'; layer: string }
  | { kind: 'bias'; layer: string }
  | { kind: 'gradient'; of: 'weights' | 'bias'; layer: string }
  | { kind: 'activation'; layer: string }
  | { kind: 'outputs'; what: 'probabilities' | 'logits' }
  | { kind: 'loss'; split: Split }
  | { kind: 'metric'; metric: string; split: Split; average?: Average }
  | { kind: 'learning_rate' }
  /** A tag of trainscope's own contract, read as it is. */
  | { kind: 'trainscope' }
  /** Understood, and deliberately not used (hparams copies, per-batch values, normalisation statistics). */
  | { kind: 'ignored'; why: string };

export type RoleKind = Role['kind'];

/** The roles that sit on a layer. */
export function layerOf(role: Role): string | undefined {
  return 'layer' in role ? role.layer : undefined;
}

/** The spelling used in `--map` and in listings: `weights:fc1`, `val-loss`, `val-auc-macro`, `ignore`. */
export function formatRole(r: Role): string {
  switch (r.kind) {
    case 'weights':
    case 'bias':
    case 'activation':
      return `${r.kind}:${r.layer}`;
    case 'gradient':
      return `${r.of === 'weights' ? 'gradient' : 'bias-gradient'}:${r.layer}`;
    case 'outputs':
      return r.what === 'logits' ? 'logits' : 'outputs';
    case 'loss':
      return `${r.split}-loss`;
    case 'metric':
      return `${r.split}-${r.metric}${r.average ? `-${r.average}` : ''}`;
    case 'learning_rate':
      return 'learning-rate';
    case 'trainscope':
      return 'trainscope';
    case 'ignored':
      return 'ignore';
  }
}

export const ROLE_HELP =
  'weights:LAYER, bias:LAYER, gradient:LAYER, bias-gradient:LAYER, activation:LAYER, outputs, logits, ' +
  'train-loss, val-loss, train-METRIC or val-METRIC (e.g. val-auc, val-auc-macro, val-auc-micro, val-accuracy), ' +
  'learning-rate, ignore';

/** Parse one role as typed after `--map TAG=`; `what` names the flag for the error. */
export function parseRole(text: string, what: string): Role {
  const s = text.trim();
  const layered = /^(weights|bias|gradient|bias-gradient|activation):(.+)$/.exec(s);
  if (layered) {
    const layer = layered[2];
    switch (layered[1]) {
      case 'weights':
        return { kind: 'weights', layer };
      case 'bias':
        return { kind: 'bias', layer };
      case 'gradient':
        return { kind: 'gradient', of: 'weights', layer };
      case 'bias-gradient':
        return { kind: 'gradient', of: 'bias', layer };
      default:
        return { kind: 'activation', layer };
    }
  }
  if (s === 'outputs' || s === 'probabilities') return { kind: 'outputs', what: 'probabilities' };
  if (s === 'logits') return { kind: 'outputs', what: 'logits' };
  if (s === 'learning-rate' || s === 'lr') return { kind: 'learning_rate' };
  if (s === 'ignore') return { kind: 'ignored', why: 'ignored with --map' };
  const split = /^(train|val)-(.+)$/.exec(s);
  if (split) {
    const sp = split[1] as Split;
    if (split[2] === 'loss') return { kind: 'loss', split: sp };
    const m = /^([a-z0-9_]+?)(?:-(macro|micro))?$/.exec(split[2]);
    if (m) return { kind: 'metric', metric: m[1], split: sp, ...(m[2] ? { average: m[2] as Average } : {}) };
  }
  throw new UserError(`${what}: unknown role '${text}' (expected one of: ${ROLE_HELP})`);
}

/** `--map TAG=ROLE` values, each checked; a tag given twice is an error. */
export function parseRoleMap(values: readonly string[]): Map<string, Role> {
  const out = new Map<string, Role>();
  for (const v of values) {
    const eq = v.lastIndexOf('=');
    if (eq <= 0 || eq === v.length - 1)
      throw new UserError(`--map ${v}: expected TAG=ROLE (e.g. --map 'fc_last.weight=weights:out')`);
    const tag = v.slice(0, eq);
    if (out.has(tag)) throw new UserError(`--map: tag '${tag}' given twice`);
    out.set(tag, parseRole(v.slice(eq + 1), `--map ${v}`));
  }
  return out;
}
