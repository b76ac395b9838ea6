import type { ScoreDefinition, ScoreFamily } from './family.ts';
import { communitiesFamily } from './families/communities.ts';
import { influenceFamily } from './families/influence.ts';
import { reachFamily } from './families/reach.ts';
import { reputationFamily } from './families/reputation.ts';
import { structureFamily } from './families/structure.ts';
import { valueFamily } from './families/value.ts';

/**
 * The one registry of scores. Families run in this order; a family's `dependsOn` must name earlier ones.
 * Issues add families here (value, reputation) and every reader picks them up.
 */
export const SCORE_FAMILIES: readonly ScoreFamily<any>[] = [
  influenceFamily,
  reachFamily,
  structureFamily,
  communitiesFamily,
  valueFamily,
  reputationFamily,
];

export function scoreDefinitions(): ScoreDefinition[] {
  return SCORE_FAMILIES.flatMap((family) => family.scores);
}

export function scoreDefinition(column: string): ScoreDefinition | undefined {
  return scoreDefinitions().find((definition) => definition.column === column);
}

export function familyById(id: string): ScoreFamily<any> | undefined {
  return SCORE_FAMILIES.find((family) => family.id === id);
}
