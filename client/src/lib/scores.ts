import { scoreDefinition, type ScoreDefinition } from '../../../graph/scores/definitions.ts';

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
