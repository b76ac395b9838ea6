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
});
const list = {
  scoreVersion: 1,
  total: 2,
  communities: [
    {
      community: 0,
      size: 120,
      internalLinks: 400,
      externalLinks: 30,
      attentionShare: 0.6,
      leaders: [brief('a', 'Ada', 9, 0), brief('b', 'Ben', 4, 0)],
    },
    {
      community: 1,
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
  size: community === 0 ? 120 : 80,
  internalLinks: 400,
  externalLinks: 30,
  attentionShare: 0.6,
  members: [brief('a', 'Ada', 9, community), brief('b', 'Ben', 4, community)],
  bridges: [{ ...brief('b', 'Ben', 4, community), betweenness: 0.2, externalLinks: 12 }],
  neighbours: [{ community: community === 0 ? 1 : 0, links: 30 }],
});

describe('Communities', () => {
  it('lists communities with their leaders, opens the largest, and shows its members and bridges', async () => {
    const asked: number[] = [];
    const api = stubApi({
      'communities.list.query': async () => list,
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
    expect(rows[0].textContent).toContain('120');
    expect(rows[0].textContent).toContain('60.0%');
    expect(
      within(rows[0])
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Ada', 'Ben']);
    expect(asked).toEqual([0]);
    expect(screen.getByTestId('bridges').textContent).toContain('12 outside links');

    await fireEvent.click(within(rows[1]).getByRole('button', { name: /Community 1/ }));
    await settle();
    expect(asked).toEqual([0, 1]);

    await fireEvent.click(screen.getByRole('button', { name: 'Show community 0 in the explorer' }));
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
