import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoBatches, DEMO_SOURCE } from '../../graph/demo/customer-community.ts';
import type { TokenStore } from '../auth/tokens.ts';
import type { GraphStore } from '../stores/contract.ts';

export const DEMO_TOKEN_FILE = 'demo-token.txt';

export interface DemoSetup {
  /** True when this run loaded the demo network (the store was empty). */
  loaded: boolean;
  /**
   * The demo admin token: created on first run, read back from <data>/demo-token.txt later (null if that file is gone).
   */
  token: string | null;
  tokenFile: string;
}

/**
 * `sway serve --demo`: on an empty store, imports the synthetic customer community (graph/demo) and creates an admin
 * token for it, written to <data>/demo-token.txt (readable by the owner only) so a person can sign in.
 */
export async function setUpDemo(store: GraphStore, tokens: TokenStore, data: string): Promise<DemoSetup> {
  const tokenFile = join(data, DEMO_TOKEN_FILE);
  const { people } = await store.counts();
  if (people > 0) {
    return { loaded: false, token: existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : null, tokenFile };
  }
  await store.importBatches(demoBatches(), { source: DEMO_SOURCE });
  const created = tokens.create({ role: 'admin', name: 'demo admin' });
  writeFileSync(tokenFile, `${created.token}\n`, { mode: 0o600 });
  return { loaded: true, token: created.token, tokenFile };
}
