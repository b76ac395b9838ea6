import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Outreach from '../../client/src/panels/Outreach.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const person = (
  id: string,
  label: string | null,
  strong: number,
  weak: number | null,
  weakPercentile: number | null,
) => ({
  id,
  label,
  influence: 1,
  influenceScore: 50,
  community: 0,
  communityName: null,
  strong,
  strongPercentile: 99.6,
  weak,
  weakPercentile,
});
const answer = (people: ReturnType<typeof person>[]) => ({
  scoreVersion: 3,
  strong: { name: 'twitter', key: 'twitter' },
  weak: { name: 'forum', key: 'forum' },
  strongPercentile: 90,
  weakPercentile: 50,
  people,
});
const text = (element: HTMLElement) => element.textContent!.replace(/\s+/g, ' ').trim();

describe('Outreach', () => {
  it('asks for the first two channels and lists each person with both influences and the reason', async () => {
    const asked: unknown[] = [];
    const api = stubApi({
      'people.outreach.query': async (input: unknown) => (
        asked.push(input),
        answer([person('a', 'Ada', 3.456, null, null), person('b', null, 2.5, 0.4, 12.3)])
      ),
    });
    const { app, context } = await signedIn('viewer', api);
    render(Outreach, { props: { channels: ['twitter', 'forum', 'email'] }, context });
    await settle();
    expect(asked).toEqual([{ strong: 'twitter', weak: 'forum', limit: 20 }]);
    const items = within(screen.getByTestId('outreach-list')).getAllByRole('listitem');
    expect(items.map(text)).toEqual([
      'Ada twitter 3.46 · forum not there top 1% on twitter; not on forum',
      'b twitter 2.50 · forum 0.40 top 1% on twitter; bottom 12% on forum',
    ]);
    expect(text(screen.getByTestId('outreach'))).toContain(
      'In the top 10% on twitter, in the bottom 50% on forum or not there',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Ada' }));
    expect(app.explorer.selected).toBe('a');
  });

  it('says when no one matches, and asks for two different channels', async () => {
    const api = stubApi({ 'people.outreach.query': async () => answer([]) });
    const { context } = await signedIn('viewer', api);
    const { container } = render(Outreach, { props: { channels: ['twitter', 'forum'] }, context });
    const { getByTestId, getByText } = within(container);
    await settle();
    expect(getByText('No one influential on twitter is absent or weak on forum.')).toBeTruthy();
    await fireEvent.change(getByTestId('outreach-weak'), { target: { value: 'twitter' } });
    await settle();
    expect(getByText('Choose two different channels.')).toBeTruthy();
  });

  it('says how to get channels when none is scored, without asking the API', async () => {
    const { context } = await signedIn('viewer', stubApi({}));
    const { container } = render(Outreach, { props: { channels: [] }, context });
    const { getByTestId } = within(container);
    await settle();
    expect(text(getByTestId('outreach-empty'))).toBe(
      'No channel is scored. Relationships need a channel (the channel column of relationships.csv, such as forum or forum;email); import them with it and re-score.',
    );
  });
});
