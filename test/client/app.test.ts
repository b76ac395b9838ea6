import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../client/src/App.svelte';
import { Session } from '../../client/src/lib/session.svelte.ts';
import { memoryStorage, settle, stubApi } from './harness.ts';

const emptyView = { mode: 'top', scoreVersion: 1, nodes: [], edges: [], positions: null, truncated: false };

function session(role: 'viewer' | 'analyst' | 'admin', storage = memoryStorage()) {
  const api = stubApi({ 'graph.view.query': async () => emptyView });
  return new Session(
    async () => ({ name: 'tester', role }),
    () => api,
    storage,
  );
}

describe('App', () => {
  it('asks for a token, then offers only the screens the role may use', async () => {
    const viewer = session('viewer');
    render(App, { props: { session: viewer } });
    await settle();
    await fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'sway_viewer' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await settle();
    const tabs = screen
      .getAllByRole('button')
      .filter((b) => b.classList.contains('tab'))
      .map((b) => b.textContent);
    expect(tabs).toEqual(['Explorer', 'Communities', 'Customer value']);
    expect(screen.getByTestId('identity').textContent).toBe('tester · viewer');
    expect(screen.getByText('No one to draw: import a network and score it first.')).toBeTruthy();
  });

  it('offers the advocate planner to analysts, and keeps the token for the tab only', async () => {
    const storage = memoryStorage();
    render(App, { props: { session: session('analyst', storage) } });
    await settle();
    await fireEvent.input(screen.getByLabelText('API token'), { target: { value: '  sway_analyst ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await settle();
    expect(screen.getByRole('button', { name: 'Advocate planner' })).toBeTruthy();
    expect(storage.items.get('sway.token')).toBe('sway_analyst');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(storage.items.has('sway.token')).toBe(false);
    expect(screen.getByLabelText('API token')).toBeTruthy();
  });

  it('signs back in with the token kept in this tab', async () => {
    const storage = memoryStorage();
    storage.setItem('sway.token', 'sway_kept');
    render(App, { props: { session: session('viewer', storage) } });
    await settle();
    expect(screen.getByTestId('identity').textContent).toBe('tester · viewer');
  });

  it('says when the token is refused', async () => {
    const { TRPCClientError } = await import('@trpc/client');
    const refusing = new Session(
      async () => {
        throw new TRPCClientError('The API token is not valid (unknown or revoked).', {
          result: { error: { message: 'invalid', code: -32001, data: { code: 'UNAUTHORIZED' } } },
        });
      },
      () => stubApi({}),
      memoryStorage(),
    );
    render(App, { props: { session: refusing } });
    await settle();
    await fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'sway_wrong' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('The API did not accept the token. Sign in again.');
  });
});
