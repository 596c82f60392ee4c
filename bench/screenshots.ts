/**
 * npm run screenshots — pictures of the board's main views at 1440 and 800 px wide, to look
 * at (they are not committed): the demo's runs (the story, its counterfactual runs), the
 * 50-run grid (filter, seeds grouped, hyperparameters) and the static report. Written to
 * test-artifacts/screenshots/. The runs are the test fixtures (trained once per build).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CombinedProvider } from '../src/board/combined-provider.js';
import { LogdirProvider } from '../src/board/logdir-provider.js';
import { buildReport } from '../src/board/report.js';
import { defaultStaticDir } from '../src/board/static.js';
import { openBrowser, startBoard } from '../src/board/testing/board-page.js';
import { chromiumAvailable } from '../src/board/testing/browser.js';
import { demoRuns, GRID_50, gridRuns, ROOT } from '../src/board/testing/fixtures.js';

const OUT = path.join(ROOT, 'test-artifacts', 'screenshots');
const WIDTHS = [1440, 800];

interface Shot {
  name: string;
  /** Hash route to open, and what to wait for before the picture. */
  route: string;
  ready: string;
  /** Something to do first (tick a box, type a filter). */
  act?: (page: Page) => Promise<void>;
  fullPage?: boolean;
}

const STORY: Shot[] = [
  { name: 'overview', route: 'overview', ready: 'article.health' },
  { name: 'overview-full', route: 'overview', ready: 'article.health', fullPage: true },
  { name: 'runs', route: 'runs', ready: 'table.runs' },
  { name: 'scalars', route: 'scalars', ready: 'body[data-first-chart-ms]' },
  { name: 'histograms', route: 'histograms', ready: 'body[data-first-chart-ms]' },
  {
    name: 'histograms-overlaid',
    route: 'histograms',
    ready: 'body[data-first-chart-ms]',
    act: (p) => p.selectOption('select[data-setting=runs]', 'overlaid').then(() => undefined),
  },
  { name: 'distributions', route: 'distributions', ready: 'body[data-first-chart-ms]' },
  { name: 'labels', route: 'labels', ready: 'table.labels' },
  { name: 'findings', route: 'findings', ready: 'article.finding' },
  { name: 'compare', route: 'compare', ready: 'table.compare' },
  {
    name: 'counterfactuals',
    route: 'overview',
    ready: 'table.explain-table',
    act: async (p) => {
      for (const box of await p.locator('table.explain-table input[type=checkbox]').all()) await box.check();
      await p.goto(p.url().replace(/#.*$/, '#/scalars'));
      await p.waitForSelector('body[data-first-chart-ms]');
    },
  },
];

/** On narrow screens the run list sits behind the Runs button: open it first. */
async function side(p: Page): Promise<void> {
  const aside = p.locator('aside.side');
  if (!(await aside.isVisible())) await p.locator('button.side-toggle').click();
  await aside.waitFor({ state: 'visible' });
}

const GRID: Shot[] = [
  { name: 'grid-runs', route: 'runs', ready: 'table.runs' },
  {
    name: 'grid-runs-filtered',
    route: 'runs',
    ready: 'table.runs',
    act: async (p) => {
      await side(p);
      await p.fill('input.run-filter', 'init~truncated lr>=1e-3');
    },
  },
  {
    name: 'grid-runs-grouped',
    route: 'runs',
    ready: 'table.runs',
    act: async (p) => {
      await side(p);
      await p.locator('label.group-toggle input').click();
    },
  },
  { name: 'grid-scalars', route: 'scalars', ready: 'body[data-first-chart-ms]' },
  {
    name: 'grid-scalars-grouped',
    route: 'scalars',
    ready: 'body[data-first-chart-ms]',
    act: async (p) => {
      await side(p);
      await p.locator('label.group-toggle input').click();
    },
  },
  { name: 'grid-histograms', route: 'histograms', ready: 'body[data-first-chart-ms]' },
  { name: 'grid-hparams', route: 'hparams', ready: 'svg.parallel' },
  { name: 'grid-overview', route: 'overview', ready: 'article.health' },
];

/**
 * Wait until the page has had no request in flight for `quietMs` (charts below the first are
 * fetched after it is drawn; with fifty runs that is hundreds of small requests).
 */
async function settled(page: Page, inFlight: () => number, quietMs = 600, maxMs = 30_000): Promise<void> {
  const start = Date.now();
  let quietSince = Date.now();
  while (Date.now() - start < maxMs) {
    if (inFlight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await page.waitForTimeout(100);
  }
}

async function shoot(base: string, shots: Shot[], width: number, written: string[]): Promise<void> {
  const { browser, page, errors } = await openBrowser({ width, height: 900 });
  let inFlight = 0;
  page.on('request', () => inFlight++);
  page.on('requestfinished', () => inFlight--);
  page.on('requestfailed', () => inFlight--);
  try {
    for (const s of shots) {
      process.stdout.write(`  ${s.name} at ${width} px\n`);
      await page.goto(`${base}#/${s.route}`);
      await page.reload();
      await page.waitForSelector(s.ready, { timeout: 60_000 });
      await s.act?.(page);
      await settled(page, () => inFlight);
      await page.waitForTimeout(300);
      const file = path.join(OUT, `${s.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: s.fullPage ?? false });
      written.push(file);
    }
    if (errors.length) console.error(`script errors on the page:\n  ${errors.join('\n  ')}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<number> {
  if (!chromiumAvailable()) {
    console.error('screenshots need /usr/bin/chromium');
    return 2;
  }
  await mkdir(OUT, { recursive: true });
  console.log('preparing the runs (the demo and a 50-run grid; cached once per build)…');
  const demo = await demoRuns();
  if (demo.status !== 0) {
    console.error(`the demo failed:\n${demo.stderr}`);
    return 1;
  }
  const grid = await gridRuns(GRID_50);
  const story = await startBoard(demo.logdir);
  const many = await startBoard(grid);
  const collapsed = path.join(demo.logdir, 'init=truncated_normal-1,dropout=0.5');
  const report = path.join(OUT, 'report.html');
  await writeFile(
    report,
    await buildReport(
      new CombinedProvider(
        [{ prefix: path.basename(collapsed), provider: new LogdirProvider(collapsed) }],
        collapsed,
      ),
      { title: path.basename(collapsed), staticDir: defaultStaticDir() },
    ),
  );
  const written: string[] = [];
  try {
    for (const width of WIDTHS) {
      await shoot(`${story.url}/`, STORY, width, written);
      await shoot(`${many.url}/`, GRID, width, written);
      await shoot(
        `file://${report}`,
        [{ name: 'report-overview', route: 'overview', ready: 'article.health' }],
        width,
        written,
      );
    }
  } finally {
    await story.close();
    await many.close();
  }
  console.log(`${written.length} screenshots in ${path.relative(process.cwd(), OUT) || OUT}:`);
  for (const f of written) console.log(`  ${path.basename(f)}`);
  return 0;
}

main().then((code) => {
  process.exitCode = code;
});
