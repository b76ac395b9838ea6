import { z } from 'zod';
import { selectAdvocates } from '../../graph/algorithms/advocates/select.ts';
import type { Estimate } from '../../graph/algorithms/diffusion/monte-carlo.ts';
import { DIFFUSION_MODELS } from '../../graph/algorithms/diffusion/probabilities.ts';
import { compareReach } from '../../graph/algorithms/spread/compare.ts';
import { CONTEST_TIE_RULES, competingReach } from '../../graph/algorithms/spread/competing.ts';
import { DEFAULTS as PATH_DEFAULTS, likeliestPaths } from '../../graph/algorithms/spread/likeliest-paths.ts';
import { DEFAULTS, mostLikelyReached, reachProbabilities } from '../../graph/algorithms/spread/reach-probabilities.ts';
import { sampleCascade, type CascadeActivation } from '../../graph/algorithms/spread/sampled-cascade.ts';
import { sampleContest } from '../../graph/algorithms/spread/sampled-contest.ts';
import { InvalidOptionsError, NotFoundError } from '../../graph/errors.ts';
import { startWorkersFor } from '../../graph/parallel/pool.ts';
import { resolveThreads } from '../../graph/parallel/threads.ts';
import { communityProfilesOf } from '../../graph/scores/community-profiles.ts';
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
import type { Hooks } from '../hooks.ts';
import { loadGraph, type LoadedGraph } from '../load/graph.ts';
import { readScoreColumns, type ScoreColumns } from '../load/score-columns.ts';
import type { GraphStore } from '../stores/contract.ts';
import { advocatePlanOptions, isProbability } from './advocates.ts';
import { parseOptions, personId, seedField } from './options.ts';

/**
 * Who starts the message: people by id, the advocates of a plan (chosen again with the plan's options: seeded, so the
 * same plan on the same graph gives the same advocates), or a community's leaders (its most influential members in
 * the current scores).
 */
export const startingSet = z.union([
  z.object({ people: z.array(personId).min(1, 'must name at least one person').max(5_000) }).strict(),
  z.object({ plan: advocatePlanOptions }).strict(),
  z.object({ community: z.number().int().min(0), leaders: z.number().int().min(1).max(500).default(5) }).strict(),
]);

export type StartingSet = z.input<typeof startingSet>;

/**
 * Options of a spread analysis (`sway spread` and the API's spread.run), with the library's defaults
 * (graph/algorithms/spread/reach-probabilities.ts DEFAULTS).
 */
export const spreadOptions = z.object({
  /** Who starts the message. */
  from: startingSet,
  /** Diffusion model: Independent Cascade or Linear Threshold. */
  model: z.enum(DIFFUSION_MODELS).default(DEFAULTS.model),
  /** Edge probabilities: `wc` (1 / in-degree), `uniform:<p>` or `weight`. */
  probability: z
    .string()
    .refine(isProbability, { message: 'must be wc, uniform:p (0 < p <= 1) or weight' })
    .default(DEFAULTS.probability as string),
  /** Simulated worlds behind the probabilities. */
  runs: z.number().int().min(10).max(100_000).default(DEFAULTS.runs),
  seed: seedField.default(DEFAULTS.seed),
  /** A second starting set measured in the same worlds, side by side and as a difference. */
  compareWith: startingSet.nullable().default(null),
  /** A reply competing with the message (the message is then a complaint; Independent Cascade only). */
  response: startingSet.nullable().default(null),
  /** Who wins a tie between the complaint and the reply at the same hop. */
  tieRule: z.enum(CONTEST_TIE_RULES).default('reply'),
  /** How many of the people most likely reached to list. */
  top: z.number().int().min(0).max(500).default(20),
  /** People whose most likely paths from the starting people to explain. */
  explain: z.array(personId).max(20).default([]),
  /** Paths per explained person. */
  paths: z.number().int().min(1).max(10).default(PATH_DEFAULTS.k),
  /** Reach probabilities of at most this many people (most likely first), for colouring a map. */
  maxPeople: z.number().int().min(0).max(100_000).default(10_000),
});

