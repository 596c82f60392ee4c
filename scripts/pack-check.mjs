#!/usr/bin/env node
/**
 * `npm run test:pack` (a CI step): the package as a stranger gets it. Packs the tarball, checks
 * what is inside (no tests, the board's front end, the shipped data sets), installs it into an
 * empty folder with nothing beside it (no ../shared), fails on any npm warning, then runs
 * `npx trainscope demo --no-board` there, trains on a shipped set, exports the model and serves
 * the board's page. Prints the tarball's size and file count.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const work = mkdtempSync(join(tmpdir(), 'trainscope-pack-'));
const app = join(work, 'app');

function fail(message) {
  throw new Error(message);
}

/** Runs a command, echoes its output, fails on a non-zero exit or an npm warning. */
function sh(cmd, args, cwd) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}    (in ${cwd})`);
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const out = `${r.stdout}${r.stderr}`;
  process.stdout.write(out);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited ${r.status}`);
  if (/npm warn/i.test(out)) fail(`${cmd} ${args.join(' ')} printed an npm warning`);
  return out;
}

async function serveBoard(logdir) {
  const bin = join(app, 'node_modules', 'trainscope', 'bin', 'trainscope.js');
  const child = spawn(process.execPath, [bin, 'board', logdir, '--port', '0'], { cwd: app });
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
        const m = /at (http:\/\/\S+?)\/? /.exec(text);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`board exited ${code}`)));
      setTimeout(() => reject(new Error('board did not start in 60 s')), 60_000);
    });
    const page = await (await fetch(`${url}/`)).text();
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(page);
    if (!script) fail(`the board's page has no script: ${page.slice(0, 200)}`);
    const js = await fetch(`${url}/${script[1]}`);
    if (js.status !== 200) fail(`${script[1]}: HTTP ${js.status}`);
    const runs = await (await fetch(`${url}/api/runs`)).json();
    console.log(
      `board: ${url}/ serves the front end (${script[1]}) and ${JSON.stringify(runs).length} bytes of /api/runs`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const packed = JSON.parse(
    execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  )[0];
  const files = packed.files.map((f) => f.path);
  const tests = files.filter((f) => /\.test\.|\/testing[/.]/.test(f));
  if (tests.length) fail(`the tarball holds tests: ${tests.slice(0, 5).join(', ')}`);
  for (const need of [
    'bin/trainscope.js',
    'dist/src/cli/main.js',
    'dist/src/index.d.ts',
    'web/dist/index.html',
    'datasets/scene/scene-train.arff.gz',
    'datasets/emotions/SOURCE.txt',
  ])
    if (!files.includes(need)) fail(`the tarball lacks ${need}`);
  if (!files.some((f) => /^web\/dist\/assets\/.*\.js$/.test(f))) fail("the tarball lacks the board's script");
  const tarball = join(work, packed.filename);
  console.log(
    `tarball: ${packed.filename}, ${(packed.size / 1048576).toFixed(2)} MB, ${files.length} files (unpacked ${(packed.unpackedSize / 1048576).toFixed(2)} MB)`,
  );

  // An empty folder: no package.json, no ../shared beside it.
  execFileSync('mkdir', [app]);
  sh(NPM, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], app);
  const demo = sh(NPX, ['trainscope', 'demo', '--no-board'], app);
  if (!/Verdict: initialisation, not dropout/.test(demo)) fail("the demo did not print the doctor's verdict");
  sh(
    NPX,
    ['trainscope', 'train', '--data', 'emotions', '--hidden', '16', '--epochs', '2', '--name', 'e'],
    app,
  );
  sh(NPX, ['trainscope', 'export', 'runs/e', '--out', 'emotions.onnx'], app);
  await serveBoard(join(app, 'runs'));
  console.log('\npack check: passed');
}

main()
  .catch((e) => {
    console.error(`\npack check: FAILED: ${e.message}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
