import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDefinitions } from '../../../graph/scores/registry.ts';
import { seedStar, STAR } from './fixtures.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('people procedures (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedStar, score: true });
  });
  afterAll(() => server?.close());

  it('returns every registered score, equal to what the store holds', async () => {
    const viewer = server.client('viewer');
    for (const { id } of STAR.people) {
      const got = await viewer.people.get.query({ id });
      const stored = await server.store.getPerson(id);
      expect(got.scoreVersion).toBe(stored!.scoreVersion);
      expect(got.scores.map((s) => s.column)).toEqual(scoreDefinitions().map((d) => d.column));
      for (const score of got.scores) {
        const value = stored!.scores[score.column];
        expect(score.value, `${id} ${score.column}`).toBe(
          value === undefined || value === null || Number.isNaN(value) ? null : value,
        );
      }
      expect(got.person).toMatchObject(STAR.people.find((p) => p.id === id)!);
    }
  });

  it('computes PageRank and percentiles that match the hand-computed star', async () => {
    const viewer = server.client('viewer');
    const ann = await viewer.people.get.query({ id: 'ann' });
    const bob = await viewer.people.get.query({ id: 'bob' });
    const pagerank = (p: typeof ann) => p.scores.find((s) => s.column === 'pagerank')!;
    expect(pagerank(ann).value).toBeCloseTo(STAR.pagerank.ann, 9);
    expect(pagerank(bob).value).toBeCloseTo(STAR.pagerank.bob, 9);
    // Mid-rank percentiles over four people: Ann is above three (3 + 1/2 of 4), Bob ties with two others (3/2 of 4).
    expect(pagerank(ann).percentile).toBeCloseTo(87.5, 9);
    expect(pagerank(bob).percentile).toBeCloseTo(37.5, 9);
    // A category has no percentile.
    expect(ann.scores.find((s) => s.column === 'community')!.percentile).toBeNull();
  });

  it('explains influence by the listeners behind it', async () => {
    const ann = await server.client('viewer').people.get.query({ id: 'ann' });
    expect(ann.influence.status).toBe('ok');
    const explanation = ann.influence.explanation!;
    expect(explanation.pagerank).toBeCloseTo(STAR.pagerank.ann, 9);
    expect(explanation.contributors.map((c) => c.id).sort()).toEqual(['bob', 'cat']);
    for (const contributor of explanation.contributors) expect(contributor.share).toBeCloseTo(STAR.annShareFromEach, 9);
    expect(explanation.contributors.find((c) => c.id === 'bob')!.label).toBe('Bob Example');
    expect(explanation.baselineShare).toBeCloseTo(STAR.annBaseline, 9);
    expect(explanation.otherShare).toBeCloseTo(0, 9);
    const limited = await server.client('viewer').people.get.query({ id: 'ann', contributors: 1 });
    expect(limited.influence.explanation!.contributors).toHaveLength(1);
    expect(limited.influence.explanation!.otherShare).toBeCloseTo(STAR.annShareFromEach, 9);
  });

  it('searches by id, label and handle prefix, case-insensitively', async () => {
    const viewer = server.client('viewer');
    expect((await viewer.people.search.query({ query: 'AN' })).map((p) => p.id)).toEqual(['ann']);
    expect((await viewer.people.search.query({ query: 'bob ex' })).map((p) => p.id)).toEqual(['bob']);
    expect((await viewer.people.search.query({ query: 'catex' }))[0]).toMatchObject({
      id: 'cat',
      label: 'Cat Example',
      handle: 'catex',
    });
    expect(await viewer.people.search.query({ query: 'zzz' })).toEqual([]);
  });

  it('returns the ego network within the limit', async () => {
    const ego = await server.client('viewer').people.ego.query({ id: 'bob', depth: 2 });
    expect(ego.center).toBe('bob');
    expect(ego.people.map((p) => p.id).sort()).toEqual(['ann', 'bob', 'cat']);
    expect(ego.relationships.map((r) => `${r.source}>${r.target}`).sort()).toEqual(['ann>bob', 'ann>cat']);
    const one = await server.client('viewer').people.ego.query({ id: 'bob', depth: 1 });
    expect(one.people.map((p) => p.id).sort()).toEqual(['ann', 'bob']);
  });
});
