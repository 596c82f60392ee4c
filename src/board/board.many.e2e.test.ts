/**
 * Many runs: a grid of 25 configurations (5 learning rates × 5 initialisers) × 2 seeds, tiny
 * real trainings, on the board in Debian's chromium. Filter, sort, seeds grouped, the
 * hyperparameter view, and colours and legends for all fifty.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import type { RunSummary } from './api-types.js';
import {
  type Board,
  openBrowser,
  skipBrowser as skip,
  startBoard,
  type TestBrowser,
} from './testing/board-page.js';
import { GRID_50, gridRuns } from './testing/fixtures.js';

let board: Board;
let b: TestBrowser;
let runs: RunSummary[];

before(async () => {
  if (skip) return;
  board = await startBoard(await gridRuns(GRID_50));
  runs = (await (await fetch(`${board.url}/api/runs`)).json()).runs;
  b = await openBrowser();
});

after(async () => {
  await b?.browser.close();
  await board?.close();
});

const sidebarRuns = () => b.page.locator('.run-list > li').count();

/** A fresh page on a view: nothing chosen in an earlier test (filter, grouping) carries over. */
async function open(view: string): Promise<void> {
  await b.page.goto(`${board.url}/#/${view}`);
  await b.page.reload();
}

/** The runs view, fresh, with seeds grouped. */
async function openGrouped(): Promise<void> {
  await open('runs');
  await b.page.locator('table.runs tbody tr').nth(49).waitFor();
  await b.page.locator('label.group-toggle input').check();
}

test('fifty runs: distinct colours, every one listed', { skip }, async () => {
  assert.equal(runs.length, 50);
  assert.equal(new Set(runs.map((r) => r.color)).size, 50);
  assert.equal(new Set(runs.map((r) => r.group)).size, 25, 'seeds of one configuration share a group');
  await open('runs');
  await b.page.locator('table.runs tbody tr').nth(49).waitFor();
  assert.equal(await sidebarRuns(), 50);
  assert.deepEqual(
    (await b.page.locator('table.runs thead th.diff').allTextContents()).map((t) => t.trim()),
    ['init', 'lr', 'seed'],
  );
});

test('filter by hyperparameter and by name: list, table and chart legends follow', { skip }, async () => {
  const { page } = b;
  await open('runs');
  await page.locator('table.runs tbody tr').nth(49).waitFor();
  await page.fill('input.run-filter', 'lr=1e-2');
  const want = runs.filter((r) => Number(r.config.lr) === 0.01).map((r) => r.name);
  assert.equal(want.length, 10);
  await page.waitForFunction(
    (n) => document.querySelectorAll('table.runs tbody tr').length === n,
    want.length,
  );
  assert.deepEqual(
    (
      await page.locator('table.runs tbody tr').evaluateAll((t) => t.map((x) => x.getAttribute('data-run')))
    ).sort(),
    [...want].sort(),
  );
  assert.equal(await sidebarRuns(), 10);
  // every shown run has a row in a chart's legend
  await page.locator('nav.tabs a[data-tab=scalars]').click();
  const lossCard = page.locator('section.card', { hasText: 'loss/train' }).first();
  await lossCard.scrollIntoViewIfNeeded();
  const legend = lossCard.locator('.legend-row[data-series]');
  await legend.nth(9).waitFor();
  assert.equal(await legend.count(), 10);
  // settings and names combine; a minus negates
  await page.fill('input.run-filter', 'init~truncated -seed=2 lr<0.001');
  const want2 = runs.filter(
    (r) =>
      String(r.config.init).includes('truncated') &&
      Number(r.config.seed) !== 2 &&
      Number(r.config.lr) < 0.001,
  );
  await page.waitForFunction((n) => document.querySelectorAll('.run-list > li').length === n, want2.length);
  assert.equal(want2.length, 4);
  await page.fill('input.run-filter', '');
  await page.waitForFunction(() => document.querySelectorAll('.run-list > li').length === 50);
});

