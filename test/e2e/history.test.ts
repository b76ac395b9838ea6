import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  CHROMIUM,
  newPage,
  query,
  runBrowserTests,
  screenshot,
  startDemo,
  sway,
  type Demo,
  type Serving,
} from './browser.ts';
import { escapeRegExp } from '../regexp.ts';

if (!runBrowserTests)
  console.log(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium package to run them).`);

interface HistoryPoint {
  version: number;
  computedAt: string;
  asOf: string | null;
  values: { influence: number | null; reach2: number | null; reputation: number | null };
}

/**
 * A person's history in the person panel: the demo scored as `sway serve --demo` does, then four more times with
 * `sway score` (three as-of dates, then the latest with `--keep-versions 3`), so the store keeps three versions; the
 * panel's chart has one point per kept version with the values people.history gives.
 */
describe.skipIf(!runBrowserTests)("a person's history in headless Chromium", () => {
  let demo: Demo;
  let server: Serving;
  let token: string;
  let link: string;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo('history');
    ({ server, token, link, browser } = demo);
    // Beside the running server, as an operator would: each scoring publishes a new version.
    for (const asOf of ['2024-03-31', '2024-06-30', '2024-09-30'])
      await sway(['score', '--as-of', asOf, '--data', demo.data]);
    await sway(['score', '--keep-versions', '3', '--data', demo.data]);
  });

  afterAll(() => demo?.stop());

  it('draws influence, reach and reputation over the kept versions, one point per version', async () => {
    const summary = await query<{ topInfluencers: { id: string; label: string | null }[] }>(
      server.url,
      token,
      'graph.summary',
    );
    const person = summary.topInfluencers[0];
    const history = await query<HistoryPoint[]>(server.url, token, 'people.history', { id: person.id });
    // The five versions written, cut to three by --keep-versions 3: the last three, as of the three last dates.
    expect(history.map((point) => point.version)).toEqual([3, 4, 5]);
    const dates = history.map((point) => point.asOf!.slice(0, 10));
    expect(dates.slice(0, 2)).toEqual(['2024-06-30', '2024-09-30']);
    // The latest scoring is as of the demo's last relationship, later still.
    expect(dates[2] > dates[1]).toBe(true);

    const page = await newPage(browser);
    await page.goto(link);
    await expect.poll(() => page.getByTestId('identity').textContent()).toBe('demo admin · admin');
    const name = person.label ?? person.id;
    await page.getByRole('combobox', { name: 'Search people' }).fill(name);
    await page
      .getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}`) })
      .first()
      .click();
    const chart = page.getByTestId('history-chart');
    await chart.waitFor({ timeout: 30_000 });

    const drawn = async () =>
      chart
        .locator('g.point')
        .evaluateAll((points) =>
          points.map((point) => [Number(point.getAttribute('data-version')), Number(point.getAttribute('data-value'))]),
        );
    const expected = (column: keyof HistoryPoint['values']) =>
      history.filter((point) => point.values[column] !== null).map((point) => [point.version, point.values[column]]);
    expect(await chart.getAttribute('data-column')).toBe('influence');
    expect(await drawn()).toEqual(expected('influence'));
    expect(await drawn()).toHaveLength(3);
    // Each point says its value and date on hover (its title), and writes its value beside it.
    expect(await chart.locator('g.point title').first().textContent()).toMatch(
      /^Influence [\d.]+ in version 3 \(as of 2024-06-30, computed \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
    );
    expect(await chart.locator('text.tick').allTextContents()).toEqual(expect.arrayContaining(dates));
    await page.getByTestId('history').scrollIntoViewIfNeeded();
    await screenshot(page, '20-person-history');
    await page.getByTestId('history').screenshot({ path: `${ARTIFACTS}/21-person-history-chart.png` });

    await chart.getByRole('radio', { name: 'Two-hop reach' }).check();
    await expect.poll(() => chart.getAttribute('data-column')).toBe('reach2');
    expect(await drawn()).toEqual(expected('reach2'));
    await chart.getByRole('radio', { name: 'Reputation' }).check();
    await expect.poll(() => chart.getAttribute('data-column')).toBe('reputation');
    expect(await drawn()).toEqual(expected('reputation'));
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
