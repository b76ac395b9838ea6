import { InvalidOptionsError } from '../../errors.ts';
import { checkOneOf, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator, FIRST_MESSAGE, type TieRule } from '../diffusion/cascade.ts';
import type { Estimate } from '../diffusion/monte-carlo.ts';
import type { DiffusionModel } from '../diffusion/probabilities.ts';
import {
  communityComparison,
  PairedTally,
  personDifferences,
  resolvePaired,
  side,
  type PersonDifference,
  type SpreadSide,
} from './paired.ts';
import { DEFAULTS as REACH_DEFAULTS, INTERVALS, ReachTally, type ReachOptions } from './reach-probabilities.ts';
import type { CommunityGroups } from './tally.ts';
import { describeModel, forEachChunk } from './worlds.ts';

export const CONTEST_TIE_RULES = ['reply', 'complaint', 'random'] as const;
export type ContestTieRule = (typeof CONTEST_TIE_RULES)[number];

export interface CompetingOptions extends ReachOptions {
  /**
   * Who wins when the complaint and the reply reach a person at the same hop: `reply` (default; the limiting
   * campaign's priority in Budak, Agrawal and El Abbadi, WWW 2011), `complaint`, or `random` (each with probability
   * 1/2).
   */
  tieRule?: ContestTieRule;
}

export const DEFAULTS = { ...REACH_DEFAULTS, tieRule: 'reply' as ContestTieRule };

export interface CommunityCompetition {
  community: number;
  size: number;
  /** Expected members the complaint reaches without the reply, with it, and the difference (the people spared). */
  without: Estimate;
  with: Estimate;
  spared: Estimate;
  /** Expected members who hear the reply first. */
  reply: Estimate;
}

export interface CompetitionResult {
  model: DiffusionModel;
  probability: string;
  description: string;
  tieRule: ContestTieRule;
  runs: number;
  seed: number;
  complaintStarting: Int32Array;
  replyStarting: Int32Array;
  /** The complaint alone (plain Independent Cascade). */
  without: SpreadSide;
  /** The complaint when the reply competes with it: who adopts the complaint. */
  with: SpreadSide;
  /** Who hears the reply first and adopts it. */
  reply: SpreadSide;
  /** Per person, P(complaint reaches them without the reply) - P(with it): the chance the reply spares them. */
  spared: PersonDifference;
  /** Expected people the reply spares from the complaint, with its paired interval. */
  sparedTotal: Estimate;
  /** Per community, by decreasing number spared; null without `communities`. */
  communities: CommunityCompetition[] | null;
  intervals: string;
}

const WHERE = 'competing messages';
/** The people starting the complaint and the reply (competingReach and sampleContest name them alike). */
export const CONTESTANTS = {
  names: ['people starting the complaint', 'people starting the reply'],
  competing: ['complaint', 'reply'],
} as const;

/** The tie rules in the words of a contest, as the simulator's. */
export const TIE: Record<ContestTieRule, TieRule> = { reply: 'second', complaint: 'first', random: 'random' };

/**
 * A detractor's complaint with and without a reply from an advocate: how many people the complaint reaches, per
 * community, and whom the reply spares. The model is the competing Independent Cascade of Budak, Agrawal and El Abbadi
 * ("Limiting the spread of misinformation in social networks", WWW 2011, the multi-campaign independent cascade) with
 * both messages passing each relationship with the same probability: the complaint and the reply start together; each
 * person newly reached passes their message on once through each relationship, which passes it with probability
 * p(u, v); everyone adopts the first message to reach them and keeps it; a person reached by both at the same hop
 * adopts the reply (`tieRule`; Tong, Wu and Du, NeurIPS 2018, call this a cascade priority).
 *
 * "Without" and "with" are measured in the same live-edge worlds, so in every world the complaint reaches a subset
 * of the people it reaches alone, and the people spared are never negative.
 */
