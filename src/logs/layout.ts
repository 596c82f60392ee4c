/**
 * Run layouts: which directories of event files make up one training run.
 *
 * - Keras' TensorBoard callback writes `RUN/train/` and `RUN/validation/`; TF Estimator writes
 *   the model directory plus `eval/`. Those are one run whose scalars are split by directory
 *   (`train/epoch_loss` is the training loss, `validation/epoch_loss` the validation loss).
 * - PyTorch's `SummaryWriter.add_hparams` writes a sub-run named by `time.time()`
 *   (`RUN/1796331960.3211923/`) holding the hparams and `hparam/*` copies: it belongs to RUN.
 * - PyTorch's `SummaryWriter.add_scalars(main, {key: value})` writes each key to a sub-run
 *   `RUN/<main>_<key>/` holding the one tag `main` (TensorBoard lists them as runs of their own):
 *   they belong to RUN, and `<main>_<key>` names the scalar (`Loss_train` → the training loss).
 *   That is told from the tags, not the name alone (joinScalarsDirs).
 * - Any other directory with event files is a run of its own (trainscope, PyTorch, TF1).
 *
 * A split-named directory joins its parent only when that is unambiguous: it is `train` or
 * `validation` (Keras' own names), or the parent has event files itself, or a sibling has the
 * other split's name. Otherwise (`runs/test` next to `runs/baseline`) it is a run named `test`.
 */
import type { Split } from './roles.js';

export interface RunPart {
  /** Directory name relative to the logdir ('.' for the logdir itself), '/'-separated. */
  dir: string;
  /** The split a Keras/Estimator directory stands for. */
  split?: Split;
  /** 'hparams' for PyTorch's add_hparams sub-run, 'scalars' for an add_scalars sub-run. */
  kind: 'main' | 'hparams' | 'scalars';
}

export interface LogicalRun {
  /** The run's name relative to the logdir ('.' when the logdir itself is the run). */
  name: string;
  parts: RunPart[];
}

const TRAIN_DIRS = new Set(['train', 'training']);
const VAL_DIRS = new Set(['validation', 'val', 'valid', 'eval', 'evaluation', 'test']);
const KERAS_DIRS = new Set(['train', 'validation']);
/** `time.time()` as str(): seconds with a fraction. */
const HPARAMS_DIR = /^\d{9,}\.\d+$/;

function splitName(dir: string): { parent: string; base: string } {
  const i = dir.lastIndexOf('/');
  return i < 0 ? { parent: '.', base: dir } : { parent: dir.slice(0, i), base: dir.slice(i + 1) };
}

function splitOfDir(base: string): Split | undefined {
  if (TRAIN_DIRS.has(base)) return 'train';
  if (VAL_DIRS.has(base)) return 'val';
  return undefined;
}

