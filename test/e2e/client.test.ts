import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDefinition } from '../../graph/scores/definitions.ts';
import {
  ARTIFACTS,
  CHROMIUM,
  measure,
  newPage,
  query,
  runBrowserTests,
  screenshot,
  serve,
  startDemo,
  sway,
  waitForScores,
  type Demo,
  type Serving,
} from './browser.ts';
import { writePerfNetwork } from './perf-network.ts';
import { escapeRegExp } from '../regexp.ts';

if (!runBrowserTests)
  console.log(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium package to run them).`);

/**
 * The app in headless Chromium against a real `sway serve`: sign in with the demo token, find a person, plan
 * advocates, switch colouring, every screen saved as a screenshot under test-artifacts/. Then the render and hover
 * figures on a 5,000-person, 25,000-link view (printed and saved to test-artifacts/perf.json, not asserted: the
 * project's tests never assert timings).
 */
describe.skipIf(!runBrowserTests)('the client in headless Chromium', () => {
  let demo: Demo;
  let work: string;
  let clientDir: string;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo('client');
    ({ work, clientDir, browser } = demo);
  });

  afterAll(() => demo?.stop());

  describe('on the demo network', () => {
    let server: Serving;
    let token: string;
    let link: string;
    let page: Page & { errors: string[] };

    beforeAll(async () => {
      ({ server, token, link } = demo);
      page = await newPage(browser);
    });

    // The demo server stops with this block, so the 5,000-person view below is measured without it running.
    afterAll(async () => {
      await page?.close();
      await server?.stop();
    });

    it('signs in with a typed token, and in one click with the printed link, which leaves the address bar at once', async () => {
      await page.goto(server.url);
      await screenshot(page, '01-sign-in');
      await page.getByLabel('API token').fill('sway_not-a-real-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('did not accept the token');
      page.errors.length = 0; // the refused token's 401 is expected
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByTestId('identity').textContent()).toBe('demo admin · admin');
      await page.getByRole('button', { name: 'Sign out' }).click();

      // The link: the token is in the fragment, which the browser never sends to the server.
      expect(link).toBe(`${server.url}#token=${token}`);
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(link);
      await expect.poll(() => page.getByTestId('identity').textContent()).toBe('demo admin · admin');
      expect(page.url()).toBe(server.url);
      expect(requested.length).toBeGreaterThan(1);
      expect(requested.filter((url) => url.includes(token))).toEqual([]);
      await expect
        .poll(() => page.getByTestId('view-caption').textContent(), { timeout: 30_000 })
        .toMatch(/^[\d,]+ people, [\d,.]+K? links/);
      // ForceAtlas2 spreads the drawing, then stops by itself once it has settled.
      await page.getByRole('button', { name: 'Stop layout' }).waitFor({ timeout: 30_000 });
      // It pauses while another screen is shown (it would take a core from that screen's work), and resumes after.
      const layoutButton = page.getByTestId('explorer-toolbar').locator('button[aria-pressed]');
      await page.getByRole('button', { name: 'Advocate planner' }).click();
      // At once: within the few seconds of the default poll the layout might have settled by itself.
      await expect.poll(() => layoutButton.getAttribute('aria-pressed'), { timeout: 1000 }).toBe('false');
      await page.getByRole('button', { name: 'Explorer', exact: true }).click();
      await expect.poll(() => layoutButton.getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: 'Run layout' }).waitFor({ timeout: 60_000 });
      await screenshot(page, '02-explorer');
    });

    it('finds a person and opens their panel', async () => {
      const summary = await query<{ topInfluencers: { id: string; label: string | null }[] }>(
        server.url,
        token,
        'graph.summary',
      );
      const person = summary.topInfluencers[0];
      const name = person.label ?? person.id;
      // The whole name: many synthetic people share a first name, and a search lists only its first matches.
      await page.getByRole('combobox', { name: 'Search people' }).fill(name);
      const option = page.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}`) }).first();
      await option.waitFor();
      // The suggestions are drawn over the graph, not clipped by the toolbar they open from: what is at the middle of
      // the option is the option itself.
      expect(
        await option.evaluate((element) => {
          const box = element.getBoundingClientRect();
          return element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
        }),
      ).toBe(true);
      await option.click();
      const panel = page.getByTestId('person-panel');
      await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe(name);
      await panel.getByTestId('influence-explanation').waitFor();
      await expect.poll(() => panel.getByTestId('ego-graph').locator('circle').count()).toBeGreaterThan(1);
      // Every score the registry declares and the server computed has a row with its percentile.
      expect(await panel.locator('tr[data-column="influence"]').textContent()).toMatch(/top \d+%/);
      // The explorer's tools stay on one row at 1,280 px with the panel open.
      const toolbar = (await page.getByTestId('explorer-toolbar').boundingBox())!;
      const search = (await page.getByRole('combobox', { name: 'Search people' }).boundingBox())!;
      expect(toolbar.height).toBeLessThan(2 * search.height);
      await screenshot(page, '03-person');
    });

    it('switches the colouring, and the legend follows', async () => {
      const legend = page.getByTestId('legend');
      expect(await legend.getAttribute('data-colouring')).toBe('community');
      const choices = page.getByRole('group', { name: 'Colour by' }).getByRole('radio');
      expect(await choices.count()).toBeGreaterThan(1);
      const other = (await choices.nth(1).getAttribute('value'))!;
      await choices.nth(1).check({ force: true });
      await expect.poll(() => legend.getAttribute('data-colouring')).toBe(other);
      expect(await legend.getByRole('heading', { level: 3 }).first().textContent()).toBe(
        `Colour: ${scoreDefinition(other)?.label ?? other}`,
      );
      await screenshot(page, '04-colouring');
      await page.getByRole('button', { name: 'Close the person panel' }).click();
      // One node per community draws no people: no banner about the person whose panel was open.
      await page.getByLabel('What to draw').selectOption('communities');
      await expect
        .poll(() => page.getByTestId('view-caption').textContent(), { timeout: 30_000 })
        .toMatch(/communities/);
      expect(await page.getByRole('status').filter({ hasText: 'not among the people drawn' }).count()).toBe(0);
      await page.getByLabel('What to draw').selectOption('top:1000');
    });

    it('shows communities and customer value', async () => {
      await page.getByRole('button', { name: 'Communities', exact: true }).click();
      await expect.poll(() => page.getByTestId('communities-table').locator('tbody tr').count()).toBeGreaterThan(1);
      await page.getByTestId('bridges').waitFor();
      await screenshot(page, '05-communities');
      await page.getByRole('button', { name: 'Customer value' }).click();
      await page.getByTestId('value-scatter').or(page.getByRole('alert')).first().waitFor();
      await screenshot(page, '06-customer-value');
    });

    it('plans 10 advocates with progress, a ranked table and the reach curve, and shows them on the graph', async () => {
      await page.getByRole('button', { name: 'Advocate planner' }).click();
      await page.getByLabel('Advocates', { exact: true }).fill('10');
      await page.getByRole('button', { name: 'Plan advocates' }).click();
      const rows = page.getByTestId('advocates-table').locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 180_000, interval: 500 }).toBe(10);
      const curve = page.getByTestId('reach-chart').locator('path[data-curve="plan"]');
      // From the origin through each point of the curve: at least two segments.
      expect(((await curve.getAttribute('d')) ?? '').split('L').length).toBeGreaterThan(2);
      // The two baselines (top out-degree, top influence score), each drawn as the level its k people reach.
      expect(await page.getByTestId('reach-chart').locator('line[data-baseline]').count()).toBe(2);
      // The curve ends at the table's Monte Carlo estimate of the plan, the estimator of the baselines' levels.
      const planRow = page.locator('table.evaluations tbody tr').first();
      const planEstimate = await planRow.locator('td').nth(1).textContent();
      expect(await page.getByTestId('reach-chart').locator('figcaption').textContent()).toContain(
        `Sway plan: ${planEstimate!.trim()}`,
      );
      await screenshot(page, '07-planner');
      await page.getByRole('button', { name: 'Show on graph' }).click();
      await expect.poll(() => page.getByTestId('legend').textContent()).toContain('10 advocates of the last plan');
      await screenshot(page, '08-advocates-on-graph');
    });

    it('logged no page error and no console error (a missing favicon included)', () => {
      expect(page.errors).toEqual([]);
    });
  });

  it('draws a 5,000-person, 25,000-link view and highlights neighbourhoods on hover (figures printed)', async () => {
    const data = join(work, 'perf');
    const file = join(work, 'perf.edgelist');
    writePerfNetwork(file, 5000, 25_000);
    await sway(['import', file, '--format', 'edgelist', '--data', data]);
    // Sizes and colours need only influence and communities; the other families would only slow the test.
    await sway(['score', '--only', 'influence,communities', '--data', data]);
    const created = JSON.parse(await sway(['token', 'create', '--role', 'viewer', '--json', '--data', data])) as {
      token: string;
    };
    const server = await serve(['--data', data, '--client', clientDir]);
    const page = await newPage(browser);
    try {
      await waitForScores(server.url, created.token);
      await page.goto(server.url);
      await page.getByLabel('API token').fill(created.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect
        .poll(() => page.getByTestId('view-caption').textContent(), { timeout: 30_000 })
        .toContain('1,000 people');
      await page.getByRole('button', { name: 'Stop layout' }).click();

      await page.getByLabel('What to draw').selectOption('top:5000');
      const firstRender = await measure(page, 'sway:first-render');
      expect(await page.getByTestId('view-caption').textContent()).toMatch(/^5,000 people, 25K links/);
      await page.getByRole('button', { name: 'Stop layout' }).click();
      await screenshot(page, '09-explorer-5000');

      const hover = await hoverLatencies(page, 30);
      const figures = {
        view: { people: 5000, links: 25_000 },
        firstRenderMs: Math.round(firstRender),
        hover: summarise(hover.drawn),
        hoverToFrame: summarise(hover.frame),
        browser: `${CHROMIUM} ${await browser.version()} (software WebGL: --disable-gpu)`,
      };
      writeFileSync(join(ARTIFACTS, 'perf.json'), `${JSON.stringify(figures, null, 2)}\n`);
      console.log(
        `First render of a 5,000-person / 25,000-link view: ${figures.firstRenderMs} ms (request to first frame). ` +
          `Hover highlight, pointer event to drawn: median ${figures.hover.median} ms, p95 ${figures.hover.p95} ms; ` +
          `to the next frame: median ${figures.hoverToFrame.median} ms, p95 ${figures.hoverToFrame.p95} ms (${hover.drawn.length} hovers).`,
      );
      expect(hover.drawn.length).toBeGreaterThan(5);
    } finally {
      await page.close();
      await server.stop();
    }
  }, 300_000);
});

/**
 * Sweeps the pointer over the drawing until `wanted` nodes were hovered, reading the app's own measures of each hover
 * (pointer event time stamp to the sigma render that drew the highlight, and to the next animation frame).
 */
async function hoverLatencies(page: Page, wanted: number): Promise<{ drawn: number[]; frame: number[] }> {
  const box = (await page.getByTestId('graph-canvas').boundingBox())!;
  await page.evaluate(() => {
    performance.clearMeasures('sway:hover-drawn');
    performance.clearMeasures('sway:hover-frame');
  });
  const count = () => page.evaluate(() => performance.getEntriesByName('sway:hover-frame', 'measure').length);
  for (let step = 0; step < 400 && (await count()) < wanted; step++) {
    // A spiral from the centre, where the hubs are.
    const angle = step * 0.7;
    const radius = Math.min(box.width, box.height) * (0.03 + 0.4 * (step / 400));
    await page.mouse.move(
      box.x + box.width / 2 + radius * Math.cos(angle),
      box.y + box.height / 2 + radius * Math.sin(angle),
    );
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  return page.evaluate(() => ({
    drawn: performance.getEntriesByName('sway:hover-drawn', 'measure').map((e) => e.duration),
    frame: performance.getEntriesByName('sway:hover-frame', 'measure').map((e) => e.duration),
  }));
}

function summarise(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { median: at(0.5), p95: at(0.95), max: at(1) };
}
