/**
 * The biggest movers between two score versions, for the re-scoring summary: who rose or fell most in influence, and
 * who became a detractor. Only people present in both versions are compared for influence (a newcomer has no "before").
 */
export interface Mover {
  id: string;
  before: number;
  after: number;
  change: number;
}

export interface Movers {
  /** The column compared. */
  column: string;
  risers: Mover[];
  fallers: Mover[];
  /** People whose `detractor` flag went from 0 or absent to 1. */
  newDetractors: string[];
  /** People in the new version only. */
  newcomers: number;
  /** People in the previous version only. */
  departed: number;
}

export type ScoreRows =
  | Iterable<{ id: string; scores: Record<string, number | null> }>
  | AsyncIterable<{ id: string; scores: Record<string, number | null> }>;

export async function computeMovers(
  before: ScoreRows,
  after: ScoreRows,
  options: { column?: string; limit?: number } = {},
): Promise<Movers> {
  const column = options.column ?? 'influence_score';
  const limit = options.limit ?? 10;
  const previous = new Map<string, { value: number | null; detractor: boolean }>();
  for await (const row of before) {
    previous.set(row.id, { value: row.scores[column] ?? null, detractor: row.scores.detractor === 1 });
  }
  const changes: Mover[] = [];
  const newDetractors: string[] = [];
  let newcomers = 0;
  let matched = 0;
  for await (const row of after) {
    const old = previous.get(row.id);
    const value = row.scores[column] ?? null;
    if (row.scores.detractor === 1 && !old?.detractor) newDetractors.push(row.id);
    if (!old) {
      newcomers++;
      continue;
    }
    matched++;
    if (old.value !== null && value !== null && value !== old.value) {
      changes.push({ id: row.id, before: old.value, after: value, change: value - old.value });
    }
  }
  // Largest change first; ties in id order so the summary is reproducible.
  changes.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.id < b.id ? -1 : 1));
  const risers = changes.filter((m) => m.change > 0).slice(0, limit);
  const fallers = changes.filter((m) => m.change < 0).slice(0, limit);
  newDetractors.sort();
  return { column, risers, fallers, newDetractors, newcomers, departed: previous.size - matched };
}
