import type { Component } from 'svelte';
import type { Role } from '../../server/auth/roles.ts';
import Communities from './views/Communities.svelte';
import Explorer from './views/Explorer.svelte';
import Planner from './views/Planner.svelte';
import Spread from './views/Spread.svelte';
import Value from './views/Value.svelte';

/**
 * The app's screens, in the order of their tabs; App.svelte renders this table. A new screen is one entry here and
 * its component in views/ (which gets `active`: whether it is the screen shown).
 */
export interface Screen {
  /** Its address: `#/<id>`. */
  id: string;
  title: string;
  /** The least role that may use the screen; screens a role may not use are not offered. */
  role: Role;
  component: Component<{ active?: boolean }>;
}

export const SCREENS: readonly Screen[] = [
  { id: 'explorer', title: 'Explorer', role: 'viewer', component: Explorer },
  { id: 'communities', title: 'Communities', role: 'viewer', component: Communities },
  { id: 'value', title: 'Customer value', role: 'viewer', component: Value },
  { id: 'planner', title: 'Advocate planner', role: 'analyst', component: Planner },
  { id: 'spread', title: 'How a message travels', role: 'analyst', component: Spread },
];
