import { ExplorerState } from '../../client/src/controllers/explorer.svelte.ts';
import { Router } from '../../client/src/controllers/router.svelte.ts';
import type { Api } from '../../client/src/lib/api.ts';
import { appContextMap, type AppContext } from '../../client/src/lib/context.ts';
import { Session } from '../../client/src/lib/session.svelte.ts';

/**
 * A stand-in for the tRPC client in component tests: only the procedures a test gives exist; calling any other one
 * fails the test with its name. The end-to-end test drives the real server.
 */
export function stubApi(procedures: Record<string, unknown>): Api {
  const proxy = (path: string[]): unknown =>
    new Proxy(() => undefined, {
      get(_target, key: string | symbol) {
        // Svelte and `await` look for symbols and `then` on values they are given: this is not a promise or a state.
        if (typeof key === 'symbol' || key === 'then') return undefined;
        const next = [...path, key];
        const name = next.join('.');
        if (name in procedures) return procedures[name];
        if (['query', 'mutate', 'subscribe'].includes(key)) {
          return () => {
            throw new Error(`the test did not expect a call to ${path.join('.')}.${key}`);
          };
        }
        return proxy(next);
      },
    });
  return proxy([]) as Api;
}

export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** A signed-in app context with the given role and API stand-in, as a Map for `render(..., { context })`. */
export async function signedIn(
  role: 'viewer' | 'analyst' | 'admin',
  api: Api,
): Promise<{ app: AppContext; context: Map<symbol, AppContext> }> {
  const session = new Session(
    async () => ({ name: `test ${role}`, role }),
    () => api,
    memoryStorage(),
  );
  await session.signIn('sway_test');
  const app: AppContext = { session, explorer: new ExplorerState(), router: new Router(null) };
  return { app, context: appContextMap(app) };
}

/** Resolves after pending promises and Svelte's effects have run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