export type SpreadOptions = z.input<typeof spreadOptions>;

export interface PersonRef {
  id: string;
  label: string | null;
}

export interface CommunitySpread {
  community: number;
  /** What its members share, as the app names it (null when it has no profile). */
  name: string | null;
  size: number;
  starting: number;
  expected: Estimate;
  share: number;
}

export interface ReachedPerson extends PersonRef {
  community: number | null;
  communityName: string | null;
  probability: number;
  low: number;
  high: number;
}

export interface SpreadReport {
  graphVersion: number;
  /** The score version whose communities and influence were used (null: none). */
  scoreVersion: number | null;
  model: string;
  probability: string;
  description: string;
  runs: number;
  seed: number;
  intervals: string;
  starting: PersonRef[];
  /** Expected people reached, starting people included. */
  total: Estimate;
  /** Per community of the current scores, by decreasing expected reach; null without scored communities. */
  communities: CommunitySpread[] | null;
  /** The people most likely reached, starting people left out. */
  top: ReachedPerson[];
  /** [id, probability] of the people reached in any world, most likely first, at most maxPeople. */
  people: Array<[string, number]>;
  /** One sampled cascade (or contest, with a response), hop by hop: one random sample of many, as its note says. */
  sample: { note: string; reached: number; hops: CascadeActivation[][]; truncated: boolean };
  /** The most likely paths to each explained person. */
  paths: Array<{
    target: PersonRef;
    probability: number;
    paths: Array<{ ids: string[]; steps: number[]; probability: number }>;
  }>;
  comparison: {
    starting: PersonRef[];
    first: Estimate;
    second: Estimate;
    difference: Estimate;
    communities: Array<{
      community: number;
      name: string | null;
      size: number;
      first: Estimate;
      second: Estimate;
      difference: Estimate;
    }>;
    /** [id, P(first) - P(second)] where either reaches, largest difference either way first, at most maxPeople. */
    people: Array<[string, number]>;
  } | null;
  contest: {
    response: PersonRef[];
    tieRule: string;
    without: Estimate;
    with: Estimate;
    spared: Estimate;
    reply: Estimate;
    communities: Array<{
      community: number;
      name: string | null;
      size: number;
      without: Estimate;
      with: Estimate;
      spared: Estimate;
    }>;
  } | null;
}

const WHERE = 'spread';

/**
 * How the operator runs a spread, apart from what is asked (the API's request leaves it out): `threads` simulating,
 * this one included (`sway spread --threads`, the server's engine options); default every core. The report is the
 * same whatever the number.
 */
export interface SpreadRun {
  threads?: number;
}

/**
 * How a message travels from chosen people: each person's probability of being reached and each community's expected
 * reach with 95% intervals (Monte Carlo over live-edge worlds, graph/algorithms/spread), one sampled cascade hop by
 * hop, the most likely paths to chosen people, and optionally a second starting set compared in the same worlds or a
 * competing reply. Reads the store; writes nothing. Phases: load, starting, reach, compare, contest, paths.
 */
