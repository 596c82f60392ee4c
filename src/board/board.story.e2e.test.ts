/**
 * End to end on the demo's runs (`trainscope demo --no-board`: the story's four runs and the
 * counterfactual runs of the collapsed one, shared with the demo's own test), with the board
 * over them and Debian's chromium at 1440×900. Expected values are read from the run files.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createEventWriter, readRun } from '../events/index.js';
import { TAGS } from '../run/tags.js';
import { CombinedProvider } from './combined-provider.js';
import { percent } from './format.js';
import { LogdirProvider } from './logdir-provider.js';
import { buildReport } from './report.js';
import { defaultStaticDir } from './static.js';
import {
  ARTIFACTS,
  type Board,
  canvasHasInk,
  onFirstScreen,
  openBrowser,
  skipBrowser as skip,
  startBoard,
  type TestBrowser,
} from './testing/board-page.js';
import { BIN, demoRuns, ROOT } from './testing/fixtures.js';

const COLLAPSED = 'init=truncated_normal-1,dropout=0.5';
let logdir: string;
let board: Board;
let b: TestBrowser;

const shot = (name: string) => b.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const runFile = (run: string, file: string) => JSON.parse(readFileSync(path.join(logdir, run, file), 'utf8'));

before(async () => {
  if (skip) return;
  await mkdir(ARTIFACTS, { recursive: true });
  const demo = await demoRuns();
  assert.equal(demo.status, 0, demo.stderr);
  logdir = demo.logdir;
  board = await startBoard(logdir);
  b = await openBrowser();
});

after(async () => {
  await b?.browser.close();
  await board?.close();
});

test('the first screen shows, without a click, that std-1 + dropout collapsed, the cause and the numbers behind it', {
  skip,
}, async () => {
  const { page } = b;
  await page.goto(board.url);
  const card = page.locator('article.health').first();
  await card.waitFor();
  // the collapsed run is the story's std-1 + dropout configuration, and it comes first
  assert.equal(await card.getAttribute('data-run'), COLLAPSED);
  const config = runFile(COLLAPSED, 'trainscope.json').config;
  assert.equal(config.init, 'truncated_normal:1');
  assert.equal(config.dropout, 0.5);
  assert.equal(await card.getAttribute('data-state'), 'collapsed');
  assert.match(
    (await card.locator('.headline').textContent()) ?? '',
    /^Collapsed: every label gets the same prediction/,
  );
  // the cause, confirmed by the counterfactual runs
  assert.equal(await card.locator('.cause').textContent(), 'initialisation, not dropout');
  assert.match((await card.locator('.confirmed').textContent()) ?? '', /confirmed by 6 counterfactual runs/);
  const explain = runFile(COLLAPSED, 'explain/explain.json');
  assert.match(explain.verdict, /^Verdict: initialisation, not dropout/);
  // the numbers, as recorded
  const run = await readRun(path.join(logdir, COLLAPSED));
  const last = (tag: string) => run.scalars.get(tag)!.at(-1)!.value;
  const report = runFile(COLLAPSED, 'report.json');
  const expected = {
    weights_moved: percent(last(TAGS.changeSinceInit('layer1', 'weights'))),
    dead_last_hidden: percent(last(TAGS.deadFraction('layer3', 'inference_mode'))),
    auc: report.metrics.roc_auc_macro.toFixed(3),
  };
  for (const [key, text] of Object.entries(expected)) {
    const tile = card.locator(`.number[data-key=${key}] .num-value`);
    assert.match((await tile.textContent()) ?? '', new RegExp(`^${text.replace('.', '\\.')}`), key);
    assert.ok(
      await onFirstScreen(page, `article.health >> nth=0 >> .number[data-key=${key}]`),
      `${key} on the first screen`,
    );
  }
  assert.match((await card.locator('.number[data-key=auc] .num-value').textContent()) ?? '', /= chance/);
  const constant = report.labels.filter((l: { predicted_positive_rate: number }) =>
    [0, 1].includes(l.predicted_positive_rate),
  ).length;
  assert.equal(
    await card.locator('.number[data-key=outputs] .num-value').textContent(),
    `${constant} of ${report.labels.length} labels`,
  );
  for (const sel of ['.headline', '.cause', '.confirmed'])
    assert.ok(await onFirstScreen(page, `article.health >> nth=0 >> ${sel}`), `${sel} on the first screen`);
  assert.deepEqual(b.errors, []);
  await shot('story-first-screen');
});

test('explain on the board: counterfactual runs nested under their run, the ranked table, the verdict', {
  skip,
}, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/overview`);
  const card = page.locator(`article.health[data-run="${COLLAPSED}"]`);
  const rows = card.locator('table.explain-table tbody tr');
  await rows.first().waitFor();
  const explain = runFile(COLLAPSED, 'explain/explain.json');
  assert.equal(await rows.count(), explain.ranked.length + 1);
  assert.match(
    (await rows.nth(1).textContent()) ?? '',
    new RegExp(explain.ranked[0].label.replace(/[()×.]/g, '.')),
  );
  assert.match(
    (await card.locator('.verdict-text').textContent()) ?? '',
    /initialisation, not dropout — init → he_uniform moves/,
  );
  // the sidebar lists the four runs; the six short runs are nested, not top-level
  assert.equal(await page.locator('.run-list > li').count(), 4);
  const toggle = page.locator('.run-list > li', { hasText: COLLAPSED }).locator('button.kids-toggle');
  assert.match((await toggle.textContent()) ?? '', /6 counterfactual runs/);
  await toggle.click();
  assert.equal(await page.locator('.run-kids li').count(), 6);
  // ticking a row's "in charts" shows that short run
  const child = `${COLLAPSED}/explain/init-he-uniform`;
  await rows.nth(1).locator('input[type=checkbox]').check();
  await page.locator(`.run-kids input[data-run="${child}"]:checked`).waitFor();
  await rows.nth(1).locator('input[type=checkbox]').uncheck();
  // runs table: the children sit under their parent
  await page.goto(`${board.url}/#/runs`);
  const names = await page
    .locator('table.runs tbody tr')
    .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-run')));
  const at = names.indexOf(COLLAPSED);
  assert.ok(
    names.slice(at + 1, at + 7).every((n) => n?.startsWith(`${COLLAPSED}/explain/`)),
    names.join('\n'),
  );
  await shot('story-runs');
});

test('a run without explanation shows the command that runs it', { skip }, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/overview`);
  const card = page.locator('article.health[data-run="init=truncated_normal-1,dropout=0"]');
  await card.waitFor();
  assert.equal(
    await card.locator('.explain-cmd code').textContent(),
    `trainscope doctor ${path.join(logdir, 'init=truncated_normal-1,dropout=0')} --explain`,
  );
});

test('evidence links open their chart alone, and leave no filter behind', { skip }, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/overview`);
  const tile = page.locator(`article.health[data-run="${COLLAPSED}"] .number[data-key=dead_last_hidden] a`);
  await tile.click();
  await page.waitForSelector('section.card.focused');
  assert.match(page.url(), /#\/scalars\?tag=layer3%2Fdead_fraction%2Finference_mode/);
  assert.match(
    (await page.locator('.linked').textContent()) ?? '',
    /showing layer3\/dead_fraction\/inference_mode only/,
  );
  await page.locator('section.card.focused canvas').first().waitFor();
  assert.ok(await canvasHasInk(page, 'section.card.focused canvas'));
  await page.locator('nav.tabs a[data-tab=scalars]').click();
  await page.waitForSelector('input.filter');
  assert.equal(await page.locator('input.filter').inputValue(), '', 'no filter left behind');
  // the story's signals come first, open: the doctor's evidence
  const first = page.locator('details.group').first();
  assert.match((await first.locator('summary').textContent()) ?? '', /The doctor's evidence/);
  assert.equal(await first.getAttribute('open'), '');
  const pinned = await first.locator('.card-title').allTextContents();
  assert.ok(
    pinned.includes('layer3/dead_fraction/inference_mode') && pinned.includes('output/constant_label_share'),
    pinned.join(),
  );
  await shot('story-scalars');
});

test('scalar charts: a legend row per run with headed columns, axis titles, log scale says what it hides', {
  skip,
}, async () => {
  const { page } = b;
  await page.goto(
    `${board.url}/#/scalars?tag=${encodeURIComponent(TAGS.deadFraction('layer3', 'inference_mode'))}`,
  );
  const card = page.locator('section.card').first();
  await card.locator('.legend-row[data-series]').first().waitFor();
  assert.equal(await card.locator('.legend-row[data-series]').count(), 4);
  assert.deepEqual(await card.locator('.legend-head [role=columnheader]').allTextContents(), [
    '',
    'run',
    'smoothed',
    'raw',
    'step',
  ]);
  assert.match((await card.locator('.card-help').textContent()) ?? '', /inactive .* for every probe sample/);
  await page.selectOption('select[aria-label="y scale"]', 'log');
  // dead shares of 0 cannot be drawn on a log scale: the chart says so
  const zeros = [
    ...(await readRun(path.join(logdir, 'init=glorot_uniform,dropout=0.5'))).scalars.get(
      TAGS.deadFraction('layer3', 'inference_mode'),
    )!,
  ].filter((p) => p.value <= 0).length;
  if (zeros)
    assert.match(
      (await card.locator('.chart-note').textContent()) ?? '',
      /values? ≤ 0 not drawn on the log scale/,
    );
  await page.selectOption('select[aria-label="x axis"]', 'relative');
  assert.equal(await card.locator('.legend-head [role=columnheader]').nth(4).textContent(), 'time');
  await page.selectOption('select[aria-label="x axis"]', 'step');
  await page.selectOption('select[aria-label="y scale"]', 'auto');
  // by itself: the validation losses of std-1 and Glorot runs (hundreds against tenths) go log
  await page.goto(`${board.url}/#/scalars?tag=${encodeURIComponent(TAGS.valLoss)}`);
  const loss = page.locator('section.card').first();
  await loss.locator('.legend-row[data-series]').first().waitFor();
  assert.equal(await loss.locator('.card-body').getAttribute('data-y-scale'), 'log');
});

test('any chart downloads as PNG and its data as CSV', { skip }, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/scalars?tag=${encodeURIComponent(TAGS.valMetric('roc_auc_macro'))}`);
  const card = page.locator('section.card').first();
  await card.locator('canvas').first().waitFor();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    card.locator('button.dl', { hasText: 'PNG' }).click(),
  ]);
  assert.match(png.suggestedFilename(), /^metrics_val_roc_auc_macro\.png$/);
  const bytes = await readFile((await png.path())!);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    card.locator('button.dl', { hasText: 'CSV' }).click(),
  ]);
  const text = await readFile((await csv.path())!, 'utf8');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'series,run,step,wall_time,value');
  const run = await readRun(path.join(logdir, COLLAPSED));
  const points = run.scalars.get(TAGS.valMetric('roc_auc_macro'))!;
  const mine = lines.filter((l) => l.startsWith(`"${COLLAPSED}"`) || l.startsWith(COLLAPSED));
  assert.equal(mine.length, points.length, 'every recorded point of the run');
});

test('histograms: first vs last by default, the x range option, runs overlaid in one chart', {
  skip,
}, async () => {
  const { page } = b;
  const tag = TAGS.param('layer1', 'weights');
  await page.goto(
    `${board.url}/#/histograms?tag=${encodeURIComponent(tag)}&run=${encodeURIComponent(COLLAPSED)}`,
  );
  const card = page.locator('section.card').first();
  await card.locator('.hist-area canvas').waitFor();
  assert.equal(await page.locator('select[data-setting=show]').inputValue(), 'first-last');
  await page.waitForFunction(() => document.querySelector('.stats')?.textContent?.includes('step'));
  const canvas = card.locator('.hist-area canvas');
  const before = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await card.locator('input.step-slider').fill('0');
  assert.notEqual(
    await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL()),
    before,
    'the slider redraws',
  );
  assert.match((await card.locator('.stats').textContent()) ?? '', /^step 0 /);
  await page.selectOption('select[data-setting="x range"]', 'all');
  await page.selectOption('select[data-setting=show]', 'offset');
  assert.ok(await canvasHasInk(page, '.hist-area canvas'));
  await page.selectOption('select[data-setting=show]', 'first-last');
  await page.selectOption('select[data-setting="x range"]', 'highlighted');
  await page.goto(`${board.url}/#/histograms?tag=${encodeURIComponent(tag)}`);
  await page.selectOption('select[data-setting=runs]', 'overlaid');
  const overlaid = page.locator('section.card').first();
  await overlaid.locator('.stats > div').nth(3).waitFor();
  assert.equal(await page.locator('section.card').count(), 1, 'one chart for the four runs');
  assert.equal(await overlaid.locator('.stats > div').count(), 4);
  await shot('story-histograms-overlaid');
  await page.selectOption('select[data-setting=runs]', 'per-run');
});

test('compare opens on the pair one setting apart with the largest difference', { skip }, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/compare`);
  await page.locator('table.compare').waitFor();
  const [a, b2] = await page
    .locator('.toolbar select')
    .evaluateAll((s) => s.map((x) => (x as HTMLSelectElement).value));
  assert.deepEqual([a, b2].sort(), ['init=glorot_uniform,dropout=0.5', COLLAPSED]);
  // their validation losses differ by orders of magnitude (the std-1 run starts in the
  // hundreds): the chart goes log by itself, says so, and switches back on request
  const values: number[] = [];
  for (const run of [a, b2])
    for (const p of (await readRun(path.join(logdir, run))).scalars.get(TAGS.valLoss)!) values.push(p.value);
  const decades = Math.log10(Math.max(...values) / Math.min(...values));
  assert.ok(decades >= 2 && values.every((v) => v > 0), `the fixture's losses span ${decades} decades`);
  const loss = page.locator('section.card', { has: page.locator('.card-title', { hasText: /^loss\/val$/ }) });
  await loss.scrollIntoViewIfNeeded();
  await loss.locator('.legend-row[data-series]').first().waitFor();
  const body = loss.locator('.card-body');
  assert.equal(await body.getAttribute('data-y-scale'), 'log');
  assert.equal(
    await loss.locator('.chart-scale span').textContent(),
    `y: log scale · the values span ${decades.toFixed(1)} decades`,
  );
  await loss.locator('button.scale-switch').click();
  assert.equal(await body.getAttribute('data-y-scale'), 'linear');
  assert.equal(await loss.locator('button.scale-switch').textContent(), 'show log');
  await loss.locator('button.scale-switch').click();
  assert.equal(await body.getAttribute('data-y-scale'), 'log');
  // ROC AUC (tenths apart) stays linear, with no switch
  const auc = page.locator('section.card', { hasText: TAGS.valMetric('roc_auc_macro') }).first();
  await auc.locator('.legend-row[data-series]').first().waitFor();
  assert.equal(await auc.locator('.card-body').getAttribute('data-y-scale'), 'linear');
  assert.equal(await auc.locator('.chart-scale').textContent(), '');
});

test('keyboard: a skip link first, and the chosen tab keeps focus', { skip }, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/overview`);
  await page.reload();
  await page.locator('article.health').first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'content');
  await page.locator('nav.tabs a[data-tab=runs]').focus();
  await page.keyboard.press('Enter');
  await page.locator('table.runs').waitFor();
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.tab), 'runs');
  assert.equal(await page.locator('nav.tabs a[aria-current=page]').getAttribute('data-tab'), 'runs');
});

test('the runs table: names are links, headers sort, one health column, differing settings first', {
  skip,
}, async () => {
  const { page } = b;
  await page.goto(`${board.url}/#/runs`);
  await page.locator('table.runs tbody tr').first().waitFor();
  const heads = await page.locator('table.runs thead th').allTextContents();
  assert.deepEqual(heads.slice(1, 5), ['run ▲', 'health', 'dropout', 'init']);
  assert.equal(heads.filter((x) => /doctor|health/.test(x)).length, 1);
  await page.locator('th[data-col="m:roc_auc_macro"] button').click();
  const values = async () =>
    await page
      .locator('table.runs tbody tr:not(.child)')
      .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-run')));
  const api = (await (await fetch(`${board.url}/api/runs`)).json()).runs as {
    name: string;
    parent?: string;
    final: Record<string, number>;
  }[];
  const byAuc = api
    .filter((r) => !r.parent)
    .sort((x, y) => x.final.roc_auc_macro - y.final.roc_auc_macro)
    .map((r) => r.name);
  assert.deepEqual(await values(), byAuc);
  await page.locator('th[data-col="m:roc_auc_macro"] button').click();
  assert.deepEqual(await values(), [...byAuc].reverse());
  assert.equal(await page.locator('th[data-col="m:roc_auc_macro"]').getAttribute('aria-sort'), 'descending');
  const link = page.locator(`table.runs td.run-name a`).first();
  assert.match((await link.getAttribute('href')) ?? '', /^#\/overview\?run=/);
});

test('the static report of one run: its counterfactual runs nested and said so, the same colours and health card', {
  skip,
}, async () => {
  const dir = path.join(logdir, COLLAPSED);
  const provider = new CombinedProvider([{ prefix: COLLAPSED, provider: new LogdirProvider(dir) }], dir);
  const html = await buildReport(provider, { title: COLLAPSED, staticDir: defaultStaticDir() });
  const file = path.join(ARTIFACTS, 'report.html');
  await writeFile(file, html);
  assert.doesNotMatch(html, /src="\.\/assets|href="\.\/assets/, 'no external assets');
  const { page } = b;
  await page.goto(`${pathToFileURL(file).href}#/overview`);
  const card = page.locator('article.health').first();
  await card.waitFor();
  assert.equal(await card.getAttribute('data-run'), COLLAPSED);
  assert.match(
    (await page.locator('.logdir').textContent()) ?? '',
    /1 run, and 6 counterfactual runs .* nested under it/,
  );
  assert.equal(await page.locator('.run-list > li').count(), 1);
  assert.equal(await card.locator('.cause').textContent(), 'initialisation, not dropout');
  const boardRuns = (await (await fetch(`${board.url}/api/runs`)).json()).runs as {
    name: string;
    color: string;
  }[];
  const colorOnBoard = boardRuns.find((r) => r.name === COLLAPSED)!.color;
  const swatch = await page
    .locator('.run-list > li .swatch')
    .first()
    .evaluate((e) => getComputedStyle(e).backgroundColor);
  const hex = (c: string) =>
    `#${c
      .match(/\d+/g)!
      .slice(0, 3)
      .map((n) => Number(n).toString(16).padStart(2, '0'))
      .join('')}`;
  assert.equal(hex(swatch), colorOnBoard);
  await page.goto(`${pathToFileURL(file).href}#/scalars`);
  await page.waitForSelector('body[data-first-chart-ms]');
  assert.ok(await canvasHasInk(page, 'section.card canvas'));
  assert.deepEqual(b.errors, []);
  await shot('report-overview');
});

/** Raw HTTP so `..` reaches the server as sent (fetch would normalise it). */
function rawGet(url: string, p: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ host: u.hostname, port: u.port, path: p }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

