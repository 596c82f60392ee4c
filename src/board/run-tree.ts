/**
 * How runs relate: the doctor's counterfactual short runs (`RUN/explain/<change>`) belong to
 * the run they explain, and runs whose configurations differ only in the seed are one
 * configuration (their group). Pure functions over run names and flat configurations.
 */

type ConfigValue = string | number | boolean | null;

/** Settings that differ between runs without making them different experiments. */
export const NOT_HYPERPARAMETERS = new Set(['name', 'logdir', 'resume', 'threads']);
export const SEED_KEY = 'seed';

const EXPLAIN_SEGMENT = '/explain/';

/** The run a counterfactual run explains: the longest known run name before `/explain/`. */
export function parentOf(name: string, known: ReadonlySet<string>): string | undefined {
  let at = name.lastIndexOf(EXPLAIN_SEGMENT);
  while (at >= 0) {
    const parent = name.slice(0, at);
    if (known.has(parent)) return parent;
    at = name.lastIndexOf(EXPLAIN_SEGMENT, at - 1);
  }
  // a counterfactual of the logdir's own run ('.')
  if (name.startsWith('explain/') && known.has('.')) return '.';
  return undefined;
}

/** Keys whose value is not the same in every run (a missing key counts as a value). */
export function differingKeys(configs: Record<string, ConfigValue>[]): string[] {
  if (configs.length < 2) return [];
  const keys = new Set(configs.flatMap((c) => Object.keys(c)));
  return [...keys]
    .filter((k) => !NOT_HYPERPARAMETERS.has(k))
    .filter((k) => new Set(configs.map((c) => JSON.stringify(c[k] ?? null))).size > 1)
    .sort();
}

/** The configuration a run belongs to, seed aside: its differing settings as `k=v, …` ('' = all alike). */
export function groupOf(config: Record<string, ConfigValue>, differing: readonly string[]): string {
  return differing
    .filter((k) => k !== SEED_KEY)
    .map((k) => `${k}=${config[k] === undefined ? '—' : String(config[k])}`)
    .join(', ');
}
