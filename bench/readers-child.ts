import { pathToFileURL } from 'node:url';
import { readerCases } from './readers-files.js';

/**
 * One reader in a fresh process: `node dist/bench/readers-child.js CASE FILE [REPS]` reads FILE
 * REPS times (default 1) the way case CASE does and prints one JSON line: CPU seconds per read,
 * the process's RSS before the first read and its peak RSS, and the bytes the result holds. The
 * readers' benchmark uses it for peak memory (a process of its own, so nothing else it did counts);
 * it is also the thing to profile: `node --cpu-prof dist/bench/readers-child.js sparse-arff F 5`.
 */
export async function readInChild(id: string, path: string, reps: number) {
  const c = readerCases().find((x) => x.id === id);
  if (!c) throw new Error(`no reader case ${id}`);
  const baseRss = process.memoryUsage().rss;
  const cpu: number[] = [];
  let held = 0;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    held = await c.read(path);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1e6);
  }
  return {
    cpu,
    baseRssMB: baseRss / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1e3,
    heldMB: held / 1e6,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [id, path, reps] = process.argv.slice(2);
  console.log(JSON.stringify(await readInChild(id, path, Number(reps ?? 1))));
}
