/**
 * End to end: a real short training run, the board over its log directory, Debian's chromium
 * driving the page. Screenshots go to test-artifacts/board/ (git-ignored).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { createEventWriter } from '../events/index.js';
import { TAGS } from '../run/tags.js';
import { LogdirProvider } from './logdir-provider.js';
import { buildReport } from './report.js';
import { createBoardServer, listen } from './server.js';
import { defaultStaticDir } from './static.js';
import { type Browser, chromiumAvailable, launchChromium } from './testing/browser.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'board');
// In CI these must run (.ci/run installs chromium, npm ci builds web/dist): never skip there.
const skip = process.env.CI
  ? false
  : !chromiumAvailable()
    ? 'chromium not installed (/usr/bin/chromium)'
    : !existsSync(path.join(defaultStaticDir(), 'index.html'))
      ? 'web/dist not built (npm run build:web)'
      : false;

let tmp: string;
let logdir: string;
let url: string;
let server: http.Server;
let browser: Browser;
let page: Page;

async function train(name: string, ...extra: string[]): Promise<void> {
  await exec(
    process.execPath,
    [
      path.join(ROOT, 'bin/trainscope.js'),
      'train',
      '--data',
      'seed-like:rows=600',
      '--epochs',
      '3',
      '--hidden',
      '16,8',
      '--logdir',
      logdir,
      '--name',
      name,
      ...extra,
    ],
    { cwd: ROOT },
  );
}

const shot = (name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });

/** A canvas has drawn when some pixel is not transparent. */
const canvasHasInk = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
      return false;
    });

before(async () => {
  if (skip) return;
  await mkdir(ARTIFACTS, { recursive: true });
  tmp = await mkdtemp(path.join(tmpdir(), 'board-e2e-'));
  logdir = path.join(tmp, 'runs');
  // the story in miniature: Glorot, and std-1 init with dropout (the doctor flags it)
  await Promise.all([
    train('glorot'),
    train('std1-dropout', '--init', 'truncated_normal:1', '--dropout', '0.5'),
  ]);
  await writeFile(path.join(tmp, 'secret.txt'), 'SECRET');
  server = createBoardServer({
    provider: new LogdirProvider(logdir, { minRefreshMs: 200 }),
    staticDir: defaultStaticDir(),
    allowedHosts: ['127.0.0.1', 'localhost'],
  });
  url = await listen(server, 0, '127.0.0.1');
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('runs table lists the trained runs with differing settings highlighted', { skip }, async () => {
  await page.goto(`${url}/#/runs`);
  const rows = page.locator('table.runs tbody tr');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  const text = (await page.locator('table.runs').textContent()) ?? '';
  assert.match(text, /glorot/);
  assert.match(text, /std1-dropout/);
  const diffHeads = await page.locator('table.runs th.diff').allTextContents();
  assert.ok(diffHeads.includes('init') && diffHeads.includes('dropout'), diffHeads.join());
  await shot('runs');
});

test('a scalar chart draws with a legend entry per run', { skip }, async () => {
  await page.goto(`${url}/#/scalars`);
  await page.waitForSelector('body[data-first-chart-ms]');
  const first = page.locator('section.card').first();
  await first.locator('canvas').waitFor();
  assert.ok(await canvasHasInk('section.card canvas'));
  assert.equal(await first.locator('.legend-row').count(), 2);
  // hover shows values at the cursor
  const box = (await first.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  assert.match((await first.locator('.legend-row').first().textContent()) ?? '', /step \d+/);
  await shot('scalars');
});

test('a histogram chart draws and the step slider changes it', { skip }, async () => {
  const tag = TAGS.param('layer1', 'weights');
  await page.goto(`${url}/#/histograms?tag=${encodeURIComponent(tag)}&run=std1-dropout`);
  const card = page.locator('section.card', { hasText: 'std1-dropout' }).first();
  const canvas = card.locator('.hist-area canvas');
  await canvas.waitFor();
  await page.waitForFunction(() => document.querySelector('.stats')?.textContent?.startsWith('step'));
  assert.ok(await canvasHasInk('.hist-area canvas'));
  const before = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const statsBefore = await card.locator('.stats').textContent();
  await card.locator('input.step-slider').fill('0');
  const after = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  assert.notEqual(after, before, 'slider redraws the chart');
  assert.notEqual(await card.locator('.stats').textContent(), statsBefore);
  await shot('histograms');
  await page.locator('input[value=overlay]').check();
  assert.notEqual(
    await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL()),
    after,
    'overlay mode redraws',
  );
});

test('doctor findings appear with a link to the chart with their evidence', { skip }, async () => {
  await page.goto(`${url}/#/findings`);
  const finding = page.locator('article.finding').first();
  await finding.waitFor();
  const link = finding.locator('a.evidence');
  assert.equal(await link.count(), 1);
  await shot('findings');
  await link.click();
  await page.waitForSelector('section.card.focused');
  assert.match(page.url(), /#\/(scalars|histograms)\?tag=/);
  await shot('finding-evidence');
});

/** Raw HTTP so `..` reaches the server as sent (fetch would normalise it). */
function rawGet(p: string): Promise<{ status: number; body: string }> {
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

test('traversal requests are refused', { skip }, async () => {
  for (const p of [
    '/../secret.txt',
    '/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fpackage.json',
    '/api/tags?run=..',
    `/api/tags?run=${encodeURIComponent(tmp)}`,
  ]) {
    const r = await rawGet(p);
    assert.ok(r.status === 403 || r.status === 404 || r.status === 400, `${p} → ${r.status}`);
    assert.doesNotMatch(r.body, /SECRET|"name": "trainscope"/);
  }
});

test('a new run and new steps appear without reloading the page', { skip }, async () => {
  await page.goto(`${url}/#/runs`);
  await page.locator('table.runs tbody tr').nth(1).waitFor();
  const w = createEventWriter(path.join(logdir, 'live'), { maxBufferedBytes: 0 });
  w.scalar(TAGS.trainLoss, 0.7, 1);
  w.flush();
  const row = page.locator('table.runs tbody tr', { hasText: 'live' });
  await row.waitFor({ timeout: 8000 });
  w.scalar(TAGS.trainLoss, 0.6, 7);
  w.flush();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('table.runs tbody tr')].some(
        (tr) =>
          tr.textContent?.includes('live') &&
          /\b7\b/.test(tr.querySelector('td.last-step')?.textContent ?? ''),
      ),
    undefined,
    { timeout: 8000 },
  );
  w.close();
  await shot('live');
});

test('the static report opens from file:// with its charts drawn', { skip }, async () => {
  const provider = new LogdirProvider(logdir);
  const html = await buildReport(provider, { title: 'e2e', staticDir: defaultStaticDir() });
  const file = path.join(ARTIFACTS, 'report.html');
  await writeFile(file, html);
  assert.doesNotMatch(html, /src="\.\/assets|href="\.\/assets/, 'no external assets');
  await page.goto(`${pathToFileURL(file).href}#/scalars`);
  await page.waitForSelector('body[data-first-chart-ms]');
  assert.ok(await canvasHasInk('section.card canvas'));
  await shot('report-scalars');
  await page.goto(`${pathToFileURL(file).href}#/histograms`);
  await page.locator('.hist-area canvas').first().waitFor();
  await page.waitForFunction(() => document.querySelector('.stats')?.textContent?.startsWith('step'));
  assert.ok(await canvasHasInk('.hist-area canvas'));
  await page.goto(`${pathToFileURL(file).href}#/findings`);
  await page.locator('article.finding').first().waitFor();
  await shot('report-findings');
});
