import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Communities from '../../client/src/views/Communities.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const brief = (id: string, label: string, influence: number, community: number) => ({
  id,
  label,
  influence,
  influenceScore: 50,
  community,
  communityName: community === 0 ? 'enterprise · EMEA' : "Cleo M.'s circle",
});
const traits = [
  { attribute: 'segment', category: 'enterprise', members: 96, share: 0.8, networkShare: 0.25, lift: 3.2 },
  { attribute: 'region', category: 'EMEA', members: 72, share: 0.6, networkShare: 0.3, lift: 2 },
];
const list = {
  scoreVersion: 1,
  total: 2,
  communities: [
    {
      community: 0,
      name: 'enterprise · EMEA',
      namedBy: 'traits',
      traits,
      size: 120,
      internalLinks: 400,
      externalLinks: 30,
      attentionShare: 0.6,
      leaders: [brief('a', 'Ada', 9, 0), brief('b', 'Ben', 4, 0)],
    },
    {
      community: 1,
      name: "Cleo M.'s circle",
      namedBy: 'leader',
      traits: [],
      size: 80,
      internalLinks: 200,
      externalLinks: 30,
      attentionShare: 0.4,
      leaders: [brief('c', 'Cleo', 7, 1)],
    },
  ],
};
const detail = (community: number) => ({
  scoreVersion: 1,
  community,
  ...(community === 0
    ? { name: 'enterprise · EMEA', namedBy: 'traits', traits }
    : { name: "Cleo M.'s circle", namedBy: 'leader', traits: [] }),
  size: community === 0 ? 120 : 80,
  internalLinks: 400,
  externalLinks: 30,
  attentionShare: 0.6,
  members: [brief('a', 'Ada', 9, community), brief('b', 'Ben', 4, community)],
  bridges: [{ ...brief('b', 'Ben', 4, community), betweenness: 0.2, externalLinks: 12 }],
  neighbours: [{ community: community === 0 ? 1 : 0, links: 30 }],
});

describe('Communities', () => {
  it('lists communities by name with their leaders, opens the largest, and shows what its members share, its members and bridges', async () => {
    const asked: number[] = [];
    const api = stubApi({
      'communities.list.query': async () => list,
      'communities.preview.query': async ({ resolution }: { resolution: number }) => ({
        communities: resolution === 1 ? 2 : 5,
        modularity: 0.41,
        largest: 120,
        method: 'leiden',
        resolution,
      }),
      'communities.get.query': async ({ community }: { community: number }) => (
        asked.push(community),
        detail(community)
      ),
    });
    const { app, context } = await signedIn('viewer', api);
    render(Communities, { context });
    await settle();
    const rows = within(screen.getByTestId('communities-table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const control = screen.getByTestId('resolution-control');
    expect(control.textContent!.replace(/\s+/g, ' ')).toContain('gives 2 communities (modularity 0.410)');
    await fireEvent.input(within(control).getByRole('spinbutton'), { target: { value: '2.5' } });
    await settle();
    expect(control.textContent!.replace(/\s+/g, ' ')).toContain('gives 5 communities');
    expect(control.textContent).toContain('sway rescore --resolution 2.5');
    expect(rows[0].textContent).toContain('enterprise · EMEA');
    expect(rows[0].textContent).toContain('#0');
    expect(rows[0].textContent).toContain('120');
    expect(rows[0].textContent).toContain('60.0%');
    expect(
      within(rows[0])
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Ada', 'Ben']);
    expect(asked).toEqual([0]);
    expect(screen.getByTestId('bridges').textContent).toContain('12 outside links');
    const shared = screen.getByTestId('community-traits').textContent!.replace(/\s+/g, ' ');
    expect(shared).toContain('enterprise (segment): 80% of members against 25% of the network (3.2×)');
    expect(screen.getByRole('heading', { level: 2, name: /enterprise · EMEA/ })).toBeTruthy();
    // The same person in two lists: their id on hover.
    expect(screen.getAllByRole('button', { name: 'Ben' }).every((button) => button.title === 'id b')).toBe(true);

    await fireEvent.click(within(rows[1]).getByRole('button', { name: "Cleo M.'s circle" }));
    await settle();
    expect(asked).toEqual([0, 1]);
    expect(screen.getByText(/Nothing stands out among its members/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Show enterprise · EMEA in the explorer' }));
    expect(app.explorer.filters.community).toBe(0);
    expect(app.router.screen).toBe('explorer');
  });

  it('explains an empty store', async () => {
    const api = stubApi({ 'communities.list.query': async () => ({ scoreVersion: 1, total: 0, communities: [] }) });
    const { context } = await signedIn('viewer', api);
    render(Communities, { context });
    await settle();
    expect(screen.getByText('No communities: score the network first.')).toBeTruthy();
  });
});
