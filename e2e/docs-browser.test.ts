import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { RESOURCES } from '@items-api/function/resources';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { apiUrl, call, createItem, deleteItems, type Item } from './api.js';
import { launchChromium, type WatchedPage, watchedPage } from './browser.js';

// The docs pages in headless Chromium (Debian's `chromium`, see e2e/browser.ts), served by whichever
// launcher the project starts: the pages, their assets and "Try it out" must all stay on the API's own
// origin, under `/prod/` too.

const SCREENSHOTS = new URL('../test-artifacts/browser/', import.meta.url).pathname;
const ITEM_FIELDS = ['id', 'name', 'price', 'description', 'version', 'createdAt', 'updatedAt'];

let browser: Browser | undefined;
const created = new Set<string>();

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await deleteItems(created);
});

/** `test-artifacts/browser/<project>-<page>.png`: one per project, so the two runs do not overwrite each other. */
function screenshotPath(task: TestContext['task'], page: string): string {
  return `${SCREENSHOTS}${task.file.projectName || 'e2e'}-${page}.png`;
}

/**
 * Opens `path` (relative to the API root) in a fresh watched context, runs `check`, then checks that
 * nothing left the machine and nothing failed on the page; saves a full-page screenshot, pass or fail.
 */
async function inBrowser(path: string, screenshot: string, check: (watched: WatchedPage) => Promise<void>): Promise<void> {
  if (!browser) throw new Error('Chromium did not start');
  const watched = await watchedPage(browser, apiUrl);
  try {
    const response = await watched.page.goto(new URL(path, apiUrl).href);
    expect(response?.status()).toBe(200);
    await check(watched);
    await watched.page.screenshot({ path: screenshot, fullPage: true });
    expect(watched.foreign, `requests to other origins (refused) among:\n${watched.requests.join('\n')}`).toEqual([]);
    expect(watched.errors).toEqual([]);
  } catch (error) {
    // What the page showed when it failed.
    await watched.page.screenshot({ path: screenshot, fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await watched.context.close();
  }
}

describe('Swagger UI (/docs) in Chromium', () => {
  it('shows every resource\'s operations, and "Try it out" on POST /items creates an item the API then serves', async ({ task }) => {
    await inBrowser('docs', screenshotPath(task, 'docs'), async ({ page }) => {
      await page.locator('.opblock').first().waitFor();
      const operations = await page
        .locator('.opblock')
        .evaluateAll((blocks) =>
          blocks.map(
            (block) =>
              `${block.querySelector('.opblock-summary-method')?.textContent} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
          ),
        );
      const expected = RESOURCES.flatMap(({ name, history }) => [
        `DELETE /${name}/{id}`,
        `GET /${name}`,
        `GET /${name}/{id}`,
        `POST /${name}`,
        `PUT /${name}/{id}`,
        ...(history ? [`GET /${name}/{id}/history`] : []),
      ]);
      expect(operations.sort()).toEqual(expected.sort());

      const post = page.locator('.opblock-post').filter({ has: page.locator('.opblock-summary-path[data-path="/items"]') });
      await post.locator('.opblock-summary-control').click();
      // Swagger UI fills optional headers with the document's examples: it must send none of the
      // conditional or idempotency headers (a second run would get 422, a read 304).
      await post.getByRole('button', { name: 'Try it out' }).click();
      const sent = { name: `Browser test ${randomUUID()}`, price: 4200, description: 'Made by Swagger UI in Chromium' };
      await post.locator('textarea.body-param__text').fill(JSON.stringify(sent));
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        post.getByRole('button', { name: 'Execute' }).click(),
      ]);
      // To this deployment's items, stage included: `/prod/items` behind the local Lambda runner.
      expect(response.url()).toBe(new URL('items', apiUrl).href);
      const headers = await response.request().allHeaders();
      for (const name of ['idempotency-key', 'if-match', 'if-none-match']) expect(headers).not.toHaveProperty(name);
      const result = post.locator('.live-responses-table tbody tr.response');
      await result.waitFor();
      expect((await result.locator('.response-col_status').innerText()).trim()).toBe('201');
      expect((await post.locator('.request-url pre').innerText()).trim()).toBe(new URL('items', apiUrl).href);
      const shown = JSON.parse(await result.locator('.response-col_description pre.microlight').first().innerText()) as Item;
      created.add(shown.id);
      expect(shown).toMatchObject({ ...sent, version: 1 });
      expect(Object.keys(shown).sort()).toEqual([...ITEM_FIELDS].sort());

      // The item is there for any client, as the page showed it.
      const read = await call(`items/${shown.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual(shown);
    });
  }, 40_000);

  it('"Try it out" on GET /items sends a query (category, price[lt]) and shows exactly the matching items', async ({ task }) => {
    const category = `browser-${randomUUID().slice(0, 8)}`;
    for (const price of [100, 200, 300]) created.add((await createItem({ name: `Query ${price}`, price, category })).id);
    created.add((await createItem({ name: 'Other category', price: 150, category: `${category}-other` })).id);
    // Reads from an index are eventually consistent on AWS: wait, with a bound, until the query sees them.
    const query = `items?category=${category}&price%5Blt%5D=250`;
    const deadline = Date.now() + 10_000;
    while (((await (await call(query)).json()) as Item[]).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await inBrowser('docs', screenshotPath(task, 'docs-query'), async ({ page }) => {
      const list = page.locator('.opblock-get').filter({ has: page.locator('.opblock-summary-path[data-path="/items"]') });
      await list.locator('.opblock-summary-control').click();
      await list.getByRole('button', { name: 'Try it out' }).click();
      await list.locator('tr[data-param-name="category"] input').fill(category);
      await list.locator('tr[data-param-name="price[lt]"] input').fill('250');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('category=')),
        list.getByRole('button', { name: 'Execute' }).click(),
      ]);
      const sent = new URL(response.url());
      expect(sent.pathname).toBe(new URL('items', apiUrl).pathname);
      // Swagger UI also sends `limit` at its documented default.
      const { limit, ...filters } = Object.fromEntries(sent.searchParams);
      expect(filters).toEqual({ category, 'price[lt]': '250' });
      const result = list.locator('.live-responses-table tbody tr.response');
      await result.waitFor();
      expect((await result.locator('.response-col_status').innerText()).trim()).toBe('200');
      const shown = JSON.parse(await result.locator('.response-col_description pre.microlight').first().innerText()) as Item[];
      expect(shown.map((item) => item.price)).toEqual([100, 200]);
    });
  }, 40_000);
});

describe('ReDoc (/redoc) in Chromium', () => {
  it('renders the operations and the Item schema of GET /items/{id}', async ({ task }) => {
    await inBrowser('redoc', screenshotPath(task, 'redoc'), async ({ page }) => {
      await expect(page.locator('h1').first().innerText()).resolves.toContain('Items API');
      // ReDoc's section ids: the tag, then the path with `/` written `~1` (JSON pointer), then the method.
      const sections = await page
        .locator('[data-section-id^="tag/items/paths/"]')
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-section-id')));
      expect(sections.sort()).toEqual(
        ['~1items/get', '~1items/post', '~1items~1{id}/delete', '~1items~1{id}/get', '~1items~1{id}/put', '~1items~1{id}~1history/get'].map(
          (operation) => `tag/items/paths/${operation}`,
        ),
      );
      const readItem = page.locator('[data-section-id="tag/items/paths/~1items~1{id}/get"]');
      const ok = readItem.getByRole('button', { name: /^200\b/ });
      await ok.click();
      // The response, once opened, lists its headers and then its schema's properties, beside the button.
      const fields = ok.locator('xpath=..').locator('td[kind="field"] .property-name');
      await fields.filter({ hasText: /^updatedAt$/ }).waitFor();
      expect(await fields.allInnerTexts()).toEqual(expect.arrayContaining(ITEM_FIELDS));
    });
  }, 40_000);
});
