import type { AlignedView } from './graph-cache.ts';

export interface CommunitySummary {
  community: number;
  size: number;
  /** Score rows of the members, most influential first. */
  members: number[];
  /** Relationships with both ends inside. */
  internalLinks: number;
  /** Relationships with one end inside. */
  externalLinks: number;
  /** Sum of the members' PageRank: the community's share of all attention. */
  attentionShare: number;
}

/**
 * Communities of one aligned view, computed once in O(n + m): members by influence, links inside and across, links
 * between each pair of communities, and each person's number of links leaving their community (what makes a bridge).
 */
export class CommunityIndex {
  readonly communities: CommunitySummary[] = [];
  /** Undirected link counts between communities, keyed `a:b` with a < b. */
  readonly between = new Map<string, number>();
  /** Links to other communities, by score row. */
  readonly externalByRow: Int32Array;
  private readonly byId = new Map<number, CommunitySummary>();

  private static readonly cache = new WeakMap<AlignedView, CommunityIndex>();

  static of(view: AlignedView): CommunityIndex {
    let index = CommunityIndex.cache.get(view);
    if (!index) {
      index = new CommunityIndex(view);
      CommunityIndex.cache.set(view, index);
    }
    return index;
  }

  private constructor(view: AlignedView) {
    const scores = view.scores!;
    const communityColumn = scores.columns.get('community');
    const pagerank = scores.columns.get('pagerank');
    this.externalByRow = new Int32Array(scores.size);
    if (!communityColumn) return;
    for (const row of scores.order('influence')) {
      const c = communityColumn[row];
      if (Number.isNaN(c)) continue;
      let summary = this.byId.get(c);
      if (!summary) {
        summary = { community: c, size: 0, members: [], internalLinks: 0, externalLinks: 0, attentionShare: 0 };
        this.byId.set(c, summary);
      }
      summary.size++;
      summary.members.push(row);
      if (pagerank && !Number.isNaN(pagerank[row])) summary.attentionShare += pagerank[row];
    }
    const { snapshot } = view.graph;
    const rowOf = view.rowOfIndex!;
    for (let s = 0; s < snapshot.nodeCount; s++) {
      const rs = rowOf[s];
      if (rs < 0) continue;
      const cs = communityColumn[rs];
      if (Number.isNaN(cs)) continue;
      for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
        const rt = rowOf[snapshot.outTargets[e]];
        if (rt < 0) continue;
        const ct = communityColumn[rt];
        if (Number.isNaN(ct)) continue;
        if (cs === ct) {
          this.byId.get(cs)!.internalLinks++;
          continue;
        }
        this.byId.get(cs)!.externalLinks++;
        this.byId.get(ct)!.externalLinks++;
        this.externalByRow[rs]++;
        this.externalByRow[rt]++;
        const key = cs < ct ? `${cs}:${ct}` : `${ct}:${cs}`;
        this.between.set(key, (this.between.get(key) ?? 0) + 1);
      }
    }
    this.communities = [...this.byId.values()].sort((a, b) => b.size - a.size || a.community - b.community);
  }

  get(community: number): CommunitySummary | undefined {
    return this.byId.get(community);
  }

  /** Communities linked to this one, most links first. */
  neighbours(community: number): Array<{ community: number; links: number }> {
    const out: Array<{ community: number; links: number }> = [];
    for (const [key, links] of this.between) {
      const [a, b] = key.split(':').map(Number);
      if (a === community) out.push({ community: b, links });
      else if (b === community) out.push({ community: a, links });
    }
    return out.sort((x, y) => y.links - x.links || x.community - y.community);
  }
}
