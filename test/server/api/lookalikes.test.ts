import { beforeAll, describe, expect, it } from 'vitest';
import { withDemoApi, type DemoApi } from './demo-caller.ts';

/** people.lookalikes on the demo network, against neighbourhoods and Jaccard counted here from the stored graph. */
describe('people.lookalikes', () => {
  const demo = withDemoApi(800, { only: ['influence', 'communities'] });
  let caller: ReturnType<DemoApi['callerAs']>;
  const listeners = new Map<string, Set<string>>();
  const influencers = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) =>
    map.set(key, (map.get(key) ?? new Set()).add(value));

  beforeAll(async () => {
    caller = demo.callerAs('viewer');
    await demo.store.streamGraph({
      addPerson() {},
      addRelationship: (r) => {
        if (r.source === r.target) return;
        add(listeners, r.source, r.target);
        add(influencers, r.target, r.source);
      },
    });
  });

  const common = (a: Set<string> | undefined, b: Set<string> | undefined) =>
    [...(a ?? [])].filter((x) => b?.has(x)).length;
  const union = (a: Set<string> | undefined, b: Set<string> | undefined) => new Set([...(a ?? []), ...(b ?? [])]).size;

  it('ranks people by the listeners and influencers they share with a person, and says so', async () => {
    const person = [...listeners.keys()].sort((a, b) => listeners.get(b)!.size - listeners.get(a)!.size)[0];
    const { lookalikes } = await caller.people.lookalikes({ ids: [person], limit: 10 });
    expect(lookalikes).toHaveLength(10);
    for (const l of lookalikes) {
      const sharedListeners = common(listeners.get(person), listeners.get(l.id));
      const sharedInfluencers = common(influencers.get(person), influencers.get(l.id));
      expect([l.sharedListeners, l.sharedInfluencers]).toEqual([sharedListeners, sharedInfluencers]);
      const jaccard =
        (sharedListeners + sharedInfluencers) /
        (union(listeners.get(person), listeners.get(l.id)) + union(influencers.get(person), influencers.get(l.id)));
      expect(l.score).toBeCloseTo(jaccard, 12);
      expect(l.reason).toMatch(/^\d+ shared (listener|influencer)s?(, \d+ shared (listener|influencer)s?)?$/);
      expect(l.reason).toContain(`${Math.max(sharedListeners, sharedInfluencers)} shared`);
      expect(l.closestTo).toBe(person);
      expect(l.id).not.toBe(person);
    }
    const scores = lookalikes.map((l) => l.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('for a set: the mean similarity to its members, never a member, each with the member it is closest to', async () => {
    const set = [...listeners.keys()].slice(0, 3);
    const { lookalikes } = await caller.people.lookalikes({ ids: set, limit: 5, measure: 'adamic-adar' });
    expect(lookalikes.length).toBeGreaterThan(0);
    for (const l of lookalikes) {
      expect(set).not.toContain(l.id);
      expect(set).toContain(l.closestTo);
    }
  });

  it('names an unknown person', async () => {
    await expect(caller.people.lookalikes({ ids: ['nobody-here'] })).rejects.toThrow(
      /No person with the id "nobody-here"/,
    );
  });
});
