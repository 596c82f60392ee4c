/**
 * What the board's browser tests share: a real board server over a log directory, Debian's
 * chromium on a page that fails the test on any script error, and small page helpers.
 */
import { existsSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LogdirProvider } from '../logdir-provider.js';
import { createBoardServer, listen } from '../server.js';
import { defaultStaticDir } from '../static.js';
import { type Browser, chromiumAvailable, launchChromium } from './browser.js';
import { ROOT } from './fixtures.js';

export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'board');

/** In CI these must run (.ci/run installs chromium, npm ci builds web/dist): never skip there. */
export const skipBrowser: string | false = process.env.CI
  ? false
  : !chromiumAvailable()
    ? 'chromium not installed (/usr/bin/chromium)'
    : !existsSync(path.join(defaultStaticDir(), 'index.html'))
      ? 'web/dist not built (npm run build:web)'
      : false;

export interface Board {
  url: string;
  provider: LogdirProvider;
  close(): Promise<void>;
}

export async function startBoard(logdir: string): Promise<Board> {
  const provider = new LogdirProvider(logdir, { minRefreshMs: 200 });
  const server: http.Server = createBoardServer({
    provider,
    staticDir: defaultStaticDir(),
    allowedHosts: ['127.0.0.1', 'localhost'],
  });
  const url = await listen(server, 0, '127.0.0.1');
  return { url, provider, close: () => new Promise((r) => server.close(() => r())) };
}

export interface TestBrowser {
  browser: Browser;
  page: Page;
  /** Script errors seen on the page so far (a test asserts there are none). */
  errors: string[];
}

export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<TestBrowser> {
  const browser = await launchChromium(viewport);
  const page = await browser.context.newPage();
  // generous: the machine is shared; a missing element still fails, just later
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { browser, page, errors };
}

/** A canvas has drawn when some pixel is not white or transparent. */
export function canvasHasInk(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3] !== 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) return true;
      return false;
    });
}

/** Is the element entirely inside the viewport as the page first shows it (no scrolling)? */
export async function onFirstScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const vp = page.viewportSize()!;
  return (
    box !== null &&
    box.y >= 0 &&
    box.y + box.height <= vp.height &&
    box.x >= 0 &&
    box.x + box.width <= vp.width
  );
}
