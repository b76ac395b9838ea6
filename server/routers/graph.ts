import { z } from 'zod';
import { channelColumn, COLUMN } from '../../graph/scores/definitions.ts';
import { strongLinks } from '../views/strong-links.ts';
import { communityNodeId, MAX_DRAWN_COMMUNITIES, type CachedView } from '../cache/graph-cache.ts';
import { findChannel } from '../views/channel-scores.ts';
import { topPeople } from '../views/top-people.ts';
import { finiteOrNull } from '../views/json.ts';
import { personBrief, requireColumns } from './present.ts';
import { exportGraph, exportGraphOptions } from '../usecases/export-graph.ts';
import { analystProcedure, router, viewerProcedure } from './trpc.ts';

/** Score columns sent with every node of a drawn view, when the current version has them (sizes, colours, filters). */
const NODE_COLUMNS: string[] = [
  COLUMN.influence,
  COLUMN.influenceScore,
  COLUMN.community,
  COLUMN.betweenness,
  COLUMN.reputation,
  COLUMN.detractor,
  COLUMN.detractorReach,
  COLUMN.clv,
  COLUMN.networkValue,
];
const MAX_VIEW_EDGES = 100_000;

const viewInput = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('top'),
    /** The most influential people to draw. */
    limit: z.number().int().min(1).max(5000).default(500),
    /** Only members of this community. */
    community: z.number().int().min(0).optional(),
    /** Rank and size people by their influence on this channel (a name in the score set's meta.channels). */
    channel: z.string().trim().min(1).max(200).optional(),
    /**
     * Size and colour people by this kept score version (graph.versions) rather than the current one, aligned with the
     * current graph: the explorer's time control. People the version does not know get no value.
     */
    version: z.number().int().min(1).optional(),
  }),
  z.object({
    mode: z.literal('communities'),
    /** The largest communities to draw, one node each. */
    limit: z.number().int().min(1).max(MAX_DRAWN_COMMUNITIES).default(100),
  }),
]);

/** How an exported file is served: its type, for the browser's download. */
const MEDIA_TYPES = { gexf: 'application/gexf+xml', graphml: 'application/graphml+xml', json: 'application/json' };

export const graphRouter = router({
  /**
   * The graph, or the part of it a view shows (the top N people, one community, or one person's surroundings), as a
   * file Gephi, Gephi Lite, NetworkX or graphology opens: the same export as `sway export graph` (one use case).
   * Analysts and admins only: it holds every person's fields.
   */
  export: analystProcedure.input(exportGraphOptions.prefault({})).query(async ({ ctx, input }) => {
    const result = await exportGraph(ctx.services.store, input);
    let text = '';
    for await (const chunk of result.chunks) text += chunk;
    const part =
      input.top !== undefined
        ? `-top-${input.top}`
        : input.community !== undefined
          ? `-community-${input.community}`
          : input.ego !== undefined
            ? '-ego'
            : '';
    return {
      filename: `sway-graph${part}.${input.format}`,
      mediaType: MEDIA_TYPES[input.format],
      people: result.people,
      relationships: result.relationships,
      text,
    };
  }),

  /** Counts, versions, the score set's graph-level figures and the top influencers. */
  summary: viewerProcedure.query(async ({ ctx }) => {
    const view = await ctx.services.cache.view();
    const counts = { ...view.graph.counts, graphVersion: view.graph.graphVersion };
    const scores = view.scores;
    const top = scores
      ? Array.from(scores.order(COLUMN.influence).subarray(0, 10), (index) => personBrief(view, index))
      : [];
    return {
      people: counts.people,
      relationships: counts.relationships,
      graphVersion: counts.graphVersion,
      scoreVersion: scores?.version ?? null,
      scoredAt: scores?.meta.computedAt ?? null,
      families: scores?.meta.families ?? [],
      figures: scores?.meta.summary ?? {},
      // The time the scores describe (as of, window, half-life, trend period; graph/scores/types.ts ScoreSetTime).
      time: scores?.meta.time ?? null,
      scoresMatchGraph: view.scoresMatchGraph,
      communities: scores?.has(COLUMN.community) ? view.communities().communities.length : null,
      topInfluencers: top,
      rescoring: ctx.services.jobs.active('score').length > 0 || ctx.services.jobs.active('import').length > 0,
    };
  }),

  /**
   * A drawable graph for large networks: the top people by influence with the relationships among them, or one node
   * per community, named by what its members share, with the strong links between communities (views/strong-links.ts;
   * laid out with ForceAtlas2 on all of them, so it comes with positions).
   */
  view: viewerProcedure.input(viewInput).query(async ({ ctx, input }) => {
    if (input.mode === 'top') {
      const view = await ctx.services.cache.view();
      // The people drawn are the current version's, so a drawing keeps its nodes and positions as the version changes.
      const values = input.version === undefined ? view : await ctx.services.cache.viewOf(input.version);
      return topView(view, values, input.limit, input.community, input.channel);
    }
    return communityView(await ctx.services.cache.view(), input.limit);
  }),

  /**
   * The score versions the store keeps (server/stores/retention.ts), oldest first, with the date each scored the graph
   * as of and when it was computed: the steps of the explorer's time control (`sway rescore --windows` makes them).
   */
  versions: viewerProcedure.query(async ({ ctx }) => {
    // The store's current version (the cache may still serve the one before it while it loads the new one).
    const [kept, { scoreVersion }] = await Promise.all([
      ctx.services.cache.keptVersions(),
      ctx.services.cache.versions(),
    ]);
    return kept.map(({ version, meta }) => ({
      version,
      asOf: meta.time?.asOf ?? null,
      computedAt: meta.computedAt,
      windowDays: meta.time?.windowDays ?? null,
      current: version === scoreVersion,
    }));
  }),
});

