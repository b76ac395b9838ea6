import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatExpectedPeople } from '../../graph/scores/format.ts';
import {
  ARTIFACTS,
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

interface TopView {
  nodes: Array<{ id: string }>;
  edges: Array<{ source: string; target: string }>;
}
interface Estimate {
  mean: number;
  ci95: number[];
}
interface Person {
  id: string;
  label: string | null;
}
interface Report {
  top: Array<{ id: string }>;
  total: Estimate;
  communities: Array<{ community: number; size: number; expected: Estimate }> | null;
  starting: Person[];
  people: Array<[string, number]>;
  sample: { hops: Array<Array<{ id: string; by: string | null }>> };
  paths: Array<{ paths: Array<{ ids: string[]; probability: number }> }>;
  comparison: {
    starting: Person[];
    first: Estimate;
    second: Estimate;
    difference: Estimate;
    communities: Array<{ community: number; first: Estimate; second: Estimate; difference: Estimate }>;
    people: Array<[string, number]>;
  } | null;
  contest: {
    response: Person[];
    without: Estimate;
    with: Estimate;
    spared: Estimate;
    communities: Array<{ community: number; without: Estimate; with: Estimate; spared: Estimate }>;
  } | null;
}

/** An estimate as the page writes it: the mean and its 95% interval. */
const estimate = (e: Estimate) =>
  `${formatExpectedPeople(e.mean)} (${formatExpectedPeople(e.ci95[0])} – ${formatExpectedPeople(e.ci95[1])})`;
const who = (people: Person[]) => people.map((p) => p.label ?? p.id).join(', ');
/** Text content with its runs of white space made single spaces, as a reader sees it. */
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * "How a message travels" in headless Chromium against a real `sway serve --demo`: the network coloured by reach
 * probability with its legend, one sampled cascade stepped hop by hop, and why a person is reached (the likeliest
 * paths, on the graph and listed), each checked against the API's own answer and saved as a screenshot under
 * test-artifacts/.
 */
describe.skipIf(!runBrowserTests)('the spread screen in headless Chromium', () => {
  let demo: Demo;
  let browser: Browser;
  let server: Serving;
  let token: string;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    demo = await startDemo('spread');
    ({ browser, server, token } = demo);
    page = await newPage(browser);
  });

  afterAll(async () => {
    await page?.close();
    await demo?.stop();
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

  it('compares two starting sets in the same worlds and weighs a competing reply, with the figures of the API', async () => {
    const compared = await newPage(browser);
    try {
      const top = await query<TopView>(server.url, token, 'graph.view', { mode: 'top', limit: 20 });
      const first = top.nodes.slice(0, 3).map((n) => n.id);
      const second = top.nodes.slice(3, 6).map((n) => n.id);
      await compared.goto(`${server.url}#token=${token}`);
      await compared.getByRole('button', { name: 'How a message travels' }).click();
      await compared.getByLabel('Starting people').fill(first.join(', '));
      await compared.getByRole('checkbox', { name: 'Compare with' }).check();
      await compared.getByRole('textbox', { name: 'Compare with' }).fill(second.join(', '));
      await compared.getByRole('button', { name: 'Show the spread' }).click();
      const comparison = compared.getByTestId('comparison');
      await comparison.waitFor({ timeout: 120_000 });

      // The same analysis through the API: seeded, so the same worlds and the same figures.
      const options = { from: { people: first }, model: 'ic', runs: 1000, explain: [] };
      const report = await spread(server, token, { ...options, compareWith: { people: second }, response: null });
      const c = report.comparison!;
      expect(c.starting.map((p) => p.id)).toEqual(second);
      // Common random numbers: the first set in the comparison sees the very worlds of its reach alone.
      expect(c.first.mean).toBeCloseTo(report.total.mean, 9);
      expect(c.difference.mean).toBeCloseTo(c.first.mean - c.second.mean, 9);
      expect(await text(comparison)).toBe(
        `Compared with ${who(c.starting)} in the same worlds: ${estimate(c.first)} against ${estimate(c.second)}, ` +
          `difference ${estimate(c.difference)}.`,
      );
      // Per community, where the sets differ most: each set's expected reach and the difference, as the API has them;
      // the first set's column is its reach alone, community by community (the same worlds).
      const reachOf = new Map(report.communities!.map((row) => [row.community, row.expected]));
      // Each row names its community as the communities list does.
      const listed = await query<{ communities: Array<{ community: number; name: string }> }>(
        server.url,
        token,
        'communities.list',
        { limit: 100 },
      );
      const nameOf = (community: number) =>
        listed.communities.find((entry) => entry.community === community)?.name ?? `Community ${community}`;
      const rows = compared.getByTestId('community-comparison').locator('tbody tr');
      const shown = c.communities.slice(0, 12);
      expect(shown.length).toBeGreaterThan(0);
      expect(await rows.count()).toBe(shown.length);
      expect(await compared.getByTestId('community-comparison').locator('thead th').allTextContents()).toEqual([
        'Community',
        'First set',
        'Second set',
        'Difference (95%)',
      ]);
      for (const [i, row] of shown.entries()) {
        expect(row.first.mean).toBeCloseTo(reachOf.get(row.community)!.mean, 9);
        expect(row.difference.mean).toBeCloseTo(row.first.mean - row.second.mean, 9);
        expect(await rows.nth(i).locator('td').allTextContents()).toEqual([
          nameOf(row.community),
          formatExpectedPeople(row.first.mean),
          formatExpectedPeople(row.second.mean),
          estimate(row.difference),
        ]);
      }

      // The map coloured by the difference, with its diverging scale.
      await compared.getByRole('toolbar', { name: 'What the map shows' }).getByText('Difference').click();
      const canvas = compared.getByTestId('spread-canvas');
      await expect.poll(() => canvas.getAttribute('data-overlay')).toBe('difference');
      const legend = compared.getByTestId('spread-legend').getByTestId('reach-legend');
      expect(await legend.getAttribute('data-scale')).toBe('difference');
      expect(await legend.locator('strong').textContent()).toBe('P(first set) − P(second set)');
      expect(await legend.locator('.ticks span').allTextContents()).toEqual(['−1', '0', '+1']);
      expect(await legend.locator('p').textContent()).toBe(
        'Orange: the first set is likelier to reach them; purple: the second.',
      );
      // Coloured: the people drawn whose probabilities differ, and the first set (drawn as starting people).
      const drawn = await query<TopView>(server.url, token, 'graph.view', { mode: 'top', limit: 2000 });
      const differing = new Set([...c.people.map(([id]) => id), ...first]);
      expect(Number(await canvas.getAttribute('data-coloured'))).toBe(
        drawn.nodes.filter((node) => differing.has(node.id)).length,
      );
      await compared.waitForTimeout(8_000);
      await screenshot(compared, 'spread-06-compare');
      await compared.getByTestId('community-comparison').scrollIntoViewIfNeeded();
      await screenshot(compared, 'spread-07-compare-communities');

      // A reply from the second set competing with a complaint from the first (Independent Cascade).
      await compared.getByRole('checkbox', { name: 'Compare with' }).uncheck();
      await compared.getByRole('checkbox', { name: 'A reply from' }).check();
      await compared.getByRole('textbox', { name: 'Reply from' }).fill(second.join(', '));
      await compared.getByRole('button', { name: 'Show the spread' }).click();
      const contest = compared.getByTestId('contest');
      await contest.waitFor({ timeout: 120_000 });
      const withReply = await spread(server, token, { ...options, compareWith: null, response: { people: second } });
      const r = withReply.contest!;
      expect(r.response.map((p) => p.id)).toEqual(second);
      // The complaint alone runs in the worlds of the plain reach; the people spared are the paired difference.
      expect(r.without.mean).toBeCloseTo(report.total.mean, 9);
      expect(r.spared.mean).toBeCloseTo(r.without.mean - r.with.mean, 9);
      expect(r.spared.mean).toBeGreaterThan(0);
      expect(await text(contest)).toBe(
        `With a reply from ${who(r.response)}: the message reaches ${estimate(r.with)} instead of ` +
          `${estimate(r.without)}; the reply spares ${estimate(r.spared)} people.`,
      );
      // Per community, where the reply spares most, as the API has it.
      const spared = compared.getByTestId('community-contest').locator('tbody tr');
      const sparedShown = r.communities.slice(0, 12);
      expect(sparedShown.length).toBeGreaterThan(0);
      expect(await spared.count()).toBe(sparedShown.length);
      for (const [i, row] of sparedShown.entries()) {
        expect(row.without.mean).toBeCloseTo(reachOf.get(row.community)!.mean, 9);
        expect(await spared.nth(i).locator('td').allTextContents()).toEqual([
          nameOf(row.community),
          formatExpectedPeople(row.without.mean),
          formatExpectedPeople(row.with.mean),
          estimate(row.spared),
        ]);
      }
      expect(await compared.getByTestId('comparison').count()).toBe(0);
      await compared.waitForTimeout(3_000);
      await screenshot(compared, 'spread-08-reply');
      await compared.getByTestId('community-contest').scrollIntoViewIfNeeded();
      await screenshot(compared, 'spread-09-reply-communities');
      expect(compared.errors).toEqual([]);
    } finally {
      await compared.close();
    }
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
