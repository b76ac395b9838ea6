import { getContext, setContext } from 'svelte';
import type { ExplorerState } from './explorer.svelte.ts';
import type { Router } from './router.svelte.ts';
import type { Session } from '../lib/session.svelte.ts';

/** What every screen shares: who is signed in (and the API client), the explorer's state, and navigation. */
export interface AppContext {
  session: Session;
  explorer: ExplorerState;
  router: Router;
}

const KEY = Symbol('sway');

export function provideApp(context: AppContext): void {
  setContext(KEY, context);
}

export function useApp(): AppContext {
  const context = getContext<AppContext | undefined>(KEY);
  if (!context) throw new Error('useApp() outside the Sway app: wrap the component in <App> or provide a context');
  return context;
}

/** The context as a Map, for mounting one component on its own (tests render panels this way). */
export function appContextMap(context: AppContext): Map<symbol, AppContext> {
  return new Map([[KEY, context]]);
}
