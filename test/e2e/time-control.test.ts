import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

interface KeptVersion {
  version: number;
  asOf: string | null;
  current: boolean;
}
interface HistoryPoint {
  version: number;
  values: { influence: number | null };
}

/**
 * The explorer's time control: the demo scored as `sway serve --demo` does, then three windows 90 days apart with
 * `sway rescore --windows 3 --every 90` beside the running server; moving the control redraws a person's node with the
 * influence people.history gives for that version, and the node keeps its place.
 */
describe.skipIf(!runBrowserTests)("the explorer's time control in headless Chromium", () => {
  let demo: Demo;
  let server: Serving;
  let token: string;
  let link: string;
  let browser: Browser;
  let rescored: string;

  beforeAll(async () => {
    demo = await startDemo('time');
    ({ server, token, link, browser } = demo);
    rescored = await sway(['rescore', '--windows', '3', '--every', '90', '--data', demo.data]);
  });

  afterAll(() => demo?.stop());

  it("moves through the kept versions and redraws a person's size with that version's influence", async () => {
    expect(rescored).toMatch(
      /Windows published \(3, oldest first\): version 2 as of \S+, version 3 as of \S+, version 4/,
    );
    let versions: KeptVersion[] = [];
    // The server sees the new versions within its probe interval.
    await expect
      .poll(async () => (versions = await query<KeptVersion[]>(server.url, token, 'graph.versions')).length, {
        timeout: 10_000,
      })
      .toBe(4);
    expect(versions.at(-1)!.current).toBe(true);
    const ends = versions.slice(1).map((v) => Date.parse(v.asOf!));
    expect(ends[1] - ends[0]).toBe(90 * 86_400_000);
    expect(ends[2] - ends[1]).toBe(90 * 86_400_000);

    const summary = await query<{ topInfluencers: { id: string; label: string | null }[] }>(
      server.url,
      token,
      'graph.summary',
    );
    const person = summary.topInfluencers[0];
    const history = await query<HistoryPoint[]>(server.url, token, 'people.history', { id: person.id });
    const influenceIn = (version: number) => history.find((p) => p.version === version)!.values.influence;

    const page = await newPage(browser);
    await page.goto(link);
    await expect.poll(() => page.getByTestId('identity').textContent()).toBe('demo admin · admin');
    const control = page.getByTestId('time-control');
    await control.waitFor({ timeout: 60_000 });
    const name = person.label ?? person.id;
    await page.getByRole('combobox', { name: 'Search people' }).fill(name);
    await page
      .getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}`) })
      .first()
      .click();
    const selected = control.getByTestId('time-control-selected');
    await selected.waitFor({ timeout: 30_000 });
    const drawn = async () => ({
      influence: Number(await selected.getAttribute('data-influence')),
      size: Number(await selected.getAttribute('data-size')),
    });
    const latest = versions.at(-1)!.version;
    expect((await drawn()).influence).toBe(influenceIn(latest));
    const sizeNow = (await drawn()).size;

    // The oldest window: the person's node takes that version's influence and another size.
    const slider = control.getByRole('slider', { name: 'Scores as of' });
    const oldest = versions[1];
    await slider.fill('1');
    await expect
      .poll(() => control.getByTestId('time-control-date').getAttribute('data-version'))
      .toBe(String(oldest.version));
    // The first request for a version reads it whole on the server; later ones come from its cache.
    await expect.poll(async () => (await drawn()).influence, { timeout: 20_000 }).toBe(influenceIn(oldest.version));
    expect(influenceIn(oldest.version)).not.toBe(influenceIn(latest));
    expect((await drawn()).size).not.toBe(sizeNow);
    expect(await control.getByTestId('time-control-date').textContent()).toContain(oldest.asOf!.slice(0, 10));
    await screenshot(page, '30-time-control');

    // Back to the newest: the current values again.
    await slider.fill('3');
    await expect.poll(async () => (await drawn()).influence, { timeout: 20_000 }).toBe(influenceIn(latest));
    expect((await drawn()).size).toBe(sizeNow);

    // Play steps from the oldest version to the newest and stops there.
    await control.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(() => control.getByTestId('time-control-date').getAttribute('data-version'))
      .toBe(String(versions[0].version));
    await expect
      .poll(() => control.getByTestId('time-control-date').getAttribute('data-version'), { timeout: 15_000 })
      .toBe(String(latest));
    await expect.poll(() => control.getByRole('button', { name: 'Play' }).count(), { timeout: 5000 }).toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
