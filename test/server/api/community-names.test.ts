import { beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../graph/model.ts';
import { shortName } from '../../../graph/scores/community-profiles.ts';
import { withDemoApi, type DemoApi } from './demo-caller.ts';

/** Community names and traits through the API, checked against counts made here from the stored people and scores. */
describe('communities by name (demo network)', () => {
  const demo = withDemoApi(1500);
  let caller: ReturnType<DemoApi['callerAs']>;
  const people = new Map<string, Person>();
  const community = new Map<string, number>();

  beforeAll(async () => {
    caller = demo.callerAs('viewer');
    await demo.store.streamGraph({ addPerson: (p) => void people.set(p.id, p), addRelationship() {} });
    for await (const row of (await demo.store.readScores())!.rows) community.set(row.id, row.scores.community!);
  });

  /** Whether a person holds a category of an attribute, as the profiles count it. */
  const holds = (person: Person | undefined, attribute: string, category: string) => {
    if (!person) return false;
    if (attribute === 'channel') return person.channels?.includes(category) ?? false;
    if (attribute === 'status')
      return person.customer !== undefined && (person.customer ? 'customers' : 'prospects') === category;
    return (person as unknown as Record<string, unknown>)[attribute] === category;
  };

  it('names every community by the traits its members share, with shares and lifts as counted here', async () => {
    const list = await caller.communities.list({ limit: 1000, leaders: 1 });
    const names = list.communities.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const everyone = [...community.keys()];
    for (const c of list.communities) {
      const members = everyone.filter((id) => community.get(id) === c.community);
      if (c.namedBy === 'traits') {
        expect(c.traits.length).toBeGreaterThan(0);
        // The name is made of categories that stand out.
        for (const part of c.name.replace(/ \(.*\)$/, '').split(' · '))
          expect(c.traits.map((t) => t.category)).toContain(part);
      } else {
        expect(c.name).toBe(`${shortName(c.leaders[0].label ?? undefined, c.leaders[0].id)}'s circle`);
      }
      for (const trait of c.traits) {
        const inside = members.filter((id) => holds(people.get(id), trait.attribute, trait.category)).length;
        const all = everyone.filter((id) => holds(people.get(id), trait.attribute, trait.category)).length;
        expect(trait.members).toBe(inside);
        expect(trait.share).toBeCloseTo(inside / members.length, 12);
        expect(trait.lift).toBeCloseTo(inside / members.length / (all / everyone.length), 12);
        expect(trait.lift).toBeGreaterThanOrEqual(1.5);
      }
    }
    // The demo plants its communities by segment, region and channel: most names come from traits.
    expect(list.communities.filter((c) => c.namedBy === 'traits').length).toBeGreaterThan(list.communities.length / 2);
  });

  it('previews the number of communities a resolution gives: at the scored one, the number published', async () => {
    const list = await caller.communities.list({ limit: 1 });
    const same = await caller.communities.preview({ resolution: 1 });
    expect(same.communities).toBe(list.total);
    const finer = await caller.communities.preview({ resolution: 4 });
    expect(finer.communities).toBeGreaterThan(same.communities);
    await expect(caller.communities.preview({ resolution: 0 })).rejects.toThrow(/resolution/);
  });

  it('gives the same name in a community, its members and the overview', async () => {
    const list = await caller.communities.list({ limit: 3, leaders: 2 });
    const detail = await caller.communities.get({ community: list.communities[0].community, limit: 3 });
    expect(detail.name).toBe(list.communities[0].name);
    for (const member of detail.members) expect(member.communityName).toBe(detail.name);
    const overview = await caller.graph.view({ mode: 'communities', limit: 500 });
    if (overview.mode !== 'communities') throw new Error('expected the community view');
    const byCommunity = new Map(list.communities.map((c) => [c.community, c.name]));
    for (const node of overview.nodes.filter((n) => byCommunity.has(n.community)))
      expect(node.label).toBe(byCommunity.get(node.community));
  });
});
