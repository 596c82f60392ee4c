import { DataError, type Dataset } from './dataset.js';
import { generateGaussian } from './synthetic-gaussian.js';
import { generateText } from './synthetic-text.js';
import { generateWordcounts } from './synthetic-wordcounts.js';

/**
 * Seeded synthetic multi-label data, so trainscope runs (and reproduces the story) with no file.
 *
 * Two generators, both sized by rows, features, labels, density and seed:
 *
 * - `gaussian` — standardised Gaussian features driven by Q latent factors (default 16).
 *   z ~ N(0, I_Q) per row; feature j = √½·(a_j·z) + √½·noise with unit a_j, so every feature is
 *   exactly N(0, 1) (mean 0, std 1: the scale a standardised real data set has). Label k scores
 *   u_k·z + 0.7·z_p·z_q + 0.5·noise (a linear part plus a pairwise product no linear model sees)
 *   and is 1 for the top r_k share of rows, r_k spread over [0.6d, 1.4d] around the density d,
 *   so the label density is d up to rounding and labels are correlated through shared factors.
 *   Extra knob: `factors`.
 *
 * - `wordcounts` — scikit-learn's make_multilabel_classification process: class priors and
 *   per-class word distributions drawn U(0,1) and normalised; per row a Poisson number of labels
 *   (rate solved so the density is d, rows with 0 labels allowed), distinct classes drawn from
 *   the priors, a Poisson(length) number of words (default 50) from the mixture of the chosen
 *   classes' word distributions. Features are raw word counts (non-negative integers, mean
 *   length/F per feature: 0.5 for 100 features), unscaled. Extra knob: `length`.
 *
 * Presets (each key overridable: `seed-like:rows=4000,features=100,seed=3`):
 *   seed-like   wordcounts, 22,000 rows × 100 features, 6 labels, density 0.34, length 50, seed 1
 *   gaussian    gaussian, 22,000 rows × 294 features, 6 labels, density 0.34, 16 factors, seed 1
 *   wordcounts  the same defaults as seed-like
 *   text-like   text (synthetic-text.ts: sparse CSR bag of words, Zipf vocabulary and Zipf
 *               label prevalence), 100,000 rows × 2,000 features, 1,000 labels, density 0.0035
 *               (3.5 labels per row), length 40, seed 1: the shape of text-scale benchmarks
 *
 * Why `seed-like` is the word-count kind: it is the data on which the PyTorch reproduction of
 * the story (DESIGN.md) showed the whole story table, and it shows it in trainscope too
 * (measured, Adam lr 3e-4, 40 epochs, raw counts, `--no-standardize`): std-1 init + dropout 0.5
 * collapses (ROC AUC macro 0.500, constant outputs), std-1 without dropout still learns (AUC
 * micro 0.74 and rising), Glorot learns best (0.90), with dropout ahead of no dropout once the
 * latter overfits. On standardised inputs (either kind) a compressed schedule kills the
 * last hidden layer without dropout too, so the with/without-dropout contrast is lost. Word
 * counts are small (mean 0.5 per feature), so the doctor does not call them unscaled.
 * Generating 22,000 × 100 takes about 0.1 s (gaussian 22,000 × 294: 0.4 s).
 *
 * Difficulty (measured, 12,000 rows, ridge-regression scores on standardised features, test
 * ROC AUC per label): gaussian 0.84–0.87, wordcounts 0.81–0.87. Learnable, not trivial, and the
 * gaussian product term leaves room for a non-linear model to beat a linear one.
 */
export type SyntheticKind = 'gaussian' | 'wordcounts' | 'text';

export interface SyntheticOptions {
  kind?: SyntheticKind;
  rows?: number;
  features?: number;
  labels?: number;
  density?: number;
  seed?: number;
  /** gaussian only: number of latent factors (default 16). */
  factors?: number;
  /** wordcounts only: mean words per row (default 50). */
  length?: number;
  /** The name to record in `source` (a preset name); defaults to the kind. */
  name?: string;
}

