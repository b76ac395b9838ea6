import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatExpectedPeople } from '../../graph/scores/format.ts';
import {
  ARTIFACTS,
  buildClient,
  CHROMIUM,
  launchChromium,
  newPage,
  query,
  requireChromium,
  runBrowserTests,
  screenshot,
  serve,
  waitForScores,
  type Serving,
} from './browser.ts';

if (!runBrowserTests)
  console.log(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium package to run them).`);

interface TopView {
  nodes: Array<{ id: string }>;
  edges: Array<{ source: string; target: string }>;
}
interface Report {
  top: Array<{ id: string }>;
  communities: Array<{ community: number; expected: { mean: number; ci95: number[] } }> | null;
  starting: Array<{ id: string }>;
  people: Array<[string, number]>;
  sample: { hops: Array<Array<{ id: string; by: string | null }>> };
  paths: Array<{ paths: Array<{ ids: string[]; probability: number }> }>;
}

/**
 * "How a message travels" in headless Chromium against a real `sway serve --demo`: the network coloured by reach
 * probability with its legend, one sampled cascade stepped hop by hop, and why a person is reached (the likeliest
 * paths, on the graph and listed), each checked against the API's own answer and saved as a screenshot under
 * test-artifacts/.
 */
describe.skipIf(!runBrowserTests)('the spread screen in headless Chromium', () => {
  let work: string;
  let browser: Browser;
  let server: Serving;
  let token: string;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    requireChromium();
    work = mkdtempSync(join(tmpdir(), 'sway-e2e-spread-'));
    const clientDir = join(work, 'client');
    await buildClient(clientDir);
    browser = await launchChromium();
    server = await serve(
      ['--demo', '--data', join(work, 'demo'), '--client', clientDir],
      /Demo admin token[^\n]*: (\S+)\n/,
    );
    token = /Demo admin token[^\n]*: (\S+)/.exec(server.output())![1];
    await waitForScores(server.url, token);
    page = await newPage(browser);
  });

  afterAll(async () => {
    await page?.close();
    await server?.stop();
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('colours the network by reach probability, plays a sampled cascade, shows why a person is reached, and colours the explorer', async () => {
    const top = await query<TopView>(server.url, token, 'graph.view', { mode: 'top', limit: 20 });
    const starting = top.nodes.slice(0, 3).map((n) => n.id);
    await page.goto(`${server.url}#token=${token}`);
    await page.getByRole('button', { name: 'How a message travels' }).click();
    await page.getByLabel('Starting people').fill(starting.join(', '));
    await page.getByRole('button', { name: 'Show the spread' }).click();

    const canvas = page.getByTestId('spread-canvas');
    await expect.poll(() => canvas.getAttribute('data-overlay'), { timeout: 120_000, interval: 500 }).toBe('reach');
    // The people coloured: those the message reaches in some world, among the people drawn (checked below).
    const coloured = Number(await canvas.getAttribute('data-coloured'));
    expect(coloured).toBeGreaterThan(starting.length);
    await expect.poll(() => page.getByTestId('spread-legend').textContent()).toContain('Probability of being reached');
    expect(await page.getByTestId('community-reach').locator('tbody tr').count()).toBeGreaterThan(0);
    // ForceAtlas2 spreads the drawing for a few seconds (at most 25) before the screenshot.
    await page.waitForTimeout(10_000);
    await screenshot(page, 'spread-01-reach');
    await page.getByTestId('spread-body').screenshot({ path: `${ARTIFACTS}/spread-readme.png` });

    // The same analysis from the API (seeded): the sampled cascade the screen plays.
    const options = { from: { people: starting }, model: 'ic', runs: 1000, compareWith: null, response: null };
    const report = await spread(server, token, { ...options, explain: [] });
    const hops = report.sample.hops;
    const drawn = await query<TopView>(server.url, token, 'graph.view', { mode: 'top', limit: 2000 });
    const drawnLinks = new Set(drawn.edges.map((e) => `${e.source}→${e.target}`));
    const linksDrawn = (links: string[]) => new Set(links.filter((link) => drawnLinks.has(link))).size;
    const reached = new Set(report.people.map(([id]) => id));
    expect(coloured).toBe(drawn.nodes.filter((node) => reached.has(node.id)).length);

    await page.getByRole('button', { name: 'Next hop' }).click();
    await expect.poll(() => page.getByTestId('cascade-hop').textContent()).toContain(`Hop 1 of ${hops.length - 1}`);
    const reachedByHop1 = hops[0].length + (hops[1]?.length ?? 0);
    expect(await page.getByTestId('cascade-hop').textContent()).toContain(`${reachedByHop1} people reached`);
    expect(await page.getByTestId('sample-note').textContent()).toMatch(/One random sample of many/);
    expect(await canvas.getAttribute('data-overlay')).toBe('cascade');
    // Who convinced whom at hop 1, where both are drawn and linked in the drawing.
    expect(Number(await canvas.getAttribute('data-links'))).toBe(
      linksDrawn(hops[1]?.map((step) => `${step.by}→${step.id}`) ?? []),
    );
    await screenshot(page, 'spread-02-cascade-hop-1');

    const first = page.getByTestId('top-reached').locator('li').first();
    await first.getByRole('button', { name: 'Why?' }).click();
    const paths = page.getByTestId('paths-list').locator('li');
    await expect.poll(() => paths.count(), { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    await expect.poll(() => canvas.getAttribute('data-overlay')).toBe('paths');
    const firstPath = (await paths.first().textContent()) ?? '';
    expect(firstPath).toMatch(/^\s*0\.\d{4}\s+\S+( → \S+)+\s*$/);
    // The listed paths are the API's, and their relationships among the people drawn are emphasised on the graph.
    const why = (await spread(server, token, { ...options, explain: [report.top[0].id] })).paths[0].paths;
    expect(firstPath).toContain(why[0].ids.join(' → '));
    expect(await paths.count()).toBe(why.length);
    const links = why.flatMap((path) => path.ids.slice(1).map((id, i) => `${path.ids[i]}→${id}`));
    expect(Number(await canvas.getAttribute('data-links'))).toBe(linksDrawn(links));
    await screenshot(page, 'spread-03-paths');

    // The explorer, coloured by the same probabilities, with the scale in its side bar.
    await page.getByRole('button', { name: 'Show on the explorer and communities' }).click();
    await page.getByTestId('reach-legend').filter({ hasText: 'Reach probability from' }).waitFor();
    await page.waitForTimeout(5_000);
    await screenshot(page, 'spread-04-explorer');
    // The communities view, with the expected reach of each community beside its size.
    await page.getByRole('button', { name: 'Communities', exact: true }).click();
    const firstReach = page.getByTestId('community-expected-reach').first();
    // The first row is community 0, the largest; its figure is the API's.
    const largest = report.communities!.find((c) => c.community === 0)!.expected;
    await expect
      .poll(() => firstReach.textContent())
      .toBe(
        `${formatExpectedPeople(largest.mean)} (${formatExpectedPeople(largest.ci95[0])} – ${formatExpectedPeople(largest.ci95[1])})`,
      );
    await screenshot(page, 'spread-05-communities');
    expect(page.errors).toEqual([]);
  });
});

/** A spread analysis through the API, followed to its result (jobs.get until finished). */
async function spread(server: Serving, token: string, input: unknown): Promise<Report> {
  const started = await fetch(`${server.url}api/spread.run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  }).then((r) => r.json() as Promise<{ result: { data: { id: string } } }>);
  for (;;) {
    const job = await query<{ status: string; result: Report }>(server.url, token, 'jobs.get', {
      id: started.result.data.id,
    });
    if (job.status === 'succeeded') return job.result;
    if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`spread job ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
