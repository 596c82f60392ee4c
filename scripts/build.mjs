#!/usr/bin/env node
/**
 * The build (`npm run build`, run by `npm ci` through `prepare`, and before the tests): only the
 * work that something changed needs.
 *   - TypeScript → dist/ incrementally (tsconfig.json: incremental); compiled files whose source
 *     was deleted or renamed are removed first, and a compiled file older than its source after
 *     the incremental compile forces a full one, so no stale test runs.
 *   - The board's front end (web/dist, ≈10–40 s of Vite) only when a file it was built from
 *     changed: the build records its inputs (web/vite.config.ts) and their hash is kept beside it.
 * `--no-web` skips the front end (the unit-test loop); `--force-web` rebuilds it regardless.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const WEB_DIST = join(ROOT, 'web', 'dist');
const INPUTS = join(WEB_DIST, '.inputs.json');
const STAMP = join(WEB_DIST, '.inputs.sha256');
const args = new Set(process.argv.slice(2));

const run = (tool, ...rest) =>
  execFileSync(join(ROOT, 'node_modules', '.bin', tool), rest, { cwd: ROOT, stdio: 'inherit' });

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** dist/<dir>/x.js, .js.map, .d.ts, .d.ts.map → <dir>/x.ts; removes outputs whose source is gone. */
function removeOrphans() {
  let removed = 0;
  let missing = false;
  for (const top of ['src', 'bench', 'test']) {
    for (const out of walk(join(DIST, top))) {
      const source = out.slice(DIST.length + 1).replace(/(\.d\.ts|\.js)(\.map)?$/, '.ts');
      if (!existsSync(join(ROOT, source))) {
        rmSync(out);
        removed++;
      }
    }
    for (const src of walk(join(ROOT, top)))
      if (src.endsWith('.ts') && !src.endsWith('.d.ts'))
        missing ||= !existsSync(join(DIST, src.slice(ROOT.length).replace(/\.ts$/, '.js')));
  }
  // tsc's incremental state trusts its record of what it emitted: a deleted output needs a full emit.
  if (missing) rmSync(join(DIST, '.tsbuildinfo'), { force: true });
  if (removed) console.log(`build: removed ${removed} compiled files whose source is gone`);
}

function webInputsHash() {
  if (!existsSync(INPUTS) || !existsSync(join(WEB_DIST, 'index.html'))) return null;
  const files = new Set(JSON.parse(readFileSync(INPUTS, 'utf8')));
  for (const f of ['web/index.html', 'web/tsconfig.json', 'web/vite.config.ts', 'web/vite-env.d.ts'])
    files.add(f);
  for (const f of walk(join(ROOT, 'web', 'src'))) files.add(f.slice(ROOT.length));
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    const p = join(ROOT, f);
    h.update(`${f}\0`);
    h.update(existsSync(p) ? readFileSync(p) : 'missing');
  }
  return h.digest('hex');
}

/** Sources whose compiled file is older than they are (an incremental build that did not emit). */
function staleOutputs() {
  const stale = [];
  for (const top of ['src', 'bench', 'test'])
    for (const src of walk(join(ROOT, top))) {
      if (!src.endsWith('.ts') || src.endsWith('.d.ts')) continue;
      const out = join(DIST, src.slice(ROOT.length).replace(/\.ts$/, '.js'));
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs)
        stale.push(src.slice(ROOT.length));
    }
  return stale;
}

removeOrphans();
run('tsc', '-p', 'tsconfig.json');
// tsc's incremental state can disagree with the files on disk (a checkout that restores an
// older text, an interrupted build): then compile everything once more, from no state.
const stale = staleOutputs();
if (stale.length) {
  console.log(`build: ${stale.length} compiled files older than their source (${stale[0]}, …): full compile`);
  rmSync(join(DIST, '.tsbuildinfo'), { force: true });
  run('tsc', '-p', 'tsconfig.json');
}
if (!args.has('--no-web')) {
  const before = webInputsHash();
  if (
    !args.has('--force-web') &&
    before !== null &&
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8') === before
  ) {
    console.log('build: web/dist is up to date (no input of the front end changed)');
  } else {
    run('tsc', '-p', 'web');
    run('vite', 'build', 'web');
    writeFileSync(STAMP, webInputsHash());
  }
}
