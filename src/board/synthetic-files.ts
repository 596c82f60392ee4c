/** Writes a synthetic run (synthetic.ts) as a real run directory: event files plus our JSON files. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEventWriter } from '../events/index.js';
import { RUN_FILES } from '../run/files.js';
import type { MemoryRun } from './memory-provider.js';
import { type SyntheticOptions, syntheticRun } from './synthetic.js';

/** Write every point of the run, step by step, as a trainer would. Returns the run directory. */
export function writeRunDir(logdir: string, run: MemoryRun, opts: { done?: boolean } = {}): string {
  const dir = path.join(logdir, run.data.name);
  const w = createEventWriter(dir, { hostname: 'synthetic' });
  const byStep = new Map<number, (() => void)[]>();
  const at = (step: number, f: () => void) => {
    const list = byStep.get(step) ?? [];
    list.push(f);
    byStep.set(step, list);
  };
  for (const [tag, pts] of run.data.scalars)
    for (const p of pts) at(p.step, () => w.scalar(tag, p.value, p.step, p.wallTime));
  for (const [tag, pts] of run.data.histograms)
    for (const p of pts) at(p.step, () => w.histogram(tag, p.histogram, p.step, p.wallTime));
  for (const step of [...byStep.keys()].sort((a, b) => a - b)) for (const f of byStep.get(step)!) f();
  w.close();
  if (run.meta?.meta) writeFileSync(path.join(dir, RUN_FILES.meta), JSON.stringify(run.meta.meta));
  if (run.meta?.doctor) writeFileSync(path.join(dir, RUN_FILES.doctor), JSON.stringify(run.meta.doctor));
  if (opts.done !== false) writeFileSync(path.join(dir, RUN_FILES.done), '');
  return dir;
}

export function writeSyntheticRun(logdir: string, o: SyntheticOptions): string {
  return writeRunDir(logdir, syntheticRun(o));
}