export async function spreadMessage(
  store: GraphStore,
  options: SpreadOptions,
  hooks: Hooks = {},
  run: SpreadRun = {},
): Promise<SpreadReport> {
  const o = parseOptions(spreadOptions, options, WHERE);
  if (o.response && o.model !== 'ic')
    throw new InvalidOptionsError(WHERE, 'a competing response is modelled under Independent Cascade only (model ic)');
  const threads = resolveThreads(WHERE, run.threads);
  startWorkersFor(threads); // while the graph loads
  hooks.onPhase?.('load');
  const graph = await loadGraph(store, { people: true, signal: hooks.signal });
  const { snapshot } = graph;
  const scores = await readScoreColumns(store, snapshot.ids, {
    columns: [COLUMN.community, COLUMN.influence, COLUMN.reputation],
  });
  const communityColumn = scores?.columns.get(COLUMN.community) ?? null;
  const communities = communityColumn && communityColumn.some((c) => !Number.isNaN(c)) ? communityColumn : null;
  // Communities by the names the app shows, so that a report reads "enthusiast · North · youtube", not "community 0".
  const profiles = communities && scores ? communityProfilesOf(snapshot, graph.people, scores.columns) : null;
  const nameOf = (community: number | null) => (community === null ? null : (profiles?.get(community)?.name ?? null));
  const named = <T extends { community: number }>(rows: readonly T[]) =>
    rows.map((row) => ({ ...row, name: nameOf(row.community) }));

  hooks.onPhase?.('starting');
  const resolve = (set: z.output<typeof startingSet>, what: string) =>
    startingPeople(graph, scores, set, what, threads, hooks.signal);
  const from = resolve(o.from, 'from');
  const other = o.compareWith && resolve(o.compareWith, 'compareWith');
  const response = o.response && resolve(o.response, 'response');

  const model = { model: o.model, probability: o.probability, seed: o.seed };
  const progress = { signal: hooks.signal, onProgress: (fraction: number) => hooks.onProgress?.(fraction) };
  hooks.onPhase?.('reach');
  const reach = reachProbabilities(snapshot, from, { ...model, runs: o.runs, communities, threads, ...progress });
  const person = (v: number) => personRef(graph, v);
  const labelOf = (v: number) => (communities && !Number.isNaN(communities[v]) ? communities[v] : null);
  const sample = response
    ? sampleContest(snapshot, from, response, { probability: o.probability, seed: o.seed, tieRule: o.tieRule })
    : sampleCascade(snapshot, from, model);

  const report: SpreadReport = {
    graphVersion: graph.graphVersion,
    scoreVersion: scores?.version ?? null,
    model: reach.model,
    probability: reach.probability,
    description: reach.description,
    runs: reach.runs,
    seed: reach.seed,
    intervals: reach.intervals,
    starting: [...reach.starting].map(person),
    total: reach.total,
    communities: reach.communities && named(reach.communities),
    top: mostLikelyReached(reach, o.top).map((v) => ({
      ...person(v),
      community: labelOf(v),
      communityName: nameOf(labelOf(v)),
      probability: reach.people.probability[v],
      low: reach.people.low[v],
      high: reach.people.high[v],
    })),
    people: ranked(snapshot, reach.people.probability, o.maxPeople, (p) => p > 0),
    sample: truncatedSample(sample, o.maxPeople),
    paths: [],
    comparison: null,
    contest: null,
  };

  if (other) {
    hooks.onPhase?.('compare');
    const c = compareReach(snapshot, from, other, { ...model, runs: o.runs, communities, threads, ...progress });
    report.comparison = {
      starting: [...c.secondStarting].map(person),
      first: c.first.total,
      second: c.second.total,
      difference: c.difference,
      communities: named(c.communities ?? []),
      people: ranked(snapshot, c.people.difference, o.maxPeople, (d) => d !== 0, Math.abs),
    };
  }
  if (response) {
    hooks.onPhase?.('contest');
    const c = competingReach(snapshot, from, response, {
      ...model,
      runs: o.runs,
      communities,
      threads,
      tieRule: o.tieRule,
      ...progress,
    });
    report.contest = {
      response: [...c.replyStarting].map(person),
      tieRule: c.tieRule,
      without: c.without.total,
      with: c.with.total,
      spared: c.sparedTotal,
      reply: c.reply.total,
      communities: named((c.communities ?? []).map(({ reply: _reply, ...community }) => community)),
    };
  }
  if (o.explain.length > 0) {
    hooks.onPhase?.('paths');
    report.paths = o.explain.map((id, i) => {
      const target = indexOf(snapshot, id, `explain[${i}]`);
      const result = likeliestPaths(snapshot, from, target, { model: o.model, probability: o.probability, k: o.paths });
      hooks.onProgress?.((i + 1) / o.explain.length);
      return {
        target: person(target),
        probability: reach.people.probability[target],
        paths: result.paths.map((p) => ({ ids: p.ids, steps: p.steps, probability: p.probability })),
      };
    });
  }
  return report;
}

