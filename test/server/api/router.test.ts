import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import type { Relationship } from '../../../graph/model.ts';
import { createContext } from '../../../server/app/context.ts';
import { createSwayServer, type SwayServer } from '../../../server/app/http.ts';
import { createLogger } from '../../../server/app/logger.ts';
import { createCaller } from '../../../server/routers/app-router.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { scoreStore } from '../../../server/usecases/score.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';

/** Every row of the current score version, read straight from the store. */
async function storedScores(store: GraphStore) {
  const table = (await store.readScores())!;
  const rows: Array<{ id: string; scores: Record<string, number | null> }> = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

describe('procedures called in-process on the demo network', () => {
  let data: string;
  let store: GraphStore;
  let tokens: TokenStore;
  let app: SwayServer;
  let caller: ReturnType<typeof createCaller>;
  let rows: Awaited<ReturnType<typeof storedScores>>;
  const relationships: Relationship[] = [];

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-router-test-'));
    store = await openStore({ data });
    await store.importBatches(demoBatches({ people: 1500 }), { source: 'demo' });
    await scoreStore(store, {});
    await store.streamGraph({ addPerson() {}, addRelationship: (r) => void relationships.push(r) });
    rows = await storedScores(store);
    tokens = new TokenStore(data);
    app = createSwayServer({ store, storeOptions: { data }, tokens, log: createLogger({ level: 'silent' }) });
    caller = createCaller(createContext(app.services, tokens.create({ role: 'viewer' }).token, false));
  });
  afterAll(async () => {
    await app?.close();
    tokens?.close();
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  const byInfluence = () =>
    [...rows].sort(
      (a, b) => (b.scores.influence ?? -Infinity) - (a.scores.influence ?? -Infinity) || (a.id < b.id ? -1 : 1),
    );

  it('graph.summary: counts, version and the top influencers by the stored influence column', async () => {
    const summary = await caller.graph.summary();
    const counts = await store.counts();
    expect(summary).toMatchObject({
      people: counts.people,
      relationships: counts.relationships,
      scoreVersion: counts.scoreVersion,
      scoresMatchGraph: true,
    });
    expect(summary.topInfluencers.map((p) => p.id)).toEqual(
      byInfluence()
        .slice(0, 10)
        .map((r) => r.id),
    );
    expect(summary.communities).toBe(new Set(rows.map((r) => r.scores.community)).size);
    expect(summary.topInfluencers[0].label).toMatch(/\(synthetic\)$/);
  });

  it('graph.view top: the most influential people and exactly the relationships among them', async () => {
    const view = await caller.graph.view({ mode: 'top', limit: 200 });
    if (view.mode !== 'top') throw new Error('expected the top view');
    const top = new Set(
      byInfluence()
        .slice(0, 200)
        .map((r) => r.id),
    );
    expect(new Set(view.nodes.map((n) => n.id))).toEqual(top);
    const expected = relationships
      .filter((r) => top.has(r.source) && top.has(r.target))
      .map((r) => `${r.source}>${r.target}`);
    expect(view.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([...new Set(expected)].sort());
    expect(view.nodes[0].scores.influence).toBe(byInfluence()[0].scores.influence);
    expect(view.positions).toBeNull();
  });

  it('graph.view communities: one node per community, sized by members, links counted across, with positions', async () => {
    const view = await caller.graph.view({ mode: 'communities', limit: 500 });
    if (view.mode !== 'communities') throw new Error('expected the community view');
    const community = new Map(rows.map((r) => [r.id, r.scores.community]));
    const sizes = new Map<number, number>();
    for (const r of rows) sizes.set(r.scores.community!, (sizes.get(r.scores.community!) ?? 0) + 1);
    expect(view.nodes.map((n) => [n.community, n.size]).sort((a, b) => a[0] - b[0])).toEqual(
      [...sizes].sort((a, b) => a[0] - b[0]),
    );
    const links = new Map<string, number>();
    for (const r of relationships) {
      const a = community.get(r.source)!;
      const b = community.get(r.target)!;
      if (a === b) continue;
      const key = a < b ? `community:${a}>community:${b}` : `community:${b}>community:${a}`;
      links.set(key, (links.get(key) ?? 0) + 1);
    }
    // Only strong links are drawn: those carrying at least 15% of either end's links to other communities, and each
    // community's strongest; each with its count of relationships across.
    const outside = new Map<string, number>();
    for (const [key, count] of links)
      for (const end of key.split('>')) outside.set(end, (outside.get(end) ?? 0) + count);
    const strongest = (end: string) =>
      Math.max(...[...links].filter(([k]) => k.split('>').includes(end)).map(([, c]) => c));
    const strong = [...links].filter(([key, count]) => {
      const [a, b] = key.split('>');
      return (
        count >= 0.15 * Math.min(outside.get(a)!, outside.get(b)!) || count === strongest(a) || count === strongest(b)
      );
    });
    expect(strong.length).toBeLessThan(links.size);
    expect(new Map(view.edges.map((e) => [`${e.source}>${e.target}`, e.weight]))).toEqual(new Map(strong));
    for (const node of view.nodes) expect(node.label).not.toMatch(/^Community \d+$/);
    for (const node of view.nodes) expect(Number.isFinite(view.positions![node.id].x)).toBe(true);
  });

  it('communities.list and communities.get: sizes, members by influence, bridges with outside links', async () => {
    const list = await caller.communities.list({ limit: 3, leaders: 2 });
    const largest = list.communities[0];
    const members = byInfluence().filter((r) => r.scores.community === largest.community);
    expect(largest.size).toBe(members.length);
    expect(largest.leaders.map((p) => p.id)).toEqual(members.slice(0, 2).map((r) => r.id));

    const detail = await caller.communities.get({ community: largest.community, limit: 5, offset: 5 });
    expect(detail.members.map((p) => p.id)).toEqual(members.slice(5, 10).map((r) => r.id));
    const inside = new Set(members.map((r) => r.id));
    const outside = new Map<string, number>();
    for (const r of relationships) {
      if (inside.has(r.source) !== inside.has(r.target)) {
        const member = inside.has(r.source) ? r.source : r.target;
        outside.set(member, (outside.get(member) ?? 0) + 1);
      }
    }
    expect(detail.bridges.length).toBeGreaterThan(0);
    for (const bridge of detail.bridges) expect(bridge.externalLinks).toBe(outside.get(bridge.id));
    const betweenness = detail.bridges.map((b) => b.betweenness ?? 0);
    expect([...betweenness].sort((a, b) => b - a)).toEqual(betweenness);
    await expect(caller.communities.get({ community: 99_999 })).rejects.toThrow(/No community 99999/);
  });

  it('value.quadrant: lifetime value against network value, split at the stored medians', async () => {
    const result = await caller.value.quadrant({ limit: 100 });
    const valued = rows.filter((r) => r.scores.clv !== null && r.scores.network_value !== null);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const clv = median(valued.map((r) => r.scores.clv!));
    const network = median(valued.map((r) => r.scores.network_value!));
    expect(result.thresholds).toEqual({ clv, networkValue: network });
    const count = (highValue: boolean, highInfluence: boolean) =>
      valued.filter((r) => r.scores.clv! > clv === highValue && r.scores.network_value! > network === highInfluence)
        .length;
    expect(Object.fromEntries(result.quadrants.map((q) => [q.id, q.count]))).toEqual({
      champions: count(true, true),
      valuable: count(true, false),
      connectors: count(false, true),
      others: count(false, false),
    });
    // Named in the words of the chart's axes (lifetime value, network value), not "influence".
    expect(Object.fromEntries(result.quadrants.map((q) => [q.id, `${q.name}: ${q.label}`]))).toEqual({
      champions: 'Champions: high lifetime value, high network value',
      valuable: 'Valuable on their own: high lifetime value, low network value',
      connectors: 'Connectors: low lifetime value, high network value',
      others: 'Others: low lifetime value, low network value',
    });
    expect(result.points).toHaveLength(100);
    expect(result.sampled).toBe(true);
    const byId = new Map(rows.map((r) => [r.id, r.scores]));
    for (const point of result.points) {
      expect(point.clv).toBe(byId.get(point.id)!.clv);
      expect(point.networkValue).toBe(byId.get(point.id)!.network_value);
    }
  });

  it('reputation.detractors: flagged people, the widest-reaching complaints first', async () => {
    const result = await caller.reputation.detractors({ limit: 20 });
    const flagged = rows.filter((r) => (r.scores.detractor ?? 0) > 0);
    expect(result.total).toBe(flagged.length);
    expect(flagged.length).toBeGreaterThan(0);
    const expected = [...flagged]
      .sort((a, b) => (b.scores.detractor_reach ?? -1) - (a.scores.detractor_reach ?? -1) || (a.id < b.id ? -1 : 1))
      .slice(0, 20);
    expect(result.detractors.map((d) => [d.id, d.detractorReach, d.reputation])).toEqual(
      expected.map((r) => [r.id, r.scores.detractor_reach, r.scores.reputation]),
    );
  });

  it('scores.definitions lists the registry', async () => {
    const definitions = await caller.scores.definitions();
    expect(definitions.flatMap((f) => f.scores.map((s) => s.column))).toContain('influence');
  });
});