const COMMON = { rows: 22_000, labels: 6, density: 0.34, seed: 1 };
const DEFAULTS: Record<SyntheticKind, Required<Omit<SyntheticOptions, 'kind' | 'name'>>> = {
  gaussian: { ...COMMON, features: 294, factors: 16, length: 0 },
  wordcounts: { ...COMMON, features: 100, factors: 0, length: 50 },
  text: { rows: 100_000, features: 2000, labels: 1000, density: 0.0035, seed: 1, factors: 0, length: 40 },
};
const KEYS: Record<SyntheticKind, string[]> = {
  gaussian: ['rows', 'features', 'labels', 'density', 'seed', 'factors'],
  wordcounts: ['rows', 'features', 'labels', 'density', 'seed', 'length'],
  text: ['rows', 'features', 'labels', 'density', 'seed', 'length'],
};

/** Preset name → generator kind. */
export const PRESETS: Record<string, SyntheticKind> = {
  'seed-like': 'wordcounts',
  gaussian: 'gaussian',
  wordcounts: 'wordcounts',
  'text-like': 'text',
};

export function generateSynthetic(opts: SyntheticOptions = {}): Dataset {
  const kind = opts.kind ?? 'gaussian';
  const o = { ...DEFAULTS[kind], ...stripUndefined(opts) };
  const name = opts.name ?? kind;
  const check = (key: string, ok: boolean, want: string) => {
    if (!ok)
      throw new DataError(
        `${name}: ${key}=${(o as Record<string, unknown>)[key]} is invalid: expected ${want}`,
      );
  };
  check(
    'rows',
    Number.isInteger(o.rows) && o.rows >= 1 && o.rows <= 10_000_000,
    'a whole number from 1 to 10,000,000',
  );
  check(
    'features',
    Number.isInteger(o.features) && o.features >= 1 && o.features <= 100_000,
    'a whole number from 1 to 100,000',
  );
  check(
    'labels',
    Number.isInteger(o.labels) && o.labels >= 1 && o.labels <= 10_000,
    'a whole number from 1 to 10,000',
  );
  check('density', o.density > 0 && o.density < 1, 'a number between 0 and 1 (exclusive)');
  check('seed', Number.isInteger(o.seed) && o.seed >= 0 && o.seed < 2 ** 32, 'a whole number ≥ 0');
  if (kind !== 'text' && o.rows * o.features > 500_000_000) {
    throw new DataError(`${name}: rows × features = ${o.rows * o.features} is too large (limit 500,000,000)`);
  }
  let ds: Dataset;
  if (kind === 'gaussian') {
    check(
      'factors',
      Number.isInteger(o.factors) && o.factors >= 1 && o.factors <= 1000,
      'a whole number from 1 to 1000',
    );
    ds = generateGaussian(o);
  } else {
    check('length', o.length > 0 && o.length <= 1_000_000, 'a positive number ≤ 1,000,000');
    ds = kind === 'text' ? generateText(o) : generateWordcounts(o);
  }
  const parts = KEYS[kind].map((k) => `${k}=${(o as unknown as Record<string, number>)[k]}`);
  return { ...ds, source: `${name}:${parts.join(',')}` };
}

/** True if `source` names a preset (`seed-like`, `gaussian:rows=100`, …) rather than a file. */
export function isSyntheticSource(source: string): boolean {
  const name = source.split(':')[0];
  return Object.hasOwn(PRESETS, name) && !/\.(arff|csv)(\.gz)?$/i.test(source);
}

/** `seed-like:rows=4000,features=100,seed=3` → options; unknown keys and bad numbers are errors. */
export function parseSyntheticSpec(source: string): SyntheticOptions {
  const colon = source.indexOf(':');
  const name = colon < 0 ? source : source.slice(0, colon);
  const kind = PRESETS[name];
  if (kind === undefined) {
    throw new DataError(`unknown synthetic preset '${name}' (presets: ${Object.keys(PRESETS).join(', ')})`);
  }
  const opts: SyntheticOptions = { kind, name };
  const rest = colon < 0 ? '' : source.slice(colon + 1).trim();
  if (rest === '') return opts;
  for (const part of rest.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(part);
    if (!m) throw new DataError(`${name}: '${part}' is not key=value (e.g. ${name}:rows=4000,seed=3)`);
    const key = m[1].toLowerCase();
    if (!KEYS[kind].includes(key)) {
      throw new DataError(`${name}: unknown key '${key}' (keys: ${KEYS[kind].join(', ')})`);
    }
    const v = Number(m[2].replace(/_/g, ''));
    if (!Number.isFinite(v)) throw new DataError(`${name}: ${key}=${m[2]} is not a number`);
    (opts as Record<string, unknown>)[key] = v;
  }
  return opts;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
