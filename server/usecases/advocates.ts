import { z } from 'zod';
import { DEFAULTS, type AdvocateResult } from '../../graph/algorithms/advocates/select.ts';
import { DIFFUSION_MODELS, parseProbability } from '../../graph/algorithms/diffusion/probabilities.ts';
import { SwayError } from '../../graph/errors.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import { COLUMN, DECLARATIONS } from '../../graph/scores/definitions.ts';
import type { Hooks } from '../hooks.ts';
import { loadGraph } from '../load/graph.ts';
import { readScoreColumns } from '../load/score-columns.ts';
import type { GraphStore } from '../stores/contract.ts';
import { chosenEngine, engineFields } from './engine-choice.ts';
import { parseOptions, personId, seedField } from './options.ts';

/**
 * Options of an advocate plan (`sway advocates` and the API's advocates.plan), with the library's defaults
 * (graph/algorithms/advocates/select.ts DEFAULTS).
 */
const planFields = z.object({
  /** How many advocates to choose, must-include ones included. */
  k: z.number().int().min(1).max(500).default(DEFAULTS.k),
  /** Diffusion model: Independent Cascade or Linear Threshold. */
  model: z.enum(DIFFUSION_MODELS).default(DEFAULTS.model),
  /** OPIM-C stops once the certified ratio reaches (1 - 1/e) - epsilon (smaller: closer to optimal, slower). */
  epsilon: z.number().min(0.01).max(0.5).default(DEFAULTS.epsilon),
  /** Edge probabilities: `wc` (1 / in-degree), `uniform:<p>` or `weight`. */
  probability: z
    .string()
    .refine(isProbability, { message: 'must be wc, uniform:p (0 < p <= 1) or weight' })
    .default(DEFAULTS.probability as string),
  /** Maximise the people reached, or the lifetime value reached. */
  objective: z.enum(['reach', 'value']).default(DEFAULTS.objective),
  /** People who must not be chosen. */
  exclude: z.array(personId).max(100_000).default([]),
  /** People chosen first, whatever the model says. */
  include: z.array(personId).max(500).default([]),
  /** Leave out people whose sentiment or reputation (current scores) is below the thresholds. */
  excludeDetractors: z.boolean().default(DEFAULTS.excludeDetractors),
  sentimentBelow: z.number().min(-1).max(1).default(DEFAULTS.sentimentBelow),
  reputationBelow: z.number().min(-1).max(1).default(DEFAULTS.reputationBelow),
  customersOnly: z.boolean().default(DEFAULTS.customersOnly),
  /** The most advocates from one community (communities of the current scores, or detected for the plan). */
  capPerCommunity: z.number().int().min(1).nullable().default(DEFAULTS.capPerCommunity),
  /** Seed of the RR sets (the evaluation uses seed + 1). */
  seed: seedField.default(DEFAULTS.seed),
  /** Monte Carlo runs evaluating the selection and the two baselines (0: no evaluation). */
  evaluationRuns: z.number().int().min(0).max(100_000).default(DEFAULTS.evaluationRuns),
});

const includeFitsK = [
  (plan: { include: string[]; k: number }) => plan.include.length <= plan.k,
  { message: 'cannot include more people than k', path: ['include'] as PropertyKey[] },
] as const;

/** Options of an advocate plan, with the engine that selects (the evaluation is Sway's own Monte Carlo either way). */
export const advocatePlanOptions = planFields.extend(engineFields).refine(...includeFitsK);

/** The API's input: the plan without the engine options (the server's configuration chooses the engine). */
export const advocatePlanRequest = planFields.refine(...includeFitsK);

export type AdvocatePlanOptions = z.input<typeof advocatePlanOptions>;

export interface AdvocatePlan extends Omit<AdvocateResult, 'advocates'> {
  advocates: Array<Omit<AdvocateResult['advocates'][number], 'index'> & { label: string | null }>;
  graphVersion: number;
  /** The score version whose reputation, communities and influence the constraints and baseline used (null: none). */
  scoreVersion: number | null;
  /** Which engine selected the advocates (local or spark). */
  engine: string;
}

/** Whether a probability choice's text parses (wc, uniform:p, weight). */
export function isProbability(text: string): boolean {
  try {
    parseProbability(text);
    return true;
  } catch (error) {
    if (error instanceof SwayError) return false;
    throw error;
  }
}

/**
 * An advocate plan: OPIM-C selection with its certified ratio and the Monte Carlo evaluation against the two baselines
 * (graph/algorithms/advocates). Constraints read the current score version: reputation for "exclude detractors",
 * communities for the cap per community (detected for the plan when the version has none), and PageRank for the
 * "top influence score" baseline. Phases: load, communities (when detected), selecting, evaluating.
 */
export async function planAdvocates(
  store: GraphStore,
  options: AdvocatePlanOptions,
  hooks: Hooks = {},
): Promise<AdvocatePlan> {
  const o = parseOptions(advocatePlanOptions, options, 'advocate plan');
  const { engine, settings } = chosenEngine(o);
  engine.prepare(settings);
  hooks.onPhase?.('load');
  const graph = await loadGraph(store, { people: true, signal: hooks.signal });
  const { snapshot } = graph;
  const scores = await readScoreColumns(store, snapshot.ids, {
    columns: [COLUMN.reputation, COLUMN.community, COLUMN.pagerank],
  });
  let communities = scores?.columns.get(COLUMN.community) ?? null;
  if (o.capPerCommunity !== null && !communities) {
    hooks.onPhase?.('communities');
    const detected = await computeScores(snapshot, {
      only: [DECLARATIONS.communities.id],
      seed: o.seed,
      signal: hooks.signal,
    });
    communities = detected.columns[COLUMN.community];
  }
  // PageRank of people the scores do not know yet (added since) is unknown: the baseline then ranks them last.
  const pagerank = scores?.columns.get(COLUMN.pagerank)?.map((value) => (Number.isNaN(value) ? -1 : value)) ?? null;
  let phase = '';
  const result = await engine.selectAdvocates(
    snapshot,
    {
      k: o.k,
      model: o.model,
      probability: o.probability,
      epsilon: o.epsilon,
      objective: o.objective,
      seed: o.seed,
      evaluationRuns: o.evaluationRuns,
      exclude: o.exclude,
      mustInclude: o.include,
      excludeDetractors: o.excludeDetractors,
      sentimentBelow: o.sentimentBelow,
      reputation: scores?.columns.get(COLUMN.reputation) ?? null,
      reputationBelow: o.reputationBelow,
      customersOnly: o.customersOnly,
      communities,
      capPerCommunity: o.capPerCommunity,
      influenceScores: pagerank,
      signal: hooks.signal,
      onProgress: (progress) => {
        if (progress.phase !== phase) hooks.onPhase?.((phase = progress.phase));
        hooks.onProgress?.(progress.fraction, progress.detail);
      },
    },
    settings,
  );
  return {
    ...result,
    advocates: result.advocates.map(({ index: _index, ...advocate }) => ({
      ...advocate,
      label: graph.people.get(advocate.id)?.label ?? null,
    })),
    graphVersion: graph.graphVersion,
    scoreVersion: scores?.version ?? null,
    engine: engine.name,
  };
}
