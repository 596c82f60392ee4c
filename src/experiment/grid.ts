import { UserError } from '../errors.js';
import { parseTrainConfig, type TrainConfigInput } from '../run/config.js';

/**
 * A grid: one base configuration and axes. Every trial is the base with one value per axis;
 * any configuration field can be an axis. The seed axis is special only in the results: the
 * table averages over it.
 */
export interface Axis {
  field: string;
  values: unknown[];
}

export interface GridSpec {
  /** Experiment name: runs go to LOGDIR/<name>/<trial>. */
  name: string;
  base: Record<string, unknown>;
  axes: Axis[];
}

export interface Trial {
  /** Directory name of the run: `init=glorot_uniform,dropout=0.5,seed=1` (sanitised). */
  name: string;
  /** The configuration this trial is a seed of: the name without the seed part. */
  group: string;
  /** The axis values of this trial, in axis order (seed last when it is an axis). */
  assignment: Record<string, unknown>;
  /** Full configuration handed to train(): base + assignment, logdir and name set. */
  config: TrainConfigInput;
}

export const SEED_FIELD = 'seed';

/** Most seeds and trials a grid may have: more is a typo (a grid file's `seeds: 100000000`), not a plan. */
export const MAX_SEEDS = 10_000;
const MAX_TRIALS = 100_000;

/** Seeds 1..n as an axis (the story's runs use seeds 1, 2, 3); `what` names where n was given. */
export function seedAxis(n: number, what = '--seeds'): Axis {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEEDS)
    throw new UserError(`${what}: expected an integer from 1 to ${MAX_SEEDS}, got '${n}'`);
  return { field: SEED_FIELD, values: Array.from({ length: n }, (_, i) => i + 1) };
}

/**
 * Every trial of the grid. Seeds vary slowest, so the first trials to finish cover every
 * configuration once and a partial table is already informative; within a seed the first axis
 * varies slowest. Every trial's configuration is validated here, before anything runs.
 */
export function expandGrid(spec: GridSpec, logdir: string): Trial[] {
  checkAxes(spec.axes);
  const count = spec.axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_TRIALS)
    throw new UserError(
      `the grid has ${count} trials (${spec.axes.map((a) => `${a.field} ${a.values.length}`).join(' × ')}); at most ${MAX_TRIALS}`,
    );
  const seed = spec.axes.find((a) => a.field === SEED_FIELD);
  const others = spec.axes.filter((a) => a.field !== SEED_FIELD);
  const ordered = seed ? [seed, ...others] : others;
  const trials: Trial[] = [];
  const names = new Map<string, Record<string, unknown>>();
  for (const combo of cartesian(ordered.map((a) => a.values))) {
    const assignment: Record<string, unknown> = {};
    others.forEach((a, i) => {
      assignment[a.field] = combo[seed ? i + 1 : i];
    });
    if (seed) assignment[SEED_FIELD] = combo[0];
    const name = trialName(assignment);
    const group = trialName(Object.fromEntries(Object.entries(assignment).filter(([k]) => k !== SEED_FIELD)));
    const clash = names.get(name);
    if (clash) {
      throw new UserError(
        `grid: trials ${describe(clash)} and ${describe(assignment)} get the same directory name '${name}'; make the axis values differ in letters or digits`,
      );
    }
    names.set(name, assignment);
    const config = { ...spec.base, ...assignment, logdir: `${logdir}/${spec.name}`, name };
    parseTrainConfig(config, `grid trial ${describe(assignment)}`);
    trials.push({ name, group, assignment, config: config as TrainConfigInput });
  }
  return trials;
}

function checkAxes(axes: Axis[]): void {
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.field)) throw new UserError(`grid: axis '${a.field}' is given twice`);
    seen.add(a.field);
    if (a.field === 'logdir' || a.field === 'name') {
      throw new UserError(`grid: '${a.field}' cannot be an axis (the experiment sets it for each trial)`);
    }
    if (!Array.isArray(a.values) || a.values.length === 0) {
      throw new UserError(`grid: axis '${a.field}' needs at least one value`);
    }
  }
}

function* cartesian(lists: unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const v of first) for (const tail of cartesian(rest)) yield [v, ...tail];
}

/** `init=truncated_normal:1, dropout=0.5` — how a configuration is shown to people. */
export function describe(assignment: Record<string, unknown>): string {
  const parts = Object.entries(assignment).map(([k, v]) => `${k}=${formatValue(v)}`);
  return parts.length ? parts.join(', ') : '(base)';
}

export function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(formatValue).join(',');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A stable, readable directory name: `init=truncated_normal-1,dropout=0.5,seed=1`. Characters
 * that are awkward in paths on some systems or in shells (`:`, `/`, spaces, quotes) become `-`;
 * list values are joined with `-` (`hidden=256-128-64`).
 */
export function trialName(assignment: Record<string, unknown>): string {
  const parts = Object.entries(assignment).map(([k, v]) => {
    const value = Array.isArray(v) ? v.map(formatValue).join('-') : formatValue(v);
    return `${sanitise(k)}=${sanitise(value)}`;
  });
  const name = parts.length ? parts.join(',') : 'base';
  return name.length > 200 ? `${name.slice(0, 180)}~${hash(name)}` : name;
}

function sanitise(s: string): string {
  return s.replace(/[^A-Za-z0-9._+-]/g, '-');
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
