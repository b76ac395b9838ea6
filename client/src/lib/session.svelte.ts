import type { Role } from '../../../server/auth/roles.ts';
import { roleAllows } from '../../../server/auth/roles.ts';
import { createApi, type Api } from './api.ts';
import { describeError, type Problem } from './errors.ts';

const STORAGE_KEY = 'sway.token';

export interface Identity {
  name: string;
  role: Role;
}

/** How a session learns who a token belongs to; the app passes the API's procedure, tests a stand-in. */
export type IdentityLookup = (api: Api) => Promise<Identity>;

/**
 * The signed-in user: the API token (kept in sessionStorage, so it lasts as long as the tab and no longer), the role it
 * carries, and the API client that sends it. Screens ask `can(role)` and leave out what the role may not do.
 */
export class Session {
  token = $state<string | null>(null);
  identity = $state.raw<Identity | null>(null);
  /** Why the last sign-in failed. */
  problem = $state.raw<Problem | null>(null);
  busy = $state(false);
  api = $state.raw<Api | null>(null);

  constructor(
    private readonly lookup: IdentityLookup,
    private readonly makeApi: (token: string) => Api = (token) => createApi({ token }),
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = globalThis.sessionStorage ??
      null,
  ) {}

  get signedIn(): boolean {
    return this.identity !== null;
  }

  can(role: Role): boolean {
    return this.identity !== null && roleAllows(this.identity.role, role);
  }

  /** Checks the token with the API; on success keeps it for this tab. */
  async signIn(token: string): Promise<boolean> {
    const trimmed = token.trim();
    if (!trimmed) {
      this.problem = { kind: 'invalid', message: 'Paste an API token first.' };
      return false;
    }
    this.busy = true;
    this.problem = null;
    const api = this.makeApi(trimmed);
    try {
      const identity = await this.lookup(api);
      this.token = trimmed;
      this.api = api;
      this.identity = identity;
      this.storage?.setItem(STORAGE_KEY, trimmed);
      return true;
    } catch (error) {
      this.problem = describeError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Signs in again with the token kept from earlier in this tab, if any. */
  async resume(): Promise<boolean> {
    const kept = this.storage?.getItem(STORAGE_KEY);
    if (!kept) return false;
    const ok = await this.signIn(kept);
    if (!ok && this.problem?.kind === 'unauthorized') this.storage?.removeItem(STORAGE_KEY);
    return ok;
  }

  signOut(): void {
    this.storage?.removeItem(STORAGE_KEY);
    this.token = null;
    this.identity = null;
    this.api = null;
    this.problem = null;
  }
}
