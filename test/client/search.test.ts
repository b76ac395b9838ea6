import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SearchBox from '../../client/src/panels/SearchBox.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const people = [
  { id: '17', label: 'Ada Lovelace', handle: 'ada', influence: 12.5, influenceScore: 90, community: 0 },
  { id: '23', label: 'Adam Smith', handle: null, influence: 0.8, influenceScore: 40, community: 2 },
];

describe('SearchBox', () => {
  it('suggests people as one types, and Enter picks the one chosen with the arrow keys', async () => {
    const queries: string[] = [];
    const api = stubApi({
      'people.search.query': async ({ query }: { query: string }) => (queries.push(query), people),
    });
    const { context } = await signedIn('viewer', api);
    const picked: string[] = [];
    render(SearchBox, { props: { onpick: (p: { id: string }) => picked.push(p.id), debounceMs: 0 }, context });
    const box = screen.getByRole('combobox', { name: 'Search people' });
    await fireEvent.input(box, { target: { value: 'ad' } });
    await settle();
    expect(queries).toEqual(['ad']);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      'Ada Lovelace @ada 12.5',
      'Adam Smith 0.8',
    ]);
    expect(options[0].getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1].id);
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(picked).toEqual(['23']);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('says when no one matches, and when the API cannot be reached', async () => {
    let down = false;
    const api = stubApi({
      'people.search.query': async () => {
        if (down) throw new TypeError('Failed to fetch');
        return [];
      },
    });
    const { context } = await signedIn('viewer', api);
    render(SearchBox, { props: { onpick: () => {}, debounceMs: 0 }, context });
    const box = screen.getByRole('combobox');
    await fireEvent.input(box, { target: { value: 'zz' } });
    await settle();
    expect(screen.getByRole('listbox').textContent).toContain('No one matches.');
    down = true;
    await fireEvent.input(box, { target: { value: 'zzz' } });
    await settle();
    expect(screen.getByRole('listbox').textContent).toContain('The API cannot be reached');
  });
});
