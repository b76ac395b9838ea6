import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Lookalikes from '../../client/src/panels/Lookalikes.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const lookalike = (id: string, label: string | null, reason: string, closestTo: string, closestToLabel: string) => ({
  id,
  label,
  influence: 1,
  influenceScore: 50,
  community: 0,
  communityName: 'enterprise · EMEA',
  score: 0.3,
  sharedListeners: 12,
  sharedInfluencers: 3,
  reason,
  closestTo,
  closestToLabel,
});

describe('Lookalikes', () => {
  it('asks for the people given and lists who is like them, with the reason and the member each is closest to', async () => {
    const asked: unknown[] = [];
    const api = stubApi({
      'people.lookalikes.query': async (input: unknown) => (
        asked.push(input),
        {
          lookalikes: [
            lookalike('x', 'Xia Li', '12 shared listeners, 3 shared influencers', 'a', 'Ada'),
            lookalike('y', null, '4 shared influencers', 'b', 'Ben'),
          ],
        }
      ),
    });
    const { app, context } = await signedIn('viewer', api);
    render(Lookalikes, { props: { ids: ['a', 'b'], limit: 5 }, context });
    await settle();
    expect(asked).toEqual([{ ids: ['a', 'b'], limit: 5 }]);
    const items = within(screen.getByTestId('lookalikes')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      'Xia Li 12 shared listeners, 3 shared influencers; most like Ada · enterprise · EMEA',
      'y 4 shared influencers; most like Ben · enterprise · EMEA',
    ]);
    const xia = screen.getByRole('button', { name: 'Xia Li' });
    expect(xia.title).toBe('id x');
    await fireEvent.click(xia);
    expect(app.explorer.selected).toBe('x');
  });

  it('says when no one is alike', async () => {
    const api = stubApi({ 'people.lookalikes.query': async () => ({ lookalikes: [] }) });
    const { context } = await signedIn('viewer', api);
    render(Lookalikes, { props: { ids: ['a'] }, context });
    await settle();
    expect(screen.getByText('No one shares listeners or influencers with this person.')).toBeTruthy();
  });
});
