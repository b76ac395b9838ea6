import { describe, expect, it } from 'vitest';
import { categoryColumnsOf } from '../../graph/algorithms/category-columns.ts';
import { detectCommunities } from '../../graph/algorithms/communities.ts';
import { profileCommunities, type CategoryColumn } from '../../graph/algorithms/community-profile.ts';
import { pagerank } from '../../graph/algorithms/pagerank.ts';
import { generateDemoNetwork } from '../../graph/demo/customer-community.ts';
import type { Person } from '../../graph/model.ts';
import { shortName } from '../../graph/scores/community-profiles.ts';
import { snapshotFrom } from '../../graph/snapshot.ts';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('community profiles by hand', () => {
  // 100 people: community 0 is people 0-19, community 1 people 20-99.
  const community = Int32Array.from(range(0, 100), (i) => (i < 20 ? 0 : 1));
  // Region: North for 0-15 and 20-23 (20 of 100), South for the rest.
  const region: CategoryColumn = {
    attribute: 'region',
    labels: ['North', 'South'],
    codes: Int32Array.from(range(0, 100), (i) => (i < 16 || (i >= 20 && i < 24) ? 0 : 1)),
  };
  // Channels, several per person: 0-9 forum (listed twice), 10-19 tiktok, 20-29 forum and instagram, 30-99 instagram.
  const lists = range(0, 100).map((i) => (i < 10 ? [0, 0] : i < 20 ? [1] : i < 30 ? [0, 2] : [2]));
  const offsets = new Int32Array(101);
  lists.forEach((list, i) => (offsets[i + 1] = offsets[i] + list.length));
  const channel: CategoryColumn = {
    attribute: 'channel',
    labels: ['forum', 'tiktok', 'instagram'],
    codes: Int32Array.from(lists.flat()),
    offsets,
  };
  // Segment: Enterprise for 20-59, unknown for everyone else.
  const segment: CategoryColumn = {
    attribute: 'segment',
    labels: ['Enterprise'],
    codes: Int32Array.from(range(0, 100), (i) => (i >= 20 && i < 60 ? 0 : -1)),
  };
  const influence = Float64Array.from(range(0, 100), (i) => i % 7);
  const personName = (i: number) => `P${i}`;

  it('lift, share and the 3σ rule, computed by hand', () => {
    const [first, second] = profileCommunities(community, {
      categories: [segment, region, channel],
      influence,
      personName,
    });
    // tiktok: 10 of 20 members (0.5) against 10 of 100 (0.1): lift 5; expected 2 ± √(20·0.1·0.9) = 1.34, 8 above ≥ 3σ.
    // North: 16 of 20 (0.8) against 0.2: lift 4; 16 − 4 = 12 ≥ 3 · 1.79.
    // forum: 10 of 20 (0.5; a repeated channel counts once) against 20 of 100: lift 2.5; 10 − 4 = 6 ≥ 3 · 1.79 = 5.37.
    expect(first.traits.map((t) => [t.category, t.members, t.share, t.networkShare])).toEqual([
      ['tiktok', 10, 0.5, 0.1],
      ['North', 16, 0.8, 0.2],
      ['forum', 10, 0.5, 0.2],
    ]);
    expect(first.traits.map((t) => t.lift)).toEqual([5, 4, 2.5].map((x) => expect.closeTo(x, 12)));
    // One category per attribute (the most lifted: tiktok over forum), written in the columns' order.
    expect(first.name).toBe('North · tiktok');
    expect(first.namedBy).toBe('traits');
    expect(first.size).toBe(20);
    // Influence i mod 7: 6 at people 6 and 13, then 5 at 5 (ties to the smaller index).
    expect(first.leaders).toEqual([6, 13, 5]);
    // Community 1: Enterprise 40 of 80 (0.5) against 0.4 is a lift of 1.25; instagram 80 of 80 against 0.8 is 1.25:
    // nothing stands out, so the community is named after its most influential member (6 at 20, 27, 34).
    expect(second.traits).toEqual([]);
    expect(second.name).toBe("P20's circle");
    expect(second.namedBy).toBe('leader');
    expect(second.leaders).toEqual([20, 27, 34]);
  });

  it('a lift on a small count is not enough: 8 of 10 against half the network is within 3σ of chance', () => {
    const small = Int32Array.from(range(0, 20), (i) => (i < 10 ? 0 : 1));
    const column: CategoryColumn = {
      attribute: 'segment',
      labels: ['A', 'B'],
      codes: Int32Array.from(range(0, 20), (i) => (i < 8 || (i >= 10 && i < 12) ? 0 : 1)),
    };
    // A: 0.8 against 0.5, lift 1.6, share 0.8; but 8 − 5 = 3 < 3 · √(10 · 0.25) = 4.74.
    expect(profileCommunities(small, { categories: [column] })[0].traits).toEqual([]);
    // At 1.5σ (2.37) it stands out.
    expect(profileCommunities(small, { categories: [column], minSigma: 1.5 })[0].name).toBe('A');
    expect(profileCommunities(small, { categories: [column], minSigma: 1.5 })[1].name).toBe('B');
  });

  it('two communities that would share a name get their most influential member', () => {
    const three = Int32Array.from(range(0, 20), (i) => (i < 5 ? 0 : i < 10 ? 1 : 2));
    const column: CategoryColumn = {
      attribute: 'region',
      labels: ['North', 'South'],
      codes: Int32Array.from(range(0, 20), (i) => (i % 5 < 4 && i < 10 ? 0 : 1)),
    };
    const profiles = profileCommunities(three, {
      categories: [column],
      influence: Float64Array.from(range(0, 20)),
      personName,
      minSigma: 0,
    });
    // North: 4 of 5 in communities 0 and 1 against 8 of 20, lift 2;
    // South: 10 of 10 in community 2 against 0.6, lift 1.67.
    expect(profiles.map((p) => p.name)).toEqual(['North (P4)', 'North (P9)', 'South']);
  });

  it('shortens a leader to first name and initial, leaving out a remark in brackets', () => {
    expect(shortName('Dario Santos', 'd1')).toBe('Dario S.');
    expect(shortName('Chloe Park (synthetic)', 'c1')).toBe('Chloe P.');
    expect(shortName('Ana Maria de Souza [VIP]', 'a1')).toBe('Ana S.');
    expect(shortName('Cher', 'c2')).toBe('Cher');
    expect(shortName('(synthetic)', 'x9')).toBe('x9');
    expect(shortName(undefined, 'x9')).toBe('x9');
  });

  it('says what is wrong with its input', () => {
    expect(() => profileCommunities([0, -1])).toThrow(/community profiles: person 1 has no community/);
    const bad: CategoryColumn = { attribute: 'region', labels: ['North'], codes: Int32Array.from([0, 3]) };
    expect(() => profileCommunities([0, 0], { categories: [bad] })).toThrow(/"region" code 3 of person 1 has no label/);
    const short: CategoryColumn = { attribute: 'region', labels: ['North'], codes: Int32Array.from([0]) };
    expect(() => profileCommunities([0, 0], { categories: [short] })).toThrow(
      /"region" column does not have one entry per person/,
    );
    expect(() => profileCommunities([0, 0], { influence: [1] })).toThrow(/"influence" has 1 values for 2 people/);
  });
});