/** Group run directories (relative names, as findRunDirs/readLogdir give them) into logical runs, in name order. */
export function groupRuns(dirs: readonly string[]): LogicalRun[] {
  const present = new Set(dirs);
  const children = new Map<string, string[]>();
  for (const d of dirs) {
    const { parent, base } = splitName(d);
    children.set(parent, [...(children.get(parent) ?? []), base]);
  }
  const runs = new Map<string, RunPart[]>();
  const add = (name: string, part: RunPart) => runs.set(name, [...(runs.get(name) ?? []), part]);
  for (const d of dirs) {
    const { parent, base } = splitName(d);
    if (d !== '.' && HPARAMS_DIR.test(base) && present.has(parent)) {
      add(parent, { dir: d, kind: 'hparams' });
      continue;
    }
    const split = d === '.' ? undefined : splitOfDir(base);
    if (split) {
      const siblings = children.get(parent) ?? [];
      const other = siblings.some(
        (s) => s !== base && splitOfDir(s) !== undefined && splitOfDir(s) !== split,
      );
      if (KERAS_DIRS.has(base) || present.has(parent) || other) {
        add(parent, { dir: d, split, kind: 'main' });
        continue;
      }
    }
    add(d, { dir: d, kind: 'main' });
  }
  return [...runs]
    .map(([name, parts]) => ({ name, parts: parts.sort((a, b) => partOrder(a) - partOrder(b)) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function partOrder(p: RunPart): number {
  return p.kind === 'hparams'
    ? 4
    : p.kind === 'scalars'
      ? 3
      : p.split === 'val'
        ? 2
        : p.split === 'train'
          ? 1
          : 0;
}

/** The runs that may be add_scalars sub-runs of the run above them: their tags decide (isAddScalarsDir). */
export function scalarsDirCandidates(runs: readonly LogicalRun[]): string[] {
  const names = new Set(runs.map((r) => r.name));
  return runs
    .filter(
      (r) =>
        r.name !== '.' &&
        r.parts.length === 1 &&
        r.parts[0].kind === 'main' &&
        names.has(splitName(r.name).parent),
    )
    .map((r) => r.name);
}

/**
 * True when a directory holds what add_scalars writes: only scalars, each tag `main` with the
 * directory named `<main, '/' → '_'>_<key>`.
 */
export function isAddScalarsDir(dir: string, scalarTags: readonly string[], otherTags: number): boolean {
  const { base } = splitName(dir);
  return (
    otherTags === 0 && scalarTags.length > 0 && scalarTags.every((t) => addScalarsKey(base, t) !== undefined)
  );
}

/** The key of `add_scalars(tag, {key: …})` in its directory's name `<tag, '/' → '_'>_<key>`. */
function addScalarsKey(base: string, tag: string): string | undefined {
  const prefix = `${tag.replace(/\//g, '_')}_`;
  return base.length > prefix.length && base.startsWith(prefix) ? base.slice(prefix.length) : undefined;
}

/** Fold the add_scalars sub-runs (among scalarsDirCandidates) into the run above them. */
export function joinScalarsDirs(runs: readonly LogicalRun[], scalarsDirs: ReadonlySet<string>): LogicalRun[] {
  const extra = new Map<string, RunPart[]>();
  for (const r of runs) {
    if (!scalarsDirs.has(r.name)) continue;
    const parent = splitName(r.name).parent;
    extra.set(parent, [...(extra.get(parent) ?? []), { dir: r.name, kind: 'scalars' }]);
  }
  return runs
    .filter((r) => !scalarsDirs.has(r.name))
    .map((r) => {
      const more = extra.get(r.name);
      return more
        ? { name: r.name, parts: [...r.parts, ...more].sort((a, b) => partOrder(a) - partOrder(b)) }
        : r;
    });
}

/** The name an add_scalars sub-run gives its scalar: its directory's last part (`Loss_train`). */
export function scalarsDirName(dir: string): string {
  return splitName(dir).base;
}

/**
 * How the user wrote an add_scalars scalar: `add_scalars('Loss', {'train': v})` is the sub-run
 * `Loss_train` holding the tag `Loss`, shown as the parent run's scalar `Loss/train` (the key is
 * what follows the tag, '/' → '_', and '_' in the directory's name; see addScalarsKey).
 */
export function addScalarsName(dir: string, tag: string): string {
  const base = scalarsDirName(dir);
  const key = addScalarsKey(base, tag);
  return key === undefined ? `${base}/${tag}` : `${tag}/${key}`;
}

/** The logical run a directory belongs to (its own name when it is a run of its own). */
export function runOf(dir: string, runs: readonly LogicalRun[]): LogicalRun | undefined {
  return runs.find((r) => r.parts.some((p) => p.dir === dir));
}

/** Join a logical-run-relative directory back onto a logdir path. */
export function joinDir(logdir: string, dir: string): string {
  return dir === '.' ? logdir : `${logdir.replace(/\/+$/, '')}/${dir}`;
}
