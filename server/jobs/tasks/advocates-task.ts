import { InvalidOptionsError, throwIfAborted } from '../../../graph/errors.ts';
import { expectedSpread, type Estimate } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import type { GraphStore } from '../../stores/contract.ts';
import { loadSnapshot } from '../score.ts';
import type { AdvocatesTaskParams } from '../protocol.ts';
import type { TaskContext } from './context.ts';

export interface AdvocatePlan {
  method: string;
  model: 'ic' | 'lt';
  objective: 'reach' | 'value';
  description: string;
  /** The approximation ratio the selection certifies, when it certifies one. */
  certifiedRatio: number | null;
  advocates: Array<{ id: string; marginalGain: number; cumulativeReach: number }>;
  /** Expected reach after the first k advocates. */
  curve: Array<{ k: number; reach: number }>;
  evaluation: { runs: number; reach: Estimate; value: Estimate | null };
  baselines: Array<{ name: string; reach: Estimate; value: Estimate | null; curve: Array<{ k: number; reach: number }> }>;
  graphVersion: number;
  scoreVersion: number | null;
}

const EVALUATION_RUNS = 10_000;
const CURVE_RUNS = 1_000;
const CURVE_POINTS = 25;

/**
 * An advocate plan. INTERIM: until the reverse-reachable-set selection of issue 4 (graph/algorithms/advocates) lands,
 * advocates are the most influential eligible people (influence column), under the plan's constraints, and every set
 * is evaluated by the same independent Monte Carlo simulation (graph/algorithms/diffusion) as the baselines.
 */
export async function runAdvocatesTask(store: GraphStore, params: AdvocatesTaskParams, context: TaskContext): Promise<AdvocatePlan> {
  context.progress({ fraction: 0, phase: 'load' });
  const loaded = await loadSnapshot(store, { signal: context.signal });
  const { snapshot } = loaded;
  const { version: scoreVersion, columns } = await scoreColumns(store, snapshot, ['influence', 'community', 'detractor']);
  throwIfAborted(context.signal);
  context.progress({ fraction: 0.1, phase: 'select' });

  const n = snapshot.nodeCount;
  const eligible = new Uint8Array(n).fill(1);
  for (const id of params.exclude) {
    const i = snapshot.ids.indexOf(id);
    if (i >= 0) eligible[i] = 0;
  }
  const { customer, sentiment } = snapshot.attributes;
  for (let i = 0; i < n; i++) {
    if (params.customersOnly && customer?.[i] !== 1) eligible[i] = 0;
    const detractor = columns.detractor ? columns.detractor[i] > 0 : sentiment !== null && sentiment[i] < 0;
    if (params.excludeDetractors && detractor) eligible[i] = 0;
  }
  const chosen: number[] = params.include.map((id) => snapshot.indexOfOrThrow(id, 'advocates.plan include'));
  const perCommunity = new Map<number, number>();
  const community = (i: number) => columns.community?.[i] ?? -1;
  for (const i of chosen) perCommunity.set(community(i), (perCommunity.get(community(i)) ?? 0) + 1);
  const ranking = rankBy(columns.influence ?? outDegrees(snapshot));
  for (const i of ranking) {
    if (chosen.length >= params.k) break;
    if (!eligible[i] || chosen.includes(i)) continue;
    const c = community(i);
    if (params.capPerCommunity !== null && c >= 0 && (perCommunity.get(c) ?? 0) >= params.capPerCommunity) continue;
    perCommunity.set(c, (perCommunity.get(c) ?? 0) + 1);
    chosen.push(i);
  }
  if (chosen.length === 0) throw new InvalidOptionsError('advocates.plan', 'no eligible person under these constraints');

  const values = params.objective === 'value' ? snapshot.attributes.clv?.map((v) => (Number.isNaN(v) ? 0 : v)) ?? null : null;
  const evaluate = (seeds: number[], runs: number, report?: (f: number) => void) =>
    expectedSpread(snapshot, seeds, { model: params.model, runs, seed: params.seed, values, signal: context.signal, onProgress: report });
  const curveOf = (seeds: number[]) => {
    const points = [...new Set(Array.from({ length: CURVE_POINTS }, (_, p) => Math.ceil(((p + 1) * seeds.length) / CURVE_POINTS)))];
    return points.map((k) => ({ k, reach: evaluate(seeds.slice(0, k), CURVE_RUNS).reach.mean }));
  };

  const curve = curveOf(chosen);
  context.progress({ fraction: 0.4, phase: 'evaluate' });
  const evaluation = evaluate(chosen, EVALUATION_RUNS, (f) => context.progress({ fraction: 0.4 + 0.2 * f, phase: 'evaluate' }));
  const baselines = [];
  for (const [position, [name, ranks]] of (
    [
      ['top out-degree', rankBy(outDegrees(snapshot))],
      ['top influence', rankBy(columns.influence ?? outDegrees(snapshot))],
    ] as const
  ).entries()) {
    const seeds = Array.from(ranks.subarray(0, chosen.length));
    const result = evaluate(seeds, EVALUATION_RUNS, (f) => context.progress({ fraction: 0.6 + 0.2 * (position + f), phase: 'baselines' }));
    baselines.push({ name, reach: result.reach, value: result.value, curve: curveOf(seeds) });
  }

  let previous = 0;
  const gains = new Map(curve.map((point) => [point.k, point.reach]));
  const advocates = chosen.map((i, position) => {
    const cumulative = gains.get(position + 1) ?? previous;
    const entry = { id: snapshot.ids.idOf(i), marginalGain: cumulative - previous, cumulativeReach: cumulative };
    previous = cumulative;
    return entry;
  });
  return {
    method: 'interim: most influential eligible people (the reverse-reachable-set selection is not available yet)',
    model: params.model,
    objective: params.objective,
    description: evaluation.description,
    certifiedRatio: null,
    advocates,
    curve,
    evaluation: { runs: EVALUATION_RUNS, reach: evaluation.reach, value: evaluation.value },
    baselines,
    graphVersion: loaded.graphVersion,
    scoreVersion,
  };
}

/** Score columns of the current version by snapshot index (NaN where missing; null when the version lacks one). */
async function scoreColumns(store: GraphStore, snapshot: Snapshot, wanted: string[]) {
  const table = await store.readScores();
  const columns: Record<string, Float64Array | null> = {};
  for (const column of wanted) columns[column] = table?.columns.includes(column) ? new Float64Array(snapshot.nodeCount).fill(NaN) : null;
  if (table) {
    for await (const row of table.rows) {
      const i = snapshot.ids.indexOf(row.id);
      if (i < 0) continue;
      for (const column of wanted) {
        const value = row.scores[column];
        if (columns[column] && value !== null && value !== undefined) columns[column][i] = value;
      }
    }
  }
  return { version: table?.version ?? null, columns };
}

function outDegrees(snapshot: Snapshot): Float64Array {
  return Float64Array.from({ length: snapshot.nodeCount }, (_, i) => snapshot.outDegree(i));
}

/** Indices by decreasing value (NaN last), ties by index. */
function rankBy(values: Float64Array): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i);
  const key = (i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(order);
}