test('sort: a click on a metric header orders the table by it, a second click reverses', {
  skip,
}, async () => {
  const { page } = b;
  await open('runs');
  await page.locator('table.runs tbody tr').nth(49).waitFor();
  const order = () =>
    page.locator('table.runs tbody tr').evaluateAll((t) => t.map((x) => x.getAttribute('data-run')));
  const th = page.locator('th[data-col="m:roc_auc_micro"] button');
  await th.click();
  const auc = (r: RunSummary) => r.final.roc_auc_micro;
  const asc = [...runs].sort((x, y) => auc(x) - auc(y) || 0);
  const got = await order();
  for (let i = 1; i < got.length; i++) {
    const prev = runs.find((r) => r.name === got[i - 1])!;
    const cur = runs.find((r) => r.name === got[i])!;
    assert.ok(auc(prev) <= auc(cur), `${prev.name} ${auc(prev)} before ${cur.name} ${auc(cur)}`);
  }
  assert.equal(got[0] !== null && auc(runs.find((r) => r.name === got[0])!), auc(asc[0]));
  await th.click();
  const desc = await order();
  assert.equal(auc(runs.find((r) => r.name === desc[0])!), auc(asc.at(-1)!));
  await page.locator('th[data-col="cfg:lr"] button').click();
  const byLr = (await order()).map((n) => Number(runs.find((r) => r.name === n)!.config.lr));
  assert.deepEqual(
    byLr,
    [...byLr].sort((x, y) => x - y),
    'numbers sort as numbers',
  );
  await page.locator('th[data-col="run"] button').click();
});

test('seeds grouped: one row per configuration with mean ± std, one line with a band per configuration', {
  skip,
}, async () => {
  const { page } = b;
  await openGrouped();
  const groups = page.locator('table.runs tbody tr.group-row');
  await groups.nth(24).waitFor();
  assert.equal(await groups.count(), 25);
  const first = groups.first();
  const key = await first.getAttribute('data-group');
  const members = runs.filter((r) => r.group === key);
  assert.equal(members.length, 2);
  const m = members.map((r) => r.final.roc_auc_micro);
  const mean = (m[0] + m[1]) / 2;
  assert.match(
    (await first.locator('td.num').first().textContent()) ?? '',
    new RegExp(`^${mean.toFixed(3)} ± `),
  );
  await page.locator('nav.tabs a[data-tab=scalars]').click();
  const card = page.locator('section.card', { hasText: 'loss/train' }).first();
  await card.scrollIntoViewIfNeeded();
  const legend = card.locator('.legend-row[data-series]');
  await legend.nth(24).waitFor();
  assert.equal(await legend.count(), 25);
  assert.match((await legend.first().textContent()) ?? '', /\(2 seeds\)/);
  assert.deepEqual(await card.locator('.legend-head [role=columnheader]').allTextContents(), [
    '',
    'run / configuration',
    'mean',
    'min – max',
    'step',
  ]);
  await page.locator('label.group-toggle input').uncheck();
  const ungrouped = page.locator('section.card', { hasText: 'loss/train' }).first();
  await ungrouped.scrollIntoViewIfNeeded();
  await ungrouped.locator('.legend-row[data-series]').nth(49).waitFor();
});

