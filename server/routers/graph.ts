import { DirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { z } from 'zod';
import { CommunityIndex } from '../cache/community-index.ts';
import type { AlignedView } from '../cache/graph-cache.ts';
import { router, viewerProcedure } from '../app/trpc.ts';
import { finiteOrNull, personBrief, requireColumns } from './present.ts';

// CommonJS typed as an ES default export: at run time the default import is the layout function itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

/** Score columns sent with every node of a drawn view, when the current version has them (sizes, colours, filters). */
const NODE_COLUMNS = [
  'influence',
  'influence_score',
  'community',
  'betweenness',
  'reputation',
  'detractor',
  'detractor_reach',
  'clv',
  'network_value',
];
const MAX_VIEW_EDGES = 100_000;

const viewInput = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('top'),
    /** The most influential people to draw. */
    limit: z.number().int().min(1).max(5000).default(500),
    /** Only members of this community. */
    community: z.number().int().min(0).optional(),
  }),
  z.object({
    mode: z.literal('communities'),
    /** The largest communities to draw, one node each. */
    limit: z.number().int().min(1).max(500).default(100),
  }),
]);

export const graphRouter = router({
  /** Counts, versions, the score set's graph-level figures and the top influencers. */
  summary: viewerProcedure.query(async ({ ctx }) => {
    const [counts, view] = await Promise.all([ctx.services.cache.versions(), ctx.services.cache.view()]);
    const scores = view.scores;
    const top = scores
      ? Array.from(scores.order('influence').subarray(0, 10), (row) => personBrief(view, scores.ids[row]))
      : [];
    return {
      people: counts.people,
      relationships: counts.relationships,
      graphVersion: counts.graphVersion,
      scoreVersion: scores?.version ?? null,
      scoredAt: scores?.meta.computedAt ?? null,
      families: scores?.meta.families ?? [],
      figures: scores?.meta.summary ?? {},
      scoresMatchGraph: view.scoresMatchGraph,
      communities: scores?.has('community') ? CommunityIndex.of(view).communities.length : null,
      topInfluencers: top,
      rescoring: ctx.services.jobs.active('score').length > 0 || ctx.services.jobs.active('import').length > 0,
    };
  }),

  /**
   * A drawable graph for large networks: the top people by influence with the relationships among them, or one node
   * per community with the links between communities (laid out with ForceAtlas2, so it comes with positions).
   */
  view: viewerProcedure.input(viewInput).query(async ({ ctx, input }) => {
    const view = await ctx.services.cache.view();
    return input.mode === 'top' ? topView(view, input.limit, input.community) : communityView(view, input.limit);
  }),
});

function topView(view: AlignedView, limit: number, community: number | undefined) {
  const scores = requireColumns(view, ['influence'], 'influence');
  const { snapshot, people } = view.graph;
  const columns = NODE_COLUMNS.filter((column) => scores.has(column));
  const selected = new Int32Array(snapshot.nodeCount).fill(-1);
  const nodes = [];
  const indices: number[] = [];
  for (const row of scores.order('influence')) {
    if (nodes.length >= limit) break;
    if (community !== undefined && scores.value('community', row) !== community) continue;
    const id = scores.ids[row];
    const index = snapshot.ids.indexOf(id);
    if (index < 0) continue;
    selected[index] = nodes.length;
    indices.push(index);
    const person = people.get(id);
    nodes.push({
      id,
      label: person?.label ?? null,
      segment: person?.segment ?? null,
      region: person?.region ?? null,
      channels: person?.channels ?? [],
      customer: person?.customer ?? null,
      scores: Object.fromEntries(columns.map((column) => [column, scores.value(column, row)])),
    });
  }
  const edges: Array<{ source: string; target: string; weight: number }> = [];
  let truncated = false;
  for (const [position, s] of indices.entries()) {
    for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
      const t = snapshot.outTargets[e];
      if (selected[t] < 0) continue;
      if (edges.length >= MAX_VIEW_EDGES) {
        truncated = true;
        break;
      }
      edges.push({ source: nodes[position].id, target: snapshot.ids.idOf(t), weight: snapshot.outWeights[e] });
    }
  }
  return { mode: 'top' as const, scoreVersion: scores.version, nodes, edges, positions: null, truncated };
}

const layoutCache = new WeakMap<AlignedView, Map<number, Record<string, { x: number; y: number }>>>();

function communityView(view: AlignedView, limit: number) {
  const scores = requireColumns(view, ['community'], 'communities');
  const index = CommunityIndex.of(view);
  const shown = index.communities.slice(0, limit);
  const included = new Set(shown.map((c) => c.community));
  const nodes = shown.map((c) => ({
    id: `community:${c.community}`,
    community: c.community,
    label: `Community ${c.community}`,
    size: c.size,
    attentionShare: finiteOrNull(c.attentionShare),
    internalLinks: c.internalLinks,
    externalLinks: c.externalLinks,
    leader: c.members.length > 0 ? personBrief(view, scores.ids[c.members[0]]) : null,
  }));
  const edges: Array<{ source: string; target: string; weight: number }> = [];
  for (const [key, links] of index.between) {
    const [a, b] = key.split(':').map(Number);
    if (included.has(a) && included.has(b))
      edges.push({ source: `community:${a}`, target: `community:${b}`, weight: links });
  }
  let layouts = layoutCache.get(view);
  if (!layouts) layoutCache.set(view, (layouts = new Map()));
  let positions = layouts.get(limit);
  if (!positions) layouts.set(limit, (positions = layout(nodes, edges)));
  return {
    mode: 'communities' as const,
    scoreVersion: scores.version,
    nodes,
    edges,
    positions,
    truncated: index.communities.length > limit,
  };
}

/** ForceAtlas2 from a circle (deterministic), cheap at a few hundred nodes. */
function layout(
  nodes: Array<{ id: string; size: number }>,
  edges: Array<{ source: string; target: string; weight: number }>,
) {
  const graph = new DirectedGraph();
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, nodes.length);
    graph.addNode(node.id, { x: Math.cos(angle) * 100, y: Math.sin(angle) * 100, size: Math.sqrt(node.size) });
  });
  for (const edge of edges) graph.addEdge(edge.source, edge.target, { weight: edge.weight });
  if (nodes.length > 1) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations: 200,
      settings: { ...settings, adjustSizes: false },
      getEdgeWeight: 'weight',
    });
  }
  const positions: Record<string, { x: number; y: number }> = {};
  graph.forEachNode((node, attributes) => (positions[node] = { x: attributes.x as number, y: attributes.y as number }));
  return positions;
}
