#!/usr/bin/env node
/**
 * Runs the compiled tests in dist/ with node's test runner (2 at a time: the machine has 2 cores).
 * `--unit` leaves out the end-to-end tests (*.e2e.test.js: a real browser on the board's front
 * end, the whole demo): the fast loop for contributors. `npm test` and CI run everything.
 * Further arguments (file paths or --test-name-pattern=…) go to node --test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const unit = argv.includes('--unit');
const rest = argv.filter((a) => a !== '--unit');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.js') && !(unit && e.name.endsWith('.e2e.test.js'))) out.push(p);
  }
  return out;
}

const files = rest.some((a) => !a.startsWith('-')) ? [] : walk(join(ROOT, 'dist')).sort();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...rest, ...files], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
