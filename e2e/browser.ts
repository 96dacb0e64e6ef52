import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { stringSetting } from '@items-api/dynamodb-records';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const INSTALL_HINT =
  "The browser test drives Debian's Chromium: install it with `apt-get install chromium` (CI's .ci/run " +
  'does), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** `CHROMIUM_PATH`, else where `command -v chromium` finds it; a clear error when there is none. */
export function chromiumPath(): string {
  const given = stringSetting(process.env, 'CHROMIUM_PATH');
  const found = given ?? (spawnSync('/bin/sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout ?? '').trim();
  if (!found) throw new Error(`No chromium on PATH. ${INSTALL_HINT}`);
  try {
    accessSync(found, constants.X_OK);
  } catch {
    throw new Error(`${found} (${given ? 'CHROMIUM_PATH' : 'command -v chromium'}) is not an executable. ${INSTALL_HINT}`);
  }
  return found;
}

/** Headless Chromium (as root too, hence no sandbox), with none of its own background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the pages, their workers and service workers asked for, in order. */
  requests: string[];
  /** Those not on the API's own origin: refused (aborted or, for WebSockets, never connected). */
  foreign: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/**
 * A fresh context whose every request is recorded, and refused unless it goes to `apiUrl`'s origin, so
 * that nothing leaves the machine; console errors and page errors are collected too.
 */
export async function watchedPage(browser: Browser, apiUrl: string): Promise<WatchedPage> {
  const origin = new URL(apiUrl).origin;
  // `blob:http://127.0.0.1:…/…` (ReDoc's search worker) has the origin of the page that made it; `data:`
  // never leaves the browser.
  const isLocal = (url: string): boolean => url.startsWith('data:') || originOf(url) === origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const watched: WatchedPage = { context, page: undefined as unknown as Page, requests: [], foreign: [], errors: [] };
  const record = (url: string): void => {
    watched.requests.push(url);
    if (!isLocal(url) && !watched.foreign.includes(url)) watched.foreign.push(url);
  };
  // Every request of every page, worker and service worker; those a route never sees (refused by the
  // page's CSP, or answered by a service worker) are still reported here.
  context.on('request', (request) => record(request.url()));
  context.on('serviceworker', (worker) => record(worker.url()));
  await context.route(
    () => true,
    (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')),
  );
  await context.routeWebSocket(
    () => true,
    (socket) => {
      record(socket.url());
      if (isLocal(socket.url())) socket.connectToServer();
      else void socket.close();
    },
  );
  context.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  context.on('weberror', (error) => watched.errors.push(`uncaught: ${error.error().stack ?? String(error.error())}`));
  watched.page = await context.newPage();
  return watched;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