test('seeds grouped in the run list: one entry per configuration with its seed count and mean ± std of the sorted metric; tick, open, filter and sort', {
  skip,
}, async () => {
  const { page } = b;
  await openGrouped();
  const entries = page.locator('.run-list > li.seed-group');
  await entries.nth(24).waitFor();
  assert.equal(await page.locator('.run-list > li').count(), 25, 'one entry per configuration, not per run');
  const stats = (k: string, members: RunSummary[]) => {
    const xs = members.map((r) => r.final[k]);
    const m = xs.reduce((a, c) => a + c, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, c) => a + (c - m) ** 2, 0) / (xs.length - 1));
    return { m, text: `${m.toFixed(3)} ± ${sd.toFixed(3)}` };
  };
  const membersOf = (g: string) => runs.filter((r) => r.group === g);
  // unsorted table: ROC AUC macro, the seeds counted
  const first = entries.first();
  const key = (await first.getAttribute('data-group'))!;
  assert.equal(membersOf(key).length, 2);
  assert.equal(
    await first.locator('.group-stat').textContent(),
    `AUC M ${stats('roc_auc_macro', membersOf(key)).text}`,
  );
  assert.equal(await first.locator('button.kids-toggle').textContent(), '▸ 2 seeds');
  // sorted by a metric in the runs table: the list follows, by the configurations' means, and shows that metric
  await page.locator('th[data-col="m:roc_auc_micro"] button').click();
  const order = async () =>
    (await entries.evaluateAll((l) => l.map((x) => x.getAttribute('data-group')))) as string[];
  await page.waitForFunction(() =>
    document.querySelector('.run-list .group-stat')?.textContent?.startsWith('AUC µ'),
  );
  const means = (await order()).map((g) => stats('roc_auc_micro', membersOf(g)).m);
  for (let i = 1; i < means.length; i++)
    assert.ok(means[i - 1] <= means[i], `ascending: ${means.join(', ')}`);
  const lowest = (await order())[0];
  assert.equal(
    await entries.first().locator('.group-stat').textContent(),
    `AUC µ ${stats('roc_auc_micro', membersOf(lowest)).text}`,
  );
  await page.locator('th[data-col="m:roc_auc_micro"] button').click();
  assert.equal((await order()).at(-1), lowest, 'a second click reverses');
  // unticking a configuration unticks its seeds; opened, it lists them; one seed ticked = half-ticked
  const entry = page.locator(`.run-list > li.seed-group[data-group="${lowest}"]`);
  await entry.locator('input[data-group]').uncheck();
  const [s1, s2] = membersOf(lowest).map((r) => r.name);
  for (const n of [s1, s2])
    assert.equal(await page.locator(`table.runs tr[data-run="${n}"] input`).isChecked(), false, n);
  await entry.locator('button.kids-toggle').click();
  const seeds = page.locator(`.run-list > li.seed-group[data-group="${lowest}"] .run-kids input[data-run]`);
  assert.deepEqual(
    (await seeds.evaluateAll((i) => i.map((x) => x.getAttribute('data-run')))).sort(),
    [s1, s2].sort(),
  );
  // the second seed alone: half-ticked, and the charts keep the configuration's colour (its
  // first run's, as in the list and the table), not the ticked seed's
  await seeds.nth(1).check();
  const box = page.locator(`.run-list > li.seed-group[data-group="${lowest}"] input[data-group]`);
  assert.equal(await box.evaluate((x: HTMLInputElement) => x.indeterminate), true);
  const bg = (l: Locator) => l.evaluate((x) => getComputedStyle(x).backgroundColor);
  const listColour = await bg(
    page.locator(`.run-list > li.seed-group[data-group="${lowest}"] > label .swatch`),
  );
  assert.equal(await bg(page.locator(`table.runs tr.group-row[data-group="${lowest}"] .swatch`)), listColour);
  await page.locator('nav.tabs a[data-tab=scalars]').click();
  const lossCard = page.locator('section.card', { hasText: 'loss/train' }).first();
  await lossCard.scrollIntoViewIfNeeded();
  const row = lossCard.locator(`.legend-row[data-series="group:${lowest}"]`);
  await row.waitFor();
  assert.equal(await bg(row.locator('.swatch')), listColour);
  await page.locator('nav.tabs a[data-tab=runs]').click();
  // the runs table's configuration row ticks it too
  await page.locator(`table.runs tr.group-row[data-group="${lowest}"] input[data-group]`).check();
  assert.equal(await page.locator(`table.runs tr[data-run="${s2}"] input`).isChecked(), true);
  assert.equal(await box.isChecked(), true);
  assert.equal(await box.evaluate((x: HTMLInputElement) => x.indeterminate), false);
  // the filter narrows the configurations
  await page.fill('input.run-filter', 'lr=1e-2');
  await page.waitForFunction(() => document.querySelectorAll('.run-list > li').length === 5);
  await page.fill('input.run-filter', '');
  await page.locator('label.group-toggle input').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('.run-list > li').length === 50);
  assert.deepEqual(b.errors, []);
});