export function competingReach(
  snapshot: Snapshot,
  complaint: ArrayLike<number>,
  reply: ArrayLike<number>,
  options?: CompetingOptions,
): CompetitionResult {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const run = resolvePaired(WHERE, snapshot, o, { first: complaint, second: reply, ...CONTESTANTS });
  const { graph, seed, runs, groups } = run;
  const [bad, good] = [run.first, run.second];
  if (graph.model !== 'ic')
    throw new InvalidOptionsError(WHERE, 'competing messages are modelled under Independent Cascade only (model "ic")');
  const tieRule = checkOneOf(WHERE, 'tieRule', o.tieRule, CONTEST_TIE_RULES);
  const n = snapshot.nodeCount;

  const tally = new CompetitionTally(n, groups);
  const alone = new CascadeSimulator(graph);
  const contest = new CascadeSimulator(graph);
  forEachChunk(runs, o.signal, o.onProgress, (start, worlds) =>
    tally.addWorlds(alone, contest, bad, good, seed, TIE[tieRule], start, worlds),
  );

  const groupOf = new Map(groups?.labels.map((label, g) => [label, g]));
  return {
    ...describeModel(graph),
    description: `${graph.description}; competing messages, ${tieRule === 'random' ? 'ties at random' : `ties to the ${tieRule}`}`,
    tieRule,
    runs,
    seed,
    complaintStarting: bad,
    replyStarting: good,
    without: side(tally.complaint.first, runs, bad.length, n),
    with: side(tally.complaint.second, runs, bad.length, n),
    reply: side(tally.reply, runs, good.length, n),
    spared: personDifferences(tally.complaint, runs),
    sparedTotal: tally.complaint.difference.everyoneEstimate(runs, 0, n),
    communities:
      groups &&
      communityComparison(groups, tally.complaint, runs, bad, bad).map((c) => {
        const g = groupOf.get(c.community)!;
        return {
          community: c.community,
          size: c.size,
          without: c.first,
          with: c.second,
          spared: { ...c.difference, ci95: [Math.max(0, c.difference.ci95[0]), c.difference.ci95[1]] },
          reply: tally.reply.moments.estimate(g, runs, 0, c.size),
        };
      }),
    intervals: `${INTERVALS} People spared: Newcombe's paired interval for a person, normal intervals of the per-world differences for numbers of people.`,
  };
}

/**
 * What a chunk of worlds of a contest adds up to: the complaint alone against the complaint facing the reply (paired,
 * the same worlds), and who adopts the reply. Tallies of disjoint chunks merge exactly.
 */
export class CompetitionTally {
  readonly complaint: PairedTally;
  readonly reply: ReachTally;
  private readonly complaintPeople: Int32Array;
  private readonly replyPeople: Int32Array;

  constructor(n: number, groups: CommunityGroups | null) {
    this.complaint = new PairedTally(n, groups);
    this.reply = new ReachTally(n, groups);
    this.complaintPeople = new Int32Array(n);
    this.replyPeople = new Int32Array(n);
  }

  /** Runs worlds start..start+worlds-1 of `seed`: the complaint alone (`alone`), then against the reply (`contest`). */
  addWorlds(
    alone: CascadeSimulator,
    contest: CascadeSimulator,
    complaint: Int32Array,
    reply: Int32Array,
    seed: number,
    tieRule: TieRule,
    start: number,
    worlds: number,
  ): void {
    const { complaintPeople, replyPeople } = this;
    for (let w = start; w < start + worlds; w++) {
      const aloneCount = alone.runInWorld(complaint, seed, w);
      const count = contest.runCompeting(complaint, reply, seed, w, tieRule);
      let complaints = 0;
      let replies = 0;
      for (let i = 0; i < count; i++) {
        if (contest.messageAt(i) === FIRST_MESSAGE) complaintPeople[complaints++] = contest.active[i];
        else replyPeople[replies++] = contest.active[i];
      }
      this.complaint.addWorld(alone.active, aloneCount, complaintPeople, complaints);
      this.reply.addWorld(replyPeople, replies);
    }
  }

  merge(other: CompetitionTally): void {
    this.complaint.merge(other.complaint);
    this.reply.merge(other.reply);
  }
}
