/**
 * Reading a run from disk in any layout: the directory a user names may be a run (trainscope,
 * PyTorch, TF1), a Keras run holding train/ and validation/, one of those two halves, or a
 * PyTorch hparams sub-run; each resolves to the whole run it belongs to.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { findRunDirs, readRun } from '../events/reader.js';
import {
  groupRuns,
  isAddScalarsDir,
  joinDir,
  joinScalarsDirs,
  type LogicalRun,
  scalarsDirCandidates,
} from './layout.js';
import type { Role } from './roles.js';
import { type LogPart, type LogReading, understand } from './understand.js';

export interface ReadLogOptions {
  overrides?: ReadonlyMap<string, Role>;
}

async function logicalRunsUnder(root: string): Promise<LogicalRun[]> {
  const dirs = [...(await findRunDirs(root)).keys()].map((d) => {
    const rel = relative(root, d);
    return rel === '' ? '.' : rel.split(sep).join('/');
  });
  const runs = groupRuns(dirs);
  const scalarsDirs = new Set<string>();
  for (const dir of scalarsDirCandidates(runs)) {
    const data = await readRun(joinDir(root, dir), dir);
    if (isAddScalarsDir(dir, [...data.scalars.keys()], data.histograms.size + data.texts.size))
      scalarsDirs.add(dir);
  }
  return joinScalarsDirs(runs, scalarsDirs);
}

/**
 * The logical run a path stands for: the path itself when it holds exactly one run; its parent
 * when the path is one half of a Keras run or an hparams sub-run. A log directory holding
 * several runs is a user error naming them.
 */
export async function resolveRun(path: string): Promise<{ root: string; run: LogicalRun }> {
  if (!existsSync(path)) throw new UserError(`run directory ${path} does not exist`);
  const parent = dirname(path);
  if (parent !== path) {
    const siblings = await logicalRunsUnder(parent).catch(() => []);
    const me = basename(path);
    const owner = siblings.find((r) => r.name !== me && r.parts.some((p) => p.dir === me));
    if (owner?.name === '.') return { root: parent, run: owner };
  }
  const runs = await logicalRunsUnder(path);
  // the directory named is itself a run (other runs below it, e.g. --explain's, are its own) —
  // unless all it holds is a grid's hparams experiment record above its trials
  const self = runs.find((r) => r.name === '.');
  if (self && (runs.length === 1 || !(await holdsNothing(path)))) return { root: path, run: self };
  const others = runs.filter((r) => r !== self);
  if (others.length === 1) return { root: path, run: others[0] };
  if (others.length === 0)
    throw new UserError(`${path}: no event files here or below (is the run still starting?)`);
  const shown = others
    .slice(0, 5)
    .map((r) => r.name)
    .join(', ');
  throw new UserError(
    `${path} is a log directory with ${others.length} runs, not a run: name one of them (${shown}${others.length > 5 ? ', …' : ''})`,
  );
}

/** True when the directory's own event files hold no scalar, histogram or text (e.g. only an hparams experiment record). */
async function holdsNothing(dir: string): Promise<boolean> {
  const run = await readRun(dir);
  return run.scalars.size + run.histograms.size + run.texts.size === 0;
}

/** Read and understand the run at `path` (see resolveRun). */
export async function readLog(path: string, opts: ReadLogOptions = {}): Promise<LogReading> {
  const { root, run } = await resolveRun(path);
  const parts: LogPart[] = [];
  for (const part of run.parts) {
    const dir = joinDir(root, part.dir);
    parts.push({ part, data: await readRun(dir, part.dir) });
  }
  const runDir = joinDir(root, run.name);
  return understand(run.name, parts, { ...opts, ours: existsSync(join(runDir, 'trainscope.json')) });
}