function personRef(graph: LoadedGraph, v: number): PersonRef {
  const id = graph.snapshot.ids.idOf(v);
  return { id, label: graph.people.get(id)?.label ?? null };
}

function indexOf(snapshot: Snapshot, id: string, what: string): number {
  const v = snapshot.ids.indexOf(id);
  if (v < 0) throw new NotFoundError(`${WHERE}: ${what}: no person with id "${id}" in the network`);
  return v;
}

/** People by decreasing `key(value)` (ties by index) where `keep(value)`, at most `limit`, as [id, value]. */
function ranked(
  snapshot: Snapshot,
  values: Float64Array,
  limit: number,
  keep: (value: number) => boolean,
  key: (value: number) => number = (value) => value,
): Array<[string, number]> {
  const chosen: number[] = [];
  for (let v = 0; v < values.length; v++) if (keep(values[v])) chosen.push(v);
  chosen.sort((a, b) => key(values[b]) - key(values[a]) || a - b);
  return chosen.slice(0, limit).map((v) => [snapshot.ids.idOf(v), values[v]]);
}

/** A sampled cascade without the snapshot indices, cut after `limit` people (the note says how many it reached). */
function truncatedSample(
  sample: { note: string; reached: number; hops: CascadeActivation[][] },
  limit: number,
): SpreadReport['sample'] {
  let left = Math.max(1, limit);
  const hops: CascadeActivation[][] = [];
  for (const hop of sample.hops) {
    if (left <= 0) break;
    hops.push(hop.slice(0, left));
    left -= hop.length;
  }
  return { note: sample.note, reached: sample.reached, hops, truncated: left < 0 };
}

/** The snapshot indices of a starting set. */
function startingPeople(
  graph: LoadedGraph,
  scores: ScoreColumns | null,
  set: z.output<typeof startingSet>,
  what: string,
  threads: number,
  signal: AbortSignal | undefined,
): number[] {
  const { snapshot } = graph;
  if ('people' in set) return [...new Set(set.people)].map((id, i) => indexOf(snapshot, id, `${what}.people[${i}]`));
  if ('plan' in set) {
    const plan = set.plan;
    const chosen = selectAdvocates(snapshot, {
      k: plan.k,
      model: plan.model,
      probability: plan.probability,
      epsilon: plan.epsilon,
      objective: plan.objective,
      seed: plan.seed,
      evaluationRuns: 0,
      exclude: plan.exclude,
      mustInclude: plan.include,
      excludeDetractors: plan.excludeDetractors,
      sentimentBelow: plan.sentimentBelow,
      reputationBelow: plan.reputationBelow,
      customersOnly: plan.customersOnly,
      reputation: scores?.columns.get(COLUMN.reputation) ?? null,
      communities: scores?.columns.get(COLUMN.community) ?? null,
      capPerCommunity: plan.capPerCommunity,
      threads,
      signal,
    });
    return chosen.advocates.map((a) => a.index);
  }
  const community = scores?.columns.get(COLUMN.community);
  if (!community) throw new NotFoundError(`${WHERE}: ${what}: the current scores hold no communities (run sway score)`);
  const influence = scores?.columns.get(COLUMN.influence);
  const members: number[] = [];
  for (let v = 0; v < community.length; v++) if (community[v] === set.community) members.push(v);
  if (members.length === 0) throw new NotFoundError(`${WHERE}: ${what}: no community ${set.community}`);
  const score = (v: number) => (influence && !Number.isNaN(influence[v]) ? influence[v] : -Infinity);
  return members.sort((a, b) => score(b) - score(a) || a - b).slice(0, set.leaders);
}
