/** `doctor --explain` on a finished story run, as the CLI does it: returns the verdict line. */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { diagnose } from '../../src/doctor/diagnose.js';
import { explain, explainDir } from '../../src/doctor/explain.js';
import { loadRun } from '../../src/doctor/load.js';
import { train } from '../../src/train/train.js';

export async function explainStory(runDir: string): Promise<string> {
  if (!existsSync(runDir)) return 'no story run';
  const loaded = await loadRun(runDir);
  if (!loaded.meta) return 'not a trainscope run';
  const report = diagnose(loaded.run, loaded.ctx);
  const dir = explainDir(runDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ex = await explain(
    loaded.meta.config,
    report,
    loaded.ctx,
    async (config) => {
      const r = await train({ ...(config as object), threads: 1 } as never);
      return { history: r.history };
    },
    { dir, trainRows: loaded.meta.data?.rows?.train },
  );
  return ex.verdict;
}
