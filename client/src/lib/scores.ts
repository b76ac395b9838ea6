import { scoreDefinition, type ScoreDefinition } from '../../../graph/scores/definitions.ts';
import { formatNumber } from './format.ts';

/**
 * The score declarations as the client reads them (graph/scores/definitions.ts, which imports no algorithm): panels and
 * legends explain scores from them, so a score declared there shows up here without touching the client.
 */

/** The declaration of a column, or a minimal one for a column this build does not know (a newer server). */
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
export function formatScore(definition: Pick<ScoreDefinition, 'kind'>, value: number | null | undefined): string {
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
export function unitSuffix(definition: Pick<ScoreDefinition, 'kind' | 'unit'>): string {
  if (definition.kind === 'category' || definition.kind === 'boolean') return '';
  return definition.unit ? ` ${definition.unit}` : '';
}
