import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInfluence, formatPercentile } from '../../graph/scores/format.ts';
import {
  CHROMIUM,
  newPage,
  query,
  runBrowserTests,
  screenshot,
  startDemo,
  type Demo,
  type Serving,
} from './browser.ts';

if (!runBrowserTests)
  console.log(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium package to run them).`);

interface Outreach {
  strong: { name: string };
  weak: { name: string };
  people: Array<{
    id: string;
    label: string | null;
    strong: number;
    strongPercentile: number;
    weak: number | null;
    weakPercentile: number | null;
  }>;
}

/** The number of people the side bar asks for (the panel's `limit`). */
const LIMIT = 20;

/**
 * The explorer's "Who to invite onto a channel" in headless Chromium against a real `sway serve --demo` (whose
 * relationships carry channels): two channels chosen, and the people listed with both influences and the reason,
 * checked against people.outreach over HTTP for the same input.
 */
describe.skipIf(!runBrowserTests)('the outreach list in the explorer, in headless Chromium', () => {
  let demo: Demo;
  let server: Serving;
  let token: string;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    demo = await startDemo('outreach');
    ({ server, token } = demo);
    page = await newPage(demo.browser);
  }, 240_000);

  afterAll(async () => {
    await page?.close();
    await demo?.stop();
  });

  it('lists who is influential on one chosen channel and absent or weak on another, as the API does', async () => {
    const { scoredChannels } = await query<{ scoredChannels: string[] }>(server.url, token, 'graph.view', {
      mode: 'top',
      limit: 20,
    });
    expect(scoredChannels.length).toBeGreaterThanOrEqual(2);
    // Not the pair the panel starts with (the first two), so the choice itself is exercised; one with people in it.
    const pairs = scoredChannels.flatMap((a) => scoredChannels.filter((b) => b !== a).map((b) => [a, b] as const));
    let chosen: { strong: string; weak: string; expected: Outreach } | null = null;
    for (const [strong, weak] of pairs.slice(1)) {
      const expected = await query<Outreach>(server.url, token, 'people.outreach', { strong, weak, limit: LIMIT });
      if (expected.people.length >= 3) {
        chosen = { strong, weak, expected };
        break;
      }
    }
    expect(chosen, 'a pair of demo channels with people to invite').not.toBeNull();
    const { strong, weak, expected } = chosen!;

    await page.goto(`${server.url}#token=${token}`);
    const panel = page.getByTestId('outreach');
    await panel.locator('summary').click();
    await page.getByTestId('outreach-strong').selectOption(strong);
    await page.getByTestId('outreach-weak').selectOption(weak);

    const rows = page.getByTestId('outreach-list').locator('li');
    await expect
      .poll(async () => rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-id'))), {
        timeout: 30_000,
      })
      .toEqual(expected.people.map((p) => p.id));
    const shown = await rows.evaluateAll((items) =>
      items.map((item) => ({
        name: item.querySelector('button')!.textContent!.trim(),
        strong: item.querySelector('[data-testid="outreach-strong-value"]')!.textContent!.trim(),
        weak: item.querySelector('[data-testid="outreach-weak-value"]')!.textContent!.trim(),
        reason: item.querySelector('[data-testid="outreach-reason"]')!.textContent!.replace(/\s+/g, ' ').trim(),
      })),
    );
    expect(shown).toEqual(
      expected.people.map((p) => ({
        name: p.label ?? p.id,
        strong: formatInfluence(p.strong),
        weak: p.weak === null ? 'not there' : formatInfluence(p.weak),
        reason:
          `${formatPercentile(p.strongPercentile)} on ${strong}; ` +
          (p.weak === null
            ? `not on ${weak}`
            : p.weakPercentile === null
              ? `weak on ${weak}`
              : `${formatPercentile(p.weakPercentile)} on ${weak}`),
      })),
    );
    await screenshot(page, 'outreach-01-list');

    // A click opens the person panel, as the other lists do, on the person's own channels.
    const first = expected.people[0];
    await rows.first().locator('button').click();
    const person = page.getByTestId('person-panel');
    await expect.poll(() => person.locator('[data-testid="channels"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await person.locator('#person-title').textContent()).toContain(first.label ?? first.id);
    await screenshot(page, 'outreach-02-person');

    // The same channel on both sides asks for two different ones instead of listing anything.
    await page.getByTestId('outreach-weak').selectOption(strong);
    await expect.poll(() => panel.textContent()).toContain('Choose two different channels.');
    expect(page.errors).toEqual([]);
  });
});
