import { DirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';

// CommonJS typed as an ES default export: at run time the default import is the layout function itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

export type Positions = Record<string, { x: number; y: number }>;

/**
 * Positions for a graph of communities: ForceAtlas2 (200 iterations, settings inferred from the graph's size, links
 * pulling by their weight) started from a circle in the order given, so the same communities and links always get the
 * same positions. Cheap at a few hundred nodes.
 */
export function communityLayout(
  nodes: ReadonlyArray<{ id: string; size: number }>,
  edges: ReadonlyArray<{ source: string; target: string; weight: number }>,
): Positions {
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
  const positions: Positions = {};
  graph.forEachNode((node, attributes) => (positions[node] = { x: attributes.x as number, y: attributes.y as number }));
  return positions;
}