/**
 * The top people of `view` (the current version) with the relationships among them, each with its values in `values`
 * (the current version, or a kept one: the time control).
 */
function topView(
  view: CachedView,
  values: CachedView,
  limit: number,
  community: number | undefined,
  channel: string | undefined,
) {
  const current = requireColumns(view, [COLUMN.influence]);
  const scores = requireColumns(values, [COLUMN.influence]);
  const { snapshot, people } = view.graph;
  // With a channel, people are ranked and sized by their influence there (nodes carry it as `sizeColumn`).
  const entry = channel === undefined ? null : findChannel(scores.meta, channel);
  const sizeColumn = entry ? channelColumn(COLUMN.influence, entry.key) : COLUMN.influence;
  const columns = [...NODE_COLUMNS, ...(entry ? [sizeColumn] : [])].filter((column) => scores.has(column));
  const currentEntry = channel === undefined ? null : findChannel(current.meta, channel);
  const { people: chosen, edges: induced } = topPeople(view, current, {
    limit,
    community,
    maxEdges: MAX_VIEW_EDGES,
    column: currentEntry ? channelColumn(COLUMN.influence, currentEntry.key) : COLUMN.influence,
  });
  const profiles = scores.has(COLUMN.community) ? values.communityProfiles() : null;
  const nodes = chosen.map((index) => {
    const id = snapshot.ids.idOf(index);
    const person = people.get(id);
    const member = scores.value(COLUMN.community, index);
    return {
      id,
      label: person?.label ?? null,
      communityName: member === null ? null : (profiles?.get(member)?.name ?? null),
      segment: person?.segment ?? null,
      region: person?.region ?? null,
      channels: person?.channels ?? [],
      customer: person?.customer ?? null,
      scores: Object.fromEntries(columns.map((column) => [column, scores.value(column, index)])),
    };
  });
  const edges = Array.from(induced.sources, (source, e) => ({
    source: snapshot.ids.idOf(source),
    target: snapshot.ids.idOf(induced.targets[e]),
    weight: induced.weights[e],
  }));
  return {
    mode: 'top' as const,
    scoreVersion: scores.version,
    channel: entry,
    sizeColumn,
    /** The channels the score version scored, which `channel` may name. */
    scoredChannels: (scores.meta.channels ?? []).map((c) => c.name),
    nodes,
    edges,
    positions: null,
    truncated: induced.truncated,
  };
}

function communityView(view: CachedView, limit: number) {
  const scores = requireColumns(view, [COLUMN.community]);
  const index = view.communities();
  const shown = index.communities.slice(0, limit);
  const included = new Set(shown.map((c) => c.community));
  const profiles = view.communityProfiles();
  const nodes = shown.map((c) => ({
    id: communityNodeId(c.community),
    community: c.community,
    label: profiles.get(c.community)?.name ?? `Community ${c.community}`,
    size: c.size,
    attentionShare: finiteOrNull(c.attentionShare),
    internalLinks: c.internalLinks,
    externalLinks: c.externalLinks,
    leader: c.members.length > 0 ? personBrief(view, c.members[0]) : null,
  }));
  const external = new Map(shown.map((c) => [c.community, c.externalLinks]));
  const edges = strongLinks(
    index.pairs.filter(({ a, b }) => included.has(a) && included.has(b)),
    external,
  ).map(({ a, b, links }) => ({ source: communityNodeId(a), target: communityNodeId(b), weight: links }));
  const layout = view.communityPositions();
  const positions = Object.fromEntries(nodes.map((node) => [node.id, layout[node.id]]));
  return {
    mode: 'communities' as const,
    scoreVersion: scores.version,
    nodes,
    edges,
    positions,
    truncated: index.communities.length > limit,
  };
}
