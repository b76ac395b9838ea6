import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { SCORE_FAMILIES } from '../../graph/scores/registry.ts';
import PersonPanel from '../../client/src/panels/PersonPanel.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

// Every registered score gets a value; percentile 100 * (i + 0.5) / n so each row's wording is predictable.
const definitions = SCORE_FAMILIES.flatMap((family) => family.scores.map((score) => ({ family, score })));
const scores = definitions.map(({ family, score }, i) => ({
  column: score.column,
  label: score.label,
  description: score.description,
  unit: score.unit,
  range: score.range ?? null,
  kind: score.kind,
  higherIsBetter: score.higherIsBetter ?? true,
  family: family.id,
  familyLabel: family.label,
  explanation: score.explanation,
  value: score.kind === 'category' ? 2 : i + 1,
  percentile: score.kind === 'category' ? null : 97.5,
}));

const person = {
  person: { id: 'p1', label: 'Ada (synthetic)', segment: 'enthusiast', customer: true, clv: 1234 },
  inDegree: 3,
  outDegree: 2,
  scoreVersion: 4,
  scores,
  channels: [
    {
      name: 'forum',
      scores: [
        {
          column: 'influence__forum',
          label: 'Influence on forum',
          unit: 'x average',
          kind: 'float',
          value: 2.5,
          percentile: 90,
        },
        {
          column: 'audience__forum',
          label: 'Audience on forum',
          unit: 'people',
          kind: 'integer',
          value: 1234,
          percentile: 80,
        },
        {
          column: 'reach2__forum',
          label: 'Two-hop reach on forum',
          unit: 'people',
          kind: 'integer',
          value: 5000,
          percentile: 70,
        },
      ],
    },
    {
      name: 'email',
      scores: [
        {
          column: 'influence__email',
          label: 'Influence on email',
          unit: 'x average',
          kind: 'float',
          value: null,
          percentile: null,
        },
        {
          column: 'audience__email',
          label: 'Audience on email',
          unit: 'people',
          kind: 'integer',
          value: null,
          percentile: null,
        },
        {
          column: 'reach2__email',
          label: 'Two-hop reach on email',
          unit: 'people',
          kind: 'integer',
          value: null,
          percentile: null,
        },
      ],
    },
  ],
  influence: {
    status: 'ok',
    explanation: {
      pagerank: 0.01,
      baselineShare: 0.1,
      otherShare: 0.15,
      contributors: [
        { id: 'p2', label: 'Ben', contribution: 0.005, share: 0.5 },
        { id: 'p3', label: null, contribution: 0.0025, share: 0.25 },
      ],
    },
  },
};

// p2 and p3 listen to p1 (p1 -> them) and rated p1; p1 listens to p4.
const ego = {
  center: 'p1',
  truncated: false,
  people: [
    { id: 'p1', label: 'Ada (synthetic)', influence: 2, influenceScore: 80, community: 0, segment: null },
    { id: 'p2', label: 'Ben', influence: 1, influenceScore: 50, community: 0, segment: null },
    { id: 'p3', label: null, influence: 0.5, influenceScore: 30, community: 1, segment: null },
    { id: 'p4', label: 'Dev', influence: 3, influenceScore: 90, community: 1, segment: null },
  ],
  relationships: [
    { source: 'p1', target: 'p2', kind: 'trusts', weight: 1, rating: 0.8, channel: null },
    { source: 'p1', target: 'p3', kind: 'trusts', weight: 1, rating: -0.5, channel: null },
    { source: 'p4', target: 'p1', kind: 'follows', weight: 1, rating: null, channel: null },
  ],
};

// Four kept versions of p1: re-scorings of the same graph (the same as-of date) on one day; p1 has no row in v3.
const point = (version: number, minute: number, influence: number | null, reach2: number | null) => ({
  version,
  computedAt: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
  asOf: '2024-12-31T12:00:00.000Z',
  values: { influence, reach2, reputation: influence === null ? null : 0.25, influence_change: null },
});
const history = [point(2, 5, 1.5, 100), point(3, 10, null, null), point(4, 20, 2.25, 150), point(5, 30, 3, 180)];

