import { selectAdvocates, type AdvocateResult } from '../../../graph/algorithms/advocates/select.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { loadGraphView } from '../../cache/graph-view.ts';
import type { GraphStore } from '../../stores/contract.ts';
import type { AdvocatesTaskParams } from '../protocol.ts';
import type { TaskContext } from './context.ts';

export interface AdvocatePlan extends Omit<AdvocateResult, 'advocates'> {
  advocates: Array<Omit<AdvocateResult['advocates'][number], 'index'> & { label: string | null }>;
  graphVersion: number;
  /** The score version whose reputation, communities and influence the constraints and baseline used (null: none). */
  scoreVersion: number | null;
}

/**
 * An advocate plan: OPIM-C selection with its certified ratio and the Monte Carlo evaluation against the two baselines
 * (graph/algorithms/advocates, issue 4). Constraints read the current score version: reputation for "exclude detractors",
 * communities for the cap per community, and PageRank for the "top influence score" baseline.
 */
export async function runAdvocatesTask(
  store: GraphStore,
  params: AdvocatesTaskParams,
  context: TaskContext,
): Promise<AdvocatePlan> {
  context.progress({ fraction: 0, phase: 'load' });
  const graph = await loadGraphView(store);
  const { snapshot } = graph;
  const { version: scoreVersion, columns } = await scoreColumns(store, snapshot, [
    'reputation',
    'community',
    'pagerank',
  ]);
  context.progress({ fraction: 0.1, phase: 'selecting' });
  const result = selectAdvocates(snapshot, {
    k: params.k,
    model: params.model,
    epsilon: params.epsilon,
    objective: params.objective,
    seed: params.seed,
    evaluationRuns: params.evaluationRuns,
    exclude: params.exclude,
    mustInclude: params.include,
    excludeDetractors: params.excludeDetractors,
    reputation: columns.reputation,
    customersOnly: params.customersOnly,
    communities: columns.community,
    capPerCommunity: params.capPerCommunity,
    influenceScores: columns.pagerank,
    signal: context.signal,
    onProgress: ({ phase, fraction, detail }) =>
      context.progress({
        fraction: phase === 'selecting' ? 0.1 + 0.4 * fraction : 0.5 + 0.5 * fraction,
        phase,
        detail,
      }),
  });
  return {
    ...result,
    advocates: result.advocates.map(({ index: _index, ...advocate }) => ({
      ...advocate,
      label: graph.people.get(advocate.id)?.label ?? null,
    })),
    graphVersion: graph.graphVersion,
    scoreVersion,
  };
}

/** Score columns of the current version by snapshot index (NaN where missing); null for a column the version lacks. */
async function scoreColumns(store: GraphStore, snapshot: Snapshot, wanted: string[]) {
  const table = await store.readScores();
  const columns: Record<string, Float64Array | null> = {};
  for (const column of wanted)
    columns[column] = table?.columns.includes(column) ? new Float64Array(snapshot.nodeCount).fill(NaN) : null;
  // PageRank of people the scores do not know yet (added since) is unknown: the baseline then ranks them last.
  if (table) {
    for await (const row of table.rows) {
      const i = snapshot.ids.indexOf(row.id);
      if (i < 0) continue;
      for (const column of wanted) {
        const value = row.scores[column];
        const target = columns[column];
        if (target && value !== null && value !== undefined) target[i] = value;
      }
    }
  }
  if (columns.pagerank)
    for (let i = 0; i < snapshot.nodeCount; i++) if (Number.isNaN(columns.pagerank[i])) columns.pagerank[i] = -1;
  return { version: table?.version ?? null, columns };
}