test('live: a finding appears on the board while the run is still training, and new runs and steps without a reload', {
  skip,
}, async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), 'board-live-'));
  const live = path.join(tmp, 'runs');
  await mkdir(live);
  await writeFile(path.join(tmp, 'secret.txt'), 'SECRET');
  const liveBoard = await startBoard(live);
  let child: ChildProcess | null = null;
  try {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fpackage.json',
      '/api/tags?run=..',
      `/api/tags?run=${encodeURIComponent(tmp)}`,
    ]) {
      const r = await rawGet(liveBoard.url, p);
      assert.ok([400, 403, 404].includes(r.status), `${p} → ${r.status}`);
      assert.doesNotMatch(r.body, /SECRET|"name": "trainscope"/);
    }
    const { page } = b;
    await page.goto(`${liveBoard.url}/#/overview`);
    // std-1 init: the doctor flags it at the first probe; long enough to still be training when it shows
    child = spawn(
      process.execPath,
      [
        BIN,
        'train',
        '--data',
        'seed-like:rows=3000',
        '--hidden',
        '32,16',
        '--init',
        'truncated_normal:1',
        '--epochs',
        '500',
        '--threads',
        '1',
        '--logdir',
        live,
        '--name',
        'std1',
        '--quiet',
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
    const card = page.locator('article.health[data-run=std1]');
    await card.locator('article.finding').first().waitFor({ timeout: 60_000 });
    const done = existsSync(path.join(live, 'std1', 'DONE'));
    assert.equal(done, false, 'the run is still training');
    assert.match((await card.locator('.run-status').textContent()) ?? '', /^training/);
    const ids = await card
      .locator('article.finding')
      .evaluateAll((a) => a.map((x) => x.getAttribute('data-finding')));
    const onDisk = JSON.parse(readFileSync(path.join(live, 'std1', 'doctor.json'), 'utf8')).findings.map(
      (f: { id: string }) => f.id,
    );
    for (const id of ids)
      assert.ok(onDisk.includes(id), `${id} comes from the doctor.json written as the run goes`);
    await shot('live-finding');
    child.kill('SIGKILL');
    child = null;
    // a new run and new steps appear without reloading the page
    await page.goto(`${liveBoard.url}/#/runs`);
    const w = createEventWriter(path.join(live, 'later'), { maxBufferedBytes: 0 });
    w.scalar(TAGS.trainLoss, 0.7, 1);
    w.flush();
    await page.locator('table.runs tbody tr[data-run=later]').waitFor({ timeout: 8000 });
    w.scalar(TAGS.trainLoss, 0.6, 7);
    w.flush();
    await page.waitForFunction(
      () =>
        /\b7\b/.test(document.querySelector('table.runs tr[data-run=later] td.last-step')?.textContent ?? ''),
      undefined,
      { timeout: 8000 },
    );
    w.close();
  } finally {
    child?.kill('SIGKILL');
    await liveBoard.close();
    await rm(tmp, { recursive: true, force: true });
  }
});
