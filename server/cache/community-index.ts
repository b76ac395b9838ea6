import { communityLinks } from '../../graph/algorithms/community-links.ts';
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
import type { ScoreView } from './score-view.ts';

export interface CommunitySummary {
  community: number;
  size: number;
  /** The members (snapshot indices), most influential first. */
  members: number[];
  /** Relationships with both ends inside. */
  internalLinks: number;
  /** Relationships with one end inside. */
  externalLinks: number;
  /** Sum of the members' PageRank: the community's share of all attention. */
  attentionShare: number;
}

/**
 * The communities of one score version on one graph, computed once in O(n + m) (graph/algorithms/community-links.ts):
 * members by influence, links inside and across, links between each pair of communities, and each person's number of
 * links leaving their community (what makes a bridge). The graph cache keeps one per view.
 */
export class CommunityIndex {
  /** Largest first (ties: lower community number first). */
  readonly communities: CommunitySummary[];
  /** Linked pairs of communities (a < b) with their relationship counts, either direction. */
  readonly pairs: ReadonlyArray<{ a: number; b: number; links: number }>;
  /** Links to other communities, by snapshot index. */
  readonly externalByPerson: Int32Array;
  private readonly byId = new Map<number, CommunitySummary>();

  constructor(snapshot: Snapshot, scores: ScoreView) {
    const community = scores.columns.get(COLUMN.community);
    const pagerank = scores.columns.get(COLUMN.pagerank);
    if (!community) {
      this.communities = [];
      this.pairs = [];
      this.externalByPerson = new Int32Array(snapshot.nodeCount);
      return;
    }
    const links = communityLinks(snapshot, community);
    for (const index of scores.order(COLUMN.influence)) {
      const c = community[index];
      if (Number.isNaN(c)) continue;
      let summary = this.byId.get(c);
      if (!summary) {
        summary = {
          community: c,
          size: 0,
          members: [],
          internalLinks: links.internal.get(c) ?? 0,
          externalLinks: links.external.get(c) ?? 0,
          attentionShare: 0,
        };
        this.byId.set(c, summary);
      }
      summary.size++;
      summary.members.push(index);
      if (pagerank && !Number.isNaN(pagerank[index])) summary.attentionShare += pagerank[index];
    }
    this.communities = [...this.byId.values()].sort((a, b) => b.size - a.size || a.community - b.community);
    this.pairs = links.pairs;
    this.externalByPerson = links.externalByPerson;
  }

  get(community: number): CommunitySummary | undefined {
    return this.byId.get(community);
  }

  /** Communities linked to this one, most links first. */
  neighbours(community: number): Array<{ community: number; links: number }> {
    const out: Array<{ community: number; links: number }> = [];
    for (const { a, b, links } of this.pairs) {
      if (a === community) out.push({ community: b, links });
      else if (b === community) out.push({ community: a, links });
    }
    return out.sort((x, y) => y.links - x.links || x.community - y.community);
  }
}
