import type { ScoreDefinition } from '../../../graph/scores/family.ts';
import { scoreDefinition, scoreDefinitions } from '../../../graph/scores/registry.ts';
import type { Colouring } from '../controllers/explorer.svelte.ts';
import { formatNumber } from './format.ts';

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

/** A value as its definition says to show it: categories and integers without decimals, booleans as yes/no. */
export function formatScore(definition: ScoreDefinition, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (definition.kind) {
    case 'boolean':
      return value ? 'yes' : 'no';
    case 'category':
      return String(value);
    case 'integer':
      return formatNumber(Math.round(value));
    default:
      return formatNumber(value);
  }
}

/** The unit as a short suffix, leaving out what the number already says ("id", "k"). */
export function unitSuffix(definition: ScoreDefinition): string {
  if (definition.kind === 'category' || definition.kind === 'boolean') return '';
  return definition.unit ? ` ${definition.unit}` : '';
}
