import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { createContext } from '../../../server/app/context.ts';
import { createSwayServer, type SwayServer } from '../../../server/app/http.ts';
import { createLogger } from '../../../server/app/logger.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { createCaller } from '../../../server/routers/app-router.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { scoreStore, type ScoreOptions } from '../../../server/usecases/score.ts';

export interface DemoApi {
  store: GraphStore;
  app: SwayServer;
  /** Procedures called in-process with a token of the role. */
  callerAs(role: 'viewer' | 'analyst' | 'admin'): ReturnType<typeof createCaller>;
}

/**
 * For a describe block: the demo network of `people` imported into a fresh embedded store, scored, and the API's
 * services on it (removed after). The fields are set in beforeAll.
 */
export function withDemoApi(people: number, scoring: ScoreOptions = {}): DemoApi {
  const api = {} as DemoApi;
  let data = '';
  let tokens: TokenStore | null = null;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-demo-api-'));
    api.store = await openStore({ data });
    await api.store.importBatches(demoBatches({ people }), { source: 'demo' });
    await scoreStore(api.store, scoring);
    const issued = (tokens = new TokenStore(data));
    api.app = createSwayServer({
      store: api.store,
      storeOptions: { data },
      tokens,
      log: createLogger({ level: 'silent' }),
    });
    api.callerAs = (role) => createCaller(createContext(api.app.services, issued.create({ role }).token, false));
  });
  afterAll(async () => {
    await api.app?.close();
    tokens?.close();
    await api.store?.close();
    rmSync(data, { recursive: true, force: true });
  });
  return api;
}