function api(calls: string[] = []) {
  return stubApi({
    'people.history.query': async ({ id }: { id: string }) => (calls.push(`history ${id}`), history),
    'people.get.query': async ({ id }: { id: string }) => (calls.push(`get ${id}`), person),
    'people.ego.query': async ({ id, depth }: { id: string; depth: number }) => (calls.push(`ego ${id} ${depth}`), ego),
    'admin.erasePerson.mutate': async ({ id }: { id: string }) => (
      calls.push(`erase ${id}`),
      { erased: true, forgottenJobs: 0 }
    ),
  });
}

describe('PersonPanel', () => {
  it('shows where the person matters: influence, audience and reach per channel side by side', async () => {
    const { context } = await signedIn('viewer', api());
    render(PersonPanel, { props: { id: 'p1' }, context });
    await settle();
    expect(screen.getByRole('heading', { name: 'Where they matter' })).toBeTruthy();
    const cells = (channel: string) =>
      Array.from(document.querySelectorAll(`tr[data-channel="${channel}"] td`), (td) => td.textContent!.trim());
    expect(cells('forum')).toEqual(['2.50', '1,234', '5,000']);
    expect(cells('email')).toEqual(['not there', 'not there', 'not there']);
  });

  it("draws the person's history: one point per version with a value, a gap where they had none", async () => {
    const { context } = await signedIn('viewer', api());
    render(PersonPanel, { props: { id: 'p1' }, context });
    await settle();
    const chart = screen.getByTestId('history-chart');
    const drawn = () =>
      Array.from(chart.querySelectorAll('g.point'), (g) => [
        Number(g.getAttribute('data-version')),
        Number(g.getAttribute('data-value')),
      ]);
    expect(drawn()).toEqual([
      [2, 1.5],
      [4, 2.25],
      [5, 3],
    ]);
    // The line breaks at v3: it starts again after the gap (two "M"oves), and joins v4 to v5.
    expect(chart.querySelector('path.line')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    const titles = Array.from(chart.querySelectorAll('g.point title'), (t) => t.textContent);
    expect(titles[0]).toBe('Influence 1.50 in version 2 (as of 2024-12-31, computed 2026-03-02 10:05 UTC)');
    // Every version describes the same date, so the axis gives the time each was computed (the same day).
    const ticks = Array.from(chart.querySelectorAll('text.tick'), (t) => t.textContent);
    expect(ticks).toEqual(expect.arrayContaining(['10:05', '10:30', 'v2', 'v3', 'v4', 'v5']));
    expect(chart.querySelector('text.axis')!.textContent).toBe('time computed on 2026-03-02 (UTC), score version');
    expect(Array.from(chart.querySelectorAll('text.value'), (t) => t.textContent)).toEqual(['1.50', '2.25', '3.00']);

    await fireEvent.click(within(chart).getByLabelText('Two-hop reach'));
    await settle();
    expect(chart.getAttribute('data-column')).toBe('reach2');
    expect(drawn()).toEqual([
      [2, 100],
      [4, 150],
      [5, 180],
    ]);
    expect(Array.from(chart.querySelectorAll('text.value'), (t) => t.textContent)).toEqual(['100', '150', '180']);
  });

  it('shows every registered score with its percentile, grouped by family', async () => {
    const { context } = await signedIn('viewer', api());
    render(PersonPanel, { props: { id: 'p1' }, context });
    await settle();
    expect(screen.getByRole('heading', { name: 'Ada (synthetic)' })).toBeTruthy();
    // Every family with declared columns (the per-channel family's columns come per channel, in their own table).
    for (const family of SCORE_FAMILIES.filter((f) => f.scores.length > 0))
      expect(screen.getByRole('heading', { name: family.label })).toBeTruthy();
    for (const { score } of definitions) {
      const row = document.querySelector(`tr[data-column="${score.column}"]`) as HTMLElement;
      expect(row, score.column).toBeTruthy();
      expect(within(row).getByText(score.label)).toBeTruthy();
      if (score.kind !== 'category') expect(row.textContent).toContain('top 3%');
    }
  });

  it('explains influence by the listeners who bring it, and lists the ratings behind the reputation', async () => {
    const { app, context } = await signedIn('viewer', api());
    render(PersonPanel, { props: { id: 'p1' }, context });
    await settle();
    const explanation = screen.getByTestId('influence-explanation');
    expect(within(explanation).getByRole('button', { name: 'Ben' })).toBeTruthy();
    expect(explanation.textContent).toContain('50.0%');
    expect(explanation.textContent).toContain('25.0%');
    // Plain words from the registry, no function name ("see explainInfluence").
    expect(explanation.textContent).toContain('The listeners whose attention brings this person the most rank');
    expect(screen.getByTestId('person-panel').textContent).not.toMatch(/explain[A-Z]|\bsee \w+\(|[a-z][A-Z]\w*Floor/);
    // A contributor without a label is shown by id; clicking opens them.
    await fireEvent.click(within(explanation).getByRole('button', { name: 'p3' }));
    expect(app.explorer.selected).toBe('p3');

    const ratings = screen.queryByTestId('ratings');
    if (SCORE_FAMILIES.some((f) => f.id === 'reputation')) {
      // Ratings received: relationships out of p1 (listeners rate the speaker), lowest first.
      expect(ratings!.textContent).toMatch(/-0\.50\s*from\s*p3[\s\S]*\+0\.80\s*from\s*Ben/);
    } else {
      expect(ratings).toBeNull();
    }
  });

  it('draws the ego network with the centre and its three neighbours; a click opens a neighbour', async () => {
    const { app, context } = await signedIn('viewer', api());
    render(PersonPanel, { props: { id: 'p1' }, context });
    await settle();
    const svg = screen.getByTestId('ego-graph');
    expect(svg.querySelectorAll('circle')).toHaveLength(4);
    expect(svg.querySelectorAll('line')).toHaveLength(3);
    await fireEvent.keyDown(within(svg).getByRole('button', { name: /^Dev,/ }), { key: 'Enter' });
    expect(app.explorer.selected).toBe('p4');
  });

  it('asks for two hops when chosen', async () => {
    const calls: string[] = [];
    const { context } = await signedIn('viewer', api(calls));
    render(PersonPanel, { props: { id: 'p1' }, context });
    await settle();
    await fireEvent.click(screen.getByLabelText('2 hops'));
    await settle();
    expect(calls).toEqual(['get p1', 'history p1', 'ego p1 1', 'ego p1 2']);
  });

  it('offers erasure to admins only, after a confirmation', async () => {
    const viewer = await signedIn('viewer', api());
    const { unmount } = render(PersonPanel, { props: { id: 'p1' }, context: viewer.context });
    await settle();
    expect(screen.queryByRole('button', { name: /Erase/ })).toBeNull();
    unmount();

    const calls: string[] = [];
    const admin = await signedIn('admin', api(calls));
    admin.app.explorer.select('p1');
    render(PersonPanel, { props: { id: 'p1' }, context: admin.context });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Erase this person…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Erase permanently' }));
    await settle();
    expect(calls).toContain('erase p1');
    expect(admin.app.explorer.selected).toBeNull();
    expect(admin.app.explorer.revision).toBe(1);
  });

  it('says so when the person is not found', async () => {
    const { TRPCClientError } = await import('@trpc/client');
    const missing = stubApi({
      'people.get.query': async () => {
        throw new TRPCClientError('No person with this id.', {
          result: { error: { message: 'No person with this id.', code: -32004, data: { code: 'NOT_FOUND' } } },
        });
      },
      'people.ego.query': async () => ego,
    });
    const { context } = await signedIn('viewer', missing);
    render(PersonPanel, { props: { id: 'nobody' }, context });
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('No person with this id.');
  });
});
