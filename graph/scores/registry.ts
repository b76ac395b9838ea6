import type { ScoreFamily } from './family.ts';
import { channelsFamily } from './families/channels.ts';
import { communitiesFamily } from './families/communities.ts';
import { influenceFamily } from './families/influence.ts';
import { reachFamily } from './families/reach.ts';
import { reputationFamily } from './families/reputation.ts';
import { structureFamily } from './families/structure.ts';
import { trendFamily } from './families/trend.ts';
import { valueFamily } from './families/value.ts';

/**
 * The one registry of score computations, in the order of their declarations (definitions.ts): families run in this
 * order, and a family's `dependsOn` must name earlier ones. A new family adds its declaration there and one line here.
 * Readers that only show scores (the client, the routers, the README table) read definitions.ts instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each family has its own option type
export const SCORE_FAMILIES: readonly ScoreFamily<any>[] = [
  influenceFamily,
  reachFamily,
  trendFamily,
  structureFamily,
  communitiesFamily,
  valueFamily,
  channelsFamily,
  reputationFamily,
];
