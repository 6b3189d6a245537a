import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it); `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and quiet: no call home, no updates, no sync, so the only traffic is the test's own. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Tests reach their own origin only: anything else is aborted (and reported by `problems()`). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where `screenshot(name)` writes (`test-results/` is ignored by git; CI keeps it as an artifact). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /**
   * Console errors, uncaught page errors, requests that failed and HTTP errors (4xx/5xx) since the last
   * call, each as one line; `expect(session.problems()).toEqual([])` after every step.
   */
  problems(): string[];
  /** Lets one HTTP error through `problems()`: the test means to get `status` from a URL containing `urlPart`. */
  allowHttpError(status: number, urlPart: string): void;
  /** A full-page PNG of the current page, `test-results/screenshots/<name>.png`; resolves to its path. */
  screenshot(name: string): Promise<string>;
  /**
   * Another visitor in the same Chromium: a fresh context (no cookies) with its own page, `problems()` and
   * screenshots, whose `close()` closes only that context. `javaScriptEnabled: false` browses without scripts.
   */
  visitor(opts?: { javaScriptEnabled?: boolean }): Promise<BrowserSession>;
  close(): Promise<void>;
}

/**
 * Chromium with a fresh context (no cookies, no cache) whose page resolves relative URLs against
 * `baseURL`, and records everything that went wrong in it. One per test file: `close()` in `afterAll`.
 */
export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH).`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return watchedSession(browser, baseURL, {}, () => browser.close());
}

/** A fresh context of `browser` and its page, watched for problems; `close` ends what the session owns. */
async function watchedSession(
  browser: Browser,
  baseURL: string,
  opts: { javaScriptEnabled?: boolean },
  close: (context: BrowserContext) => Promise<void>,
): Promise<BrowserSession> {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
  });
  await context.route(
    (url) => !LOOPBACK.has(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  const found: string[] = [];
  const allowed: { status: number; urlPart: string }[] = [];
  const isAllowed = (status: number, url: string) =>
    allowed.some((a) => a.status === status && url.includes(a.urlPart));

  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium also logs every HTTP error as "Failed to load resource"; the response handler judges those.
    if (message.text().startsWith('Failed to load resource: the server responded with a status of')) return;
    const where = message.location().url;
    found.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => found.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    found.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && !isAllowed(status, response.url())) {
      found.push(`HTTP ${status}: ${response.request().method()} ${response.url()}`);
    }
  });

  return {
    browser,
    context,
    page,
    problems: () => found.splice(0),
    allowHttpError: (status, urlPart) => {
      allowed.push({ status, urlPart });
    },
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    visitor: (visitorOpts = {}) =>
      watchedSession(browser, baseURL, visitorOpts, (visitorContext) => visitorContext.close()),
    close: () => close(context),
  };
}
