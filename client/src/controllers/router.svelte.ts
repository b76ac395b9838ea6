import type { Role } from '../../../server/auth/roles.ts';

export interface Screen {
  id: 'explorer' | 'planner' | 'value' | 'communities';
  title: string;
  /** The least role that may use the screen; screens a role may not use are not offered. */
  role: Role;
}

export const SCREENS: readonly Screen[] = [
  { id: 'explorer', title: 'Explorer', role: 'viewer' },
  { id: 'communities', title: 'Communities', role: 'viewer' },
  { id: 'value', title: 'Customer value', role: 'viewer' },
  { id: 'planner', title: 'Advocate planner', role: 'analyst' },
];

export type ScreenId = Screen['id'];

function fromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '');
  return SCREENS.find((screen) => screen.id === id)?.id ?? 'explorer';
}

/** Which screen is open, kept in the URL's hash so reload and the back button work without a server route. */
export class Router {
  screen = $state<ScreenId>('explorer');

  constructor(private readonly location: Pick<Location, 'hash'> | null = globalThis.location ?? null) {
    if (this.location) this.screen = fromHash(this.location.hash);
    globalThis.addEventListener?.('hashchange', () => {
      if (this.location) this.screen = fromHash(this.location.hash);
    });
  }

  go(screen: ScreenId): void {
    this.screen = screen;
    if (this.location && fromHash(this.location.hash) !== screen) this.location.hash = `#/${screen}`;
  }
}
