import type { ScoreDefinition } from '../../../graph/scores/family.ts';
import { scoreDefinition, scoreDefinitions } from '../../../graph/scores/registry.ts';
import type { Colouring } from '../controllers/explorer.svelte.ts';

/**
 * The score registry as the client reads it: panels list scores and legends explain colours from these declarations,
 * so a score added to the registry shows up here without touching the client.
 */
export { scoreDefinitions };
export type { ScoreDefinition };

/** The columns the explorer sizes and colours by. Their labels, descriptions and ranges come from the registry. */
export const SIZE_COLUMN = 'influence';
export const COLOURING_COLUMNS: Record<Colouring, string> = {
  community: 'community',
  reputation: 'reputation',
  detractor: 'detractor',
};

/** The registry's declaration of a column, or a minimal one for a column the registry does not know (newer server). */
export function definitionOf(column: string): ScoreDefinition {
  return (
    scoreDefinition(column) ?? {
      column,
      label: column.replaceAll('_', ' '),
      description: '',
      unit: '',
      kind: 'float',
      explanation: '',
    }
  );
}
