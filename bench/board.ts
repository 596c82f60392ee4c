/**
 * npm run bench:board — the dashboard on a log directory of 16 runs × 500 epochs with the full
 * probe set (synthetic runs written through the real event writer, following the tag contract):
 * time to read the logdir, time from opening the page to the first chart drawn (target ≤ 1.5 s)
 * on the scalars and histograms views, and the API's response sizes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { LogdirProvider } from '../src/board/logdir-provider.js';
import { createBoardServer, listen } from '../src/board/server.js';
import { defaultStaticDir } from '../src/board/static.js';
import { writeSyntheticRun } from '../src/board/synthetic-files.js';
import { chromiumAvailable, launchChromium } from '../src/board/testing/browser.js';
import { TAGS } from '../src/run/tags.js';

const RUNS = 16;
const EPOCHS = 500;
const TARGET_MS = 1500;
const REPEATS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<number> {
  if (!chromiumAvailable()) {
    console.error('bench:board needs /usr/bin/chromium');
    return 2;
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'bench-board-'));
  try {
    const logdir = path.join(tmp, 'runs');
    let t = performance.now();
    for (let i = 0; i < RUNS; i++) {
      writeSyntheticRun(logdir, {
        name: `run${String(i + 1).padStart(2, '0')}`,
        epochs: EPOCHS,
        hidden: [256, 128, 64],
        full: true,
        collapse: i % 2 === 1,
      });
    }
    const writeMs = performance.now() - t;

    const provider = new LogdirProvider(logdir);
    t = performance.now();
    await provider.refresh(true);
    const loadMs = performance.now() - t;
    const tags = await provider.listTags('run01');
    const server = createBoardServer({ provider, staticDir: defaultStaticDir() });
    const url = await listen(server, 0, '127.0.0.1');

    // response sizes of one run's tags
    const size = async (p: string) => {
      const body = Buffer.from(await (await fetch(`${url}${p}`)).arrayBuffer());
      return { raw: body.length, gz: gzipSync(body).length, json: JSON.parse(body.toString()) };
    };
    const q = (tag: string) => `run=run01&tag=${encodeURIComponent(tag)}`;
    const sc = await size(`/api/scalars?${q(TAGS.trainLoss)}`);
    const hi = await size(`/api/histograms?${q(TAGS.param('layer1', 'weights'))}`);
    const di = await size(`/api/distributions?${q(TAGS.param('layer1', 'weights'))}`);
    const runs = await size('/api/runs');

    const browser = await launchChromium();
    const results: Record<string, number[]> = {};
    let transferred = 0;
    for (const view of ['scalars', 'histograms']) {
      results[view] = [];
      for (let i = 0; i < REPEATS; i++) {
        const page = await browser.context.newPage();
        let bytes = 0;
        page.on('response', (r) => {
          bytes += Number(r.headers()['content-length'] ?? 0);
        });
        await page.goto(`${url}/#/${view}`);
        await page.waitForSelector('body[data-first-chart-ms]', { timeout: 30_000 });
        results[view].push(Number(await page.evaluate(() => document.body.dataset.firstChartMs)));
        if (view === 'scalars' && i === 0) transferred = bytes;
        await page.close();
      }
    }
    await browser.close();
    server.close();

    console.log(
      `bench:board — ${RUNS} runs × ${EPOCHS} epochs, ${tags.scalars.length} scalar + ${tags.histograms.length} histogram tags per run`,
    );
    console.log(`  write logdir (synthetic, event writer)   ${(writeMs / 1000).toFixed(1)} s`);
    console.log(
      `  board reads logdir (first scan)          ${(loadMs / 1000).toFixed(1)} s, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    for (const [view, ms] of Object.entries(results)) {
      const m = median(ms);
      console.log(
        `  page open → first ${view.padEnd(10)} chart  median ${m} ms (${ms.join(', ')}) ${m <= TARGET_MS ? 'ok' : 'OVER'} target ${TARGET_MS} ms`,
      );
    }
    console.log(`  /api/runs (16 runs)                      ${kb(runs.raw)} (${kb(runs.gz)} gzip)`);
    console.log(
      `  /api/scalars one tag                     ${sc.json.points.length} of ${sc.json.total} points, ${kb(sc.raw)} (${kb(sc.gz)} gzip)`,
    );
    console.log(
      `  /api/histograms one tag                  ${hi.json.steps.length} of ${hi.json.total} steps, ${kb(hi.raw)} (${kb(hi.gz)} gzip)`,
    );
    console.log(
      `  /api/distributions one tag               ${di.json.points.length} steps, ${kb(di.raw)} (${kb(di.gz)} gzip)`,
    );
    console.log(`  bytes over the wire, scalars page (cold)  ${kb(transferred)} until first chart`);
    return Object.values(results).every((ms) => median(ms) <= TARGET_MS) ? 0 : 1;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

main().then((code) => {
  process.exitCode = code;
});