describe('community profiles of the demo network', () => {
  it("names recover each planted community's home region, favourite channel and typical segment", () => {
    const network = generateDemoNetwork();
    const snapshot = snapshotFrom(network.people, network.relationships);
    const found = detectCommunities(snapshot);
    const profiles = profileCommunities(found.community, {
      categories: categoryColumnsOf(snapshot, network.people),
      influence: pagerank(snapshot).scores,
      personName: (i) => snapshot.ids.idOf(i),
    });
    // What each planted community holds most often, counted here from the people themselves.
    const planted = new Map<number, Person[]>();
    network.people.forEach((person, k) =>
      planted.set(network.plantedCommunity[k], [...(planted.get(network.plantedCommunity[k]) ?? []), person]),
    );
    const mode = (values: string[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    };
    let recovered = 0;
    for (const members of planted.values()) {
      // The detected community holding most of the planted one.
      const votes = new Map<number, number>();
      for (const person of members) {
        const c = found.community[snapshot.indexOfOrThrow(person.id)];
        votes.set(c, (votes.get(c) ?? 0) + 1);
      }
      const detected = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      const expected = [
        mode(members.map((p) => p.segment!)),
        mode(members.map((p) => p.region!)),
        mode(members.flatMap((p) => p.channels!)),
      ];
      const name = profiles[detected].name;
      if (name === expected.join(' · ')) recovered++;
      else console.log(`planted community of ${members.length}: expected "${expected.join(' · ')}", named "${name}"`);
    }
    console.log(
      `demo network: ${recovered} of ${planted.size} planted communities named by their segment, region and channel`,
    );
    expect(recovered).toBe(planted.size);
    // Customers are about as common everywhere, so status never stands out.
    expect(profiles.flatMap((p) => p.traits).filter((t) => t.attribute === 'status')).toEqual([]);
  });
});