test('overview: a failing run the doctor names no cause for says so (and how to find one), unlike one with a cause', {
  skip,
}, async () => {
  const { page } = b;
  const failing = runs.filter((r) => r.state !== 'ok' && r.state !== 'unchecked');
  const unnamed = failing.find((r) => !r.cause);
  const named = failing.find((r) => r.cause);
  assert.ok(unnamed && named, 'the grid has failing runs with and without a named cause');
  await open('overview');
  const card = (r: RunSummary) => page.locator(`article.health[data-run="${r.name}"]`);
  await card(unnamed).waitFor();
  assert.match((await card(unnamed).locator('p.verdict').textContent()) ?? '', /^Cause: not named · none of/);
  assert.match(
    (await card(unnamed).locator('p.explain-cmd').textContent()) ?? '',
    /^Which setting is to blame/,
  );
  await card(named).waitFor();
  assert.equal(await card(named).locator('p.no-cause').count(), 0);
  assert.match((await card(named).locator('p.verdict .cause').textContent()) ?? '', /\w/);
  assert.match((await card(named).locator('p.explain-cmd').textContent()) ?? '', /^Is it this cause/);
  assert.deepEqual(b.errors, []);
});

test('the hyperparameter view: an axis per differing setting and the metric, a line per run, hover and brush', {
  skip,
}, async () => {
  const { page } = b;
  await open('hparams');
  const svg = page.locator('svg.parallel');
  await svg.waitFor();
  assert.deepEqual(
    await svg.locator('g.pc-axis').evaluateAll((g) => g.map((x) => x.getAttribute('data-axis'))),
    ['init', 'lr', 'seed', 'roc_auc_macro'],
  );
  assert.match((await svg.locator('g.pc-axis[data-axis=lr] text').first().textContent()) ?? '', /lr \(log\)/);
  const lines = svg.locator('polyline.pc-line');
  assert.equal(await lines.count(), 50);
  // hover a line: its run
  const target = runs[7];
  const line = svg.locator(`polyline[data-key="${target.name}"]`);
  // lines cross: hover this one, not whichever lies on top at its middle
  await line.dispatchEvent('mouseenter');
  assert.match(
    (await page.locator('.pc-tooltip').textContent()) ?? '',
    new RegExp(target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  // brush the top of the lr axis: only the largest learning rate is kept
  const axis = (await svg.locator('g.pc-axis[data-axis=lr] rect.pc-brush').boundingBox())!;
  await page.mouse.move(axis.x + axis.width / 2, axis.y + axis.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(axis.x + axis.width / 2, axis.y - 20, { steps: 4 });
  await page.mouse.up();
  const kept = await svg
    .locator('polyline.pc-line:not(.dimmed)')
    .evaluateAll((l) => l.map((x) => x.getAttribute('data-key')));
  const maxLr = Math.max(...runs.map((r) => Number(r.config.lr)));
  assert.deepEqual(
    kept.sort(),
    runs
      .filter((r) => Number(r.config.lr) === maxLr)
      .map((r) => r.name)
      .sort(),
  );
  // the scatter: one point per run; with seeds grouped, one line per configuration
  assert.equal(await page.locator('svg.scatter circle.sc-point').count(), 50);
  await page.locator('label.group-toggle input').check();
  await page.waitForFunction(() => document.querySelectorAll('svg.parallel polyline.pc-line').length === 25);
  assert.deepEqual(
    await page
      .locator('svg.parallel g.pc-axis')
      .evaluateAll((g) => g.map((x) => x.getAttribute('data-axis'))),
    ['init', 'lr', 'roc_auc_macro'],
    'the seed is averaged out',
  );
  await page.locator('label.group-toggle input').uncheck();
  assert.deepEqual(b.errors, []);
});
