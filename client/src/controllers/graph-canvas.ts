import { DirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import FA2LayoutModule from 'graphology-layout-forceatlas2/worker.js';
import Sigma from 'sigma';
import { drawDiscNodeHover, drawDiscNodeLabel, EdgeLineProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { EdgeDisplayData, NodeDisplayData, PartialButFor } from 'sigma/types';
import { passesFilters, type Colouring, type ExplorerFilters, type FilterableNode } from './explorer.svelte.ts';
import { LabelPlacer } from '../lib/label-placer.ts';
import { LayoutSettling } from '../lib/layout-settling.ts';
import { ADVOCATE, communityColour, DETRACTOR, FADED, NOT_DETRACTOR, reputationColour } from '../lib/palette.ts';

/** A person as the canvas draws them; `x`/`y` are absent when the server had no layout. */
export interface DrawNode extends FilterableNode {
  id: string;
  label: string;
  /** The readable name of the node's community, when known. */
  communityName?: string | null;
  /** Labelled whatever overlaps (a community of the overview). */
  alwaysLabelled?: boolean;
  reputation: number | null;
  x?: number;
  y?: number;
}

export interface DrawEdge {
  source: string;
  target: string;
  weight: number;
}

export interface DrawData {
  nodes: readonly DrawNode[];
  edges: readonly DrawEdge[];
}

/** What the explorer state says about how to draw: the canvas only reads it. */
export interface Look {
  colouring: Colouring;
  filters: ExplorerFilters;
  selected: string | null;
  highlighted: ReadonlySet<string> | null;
  /**
   * A spread drawn over the network (the Spread screen): each person's colour (people absent are faded), the starting
   * people, and the relationships to emphasise (a likeliest path, a sampled cascade's hops so far) as `source→target`.
   */
  overlay?: {
    colours: ReadonlyMap<string, string>;
    emphasised: ReadonlySet<string>;
    links: ReadonlySet<string>;
  } | null;
}

export interface CanvasEvents {
  onClickNode(id: string): void;
  onClickStage(): void;
  onHover(id: string | null): void;
  onLayoutRunning(running: boolean): void;
  /** The first frame with every node is on screen. */
  onFirstFrame(): void;
}

// The package is CommonJS: its module object is the class (what Node and Vite give a default import), whatever the
// typings' `export default` says.
const FA2Layout = FA2LayoutModule as unknown as typeof FA2LayoutModule.default;
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;
type FA2Layout = InstanceType<typeof FA2Layout>;

type NodeAttributes = DrawNode & { x: number; y: number; size: number };
type LabelData = PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'>;

/**
 * ForceAtlas2 runs until the drawing has settled (positions sampled every SETTLE_SAMPLE_MS, layout-settling.ts), and
 * at most MAX_LAYOUT_MS, after loading a graph without positions and whenever the user starts it again.
 */
const SETTLE_SAMPLE_MS = 500;
const MAX_LAYOUT_MS = 25_000;
const EDGE_COLOUR = 'rgba(120, 130, 150, 0.18)';
const EDGE_HIGHLIGHT = 'rgba(40, 50, 70, 0.7)';
const MIN_SIZE = 2.5;
const MAX_SIZE = 16;
// Vogel's sunflower spiral: evenly spread starting positions, so ForceAtlas2 starts untangled and without overlaps.
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

function nodeColour(node: NodeAttributes, colouring: Colouring): string {
  switch (colouring) {
    case 'community':
      return communityColour(node.community);
    case 'reputation':
      return reputationColour(node.reputation);
    case 'detractor':
      return node.detractor ? DETRACTOR : NOT_DETRACTOR;
  }
}

/** Node size from influence on a log scale within the drawn view: influence is heavy-tailed like PageRank. */
function sizer(nodes: readonly DrawNode[]): (influence: number) => number {
  let min = Infinity;
  let max = 0;
  for (const node of nodes) {
    if (node.influence > 0 && node.influence < min) min = node.influence;
    if (node.influence > max) max = node.influence;
  }
  if (!(max > min)) return () => (MIN_SIZE + MAX_SIZE) / 3;
  const span = Math.log(max / min);
  return (influence) => MIN_SIZE + ((MAX_SIZE - MIN_SIZE) * Math.log(Math.max(influence, min) / min)) / span;
}

/**
 * The Explorer's WebGL drawing: a graphology graph of the view drawn by sigma. Colouring, filters, selection, hover
 * and advocate highlights are applied by sigma's node and edge reducers, so none of them rebuilds the graph; hover
 * re-reduces the items in place without re-indexing. ForceAtlas2 (Jacomy et al., 2014) runs in a web worker when the
 * server sent no positions.
 */
export class GraphCanvas {
  readonly graph = new DirectedGraph<NodeAttributes, { weight: number }>({ allowSelfLoops: false });
  readonly hasServerLayout: boolean;
  private readonly sigma: Sigma<NodeAttributes, { weight: number }>;
  private layout: FA2Layout | null = null;
  private layoutTimer: ReturnType<typeof setTimeout> | null = null;
  private settleTimer: ReturnType<typeof setInterval> | null = null;
  /**
   * Labels drawn in the current frame, so that no two overlap: people's labels, and the boxed ones of highlighted
   * people.
   */
  private readonly labels = new LabelPlacer(4);
  private readonly boxedLabels = new LabelPlacer(4);
  private look: Look;
  private hovered: string | null = null;
  private neighbours: Set<string> | null = null;
  private allNodes: string[] = [];
  private allEdges: string[] = [];
  /** People the filters leave out, worked out once per filter change rather than in every reducer call. */
  private filteredOut: Set<string> | null = null;
  /** Time stamp of the pointer event behind the hover being drawn, for the latency measure. */
  private pendingHoverEvent: number | null = null;

  constructor(
    container: HTMLElement,
    data: DrawData,
    look: Look,
    private readonly events: CanvasEvents,
  ) {
    this.look = look;
    const size = sizer(data.nodes);
    this.hasServerLayout =
      data.nodes.length > 0 && data.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
    data.nodes.forEach((node, i) => {
      const radius = Math.sqrt(i + 0.5);
      this.graph.addNode(node.id, {
        ...node,
        x: this.hasServerLayout ? node.x! : radius * Math.cos(i * GOLDEN_ANGLE),
        y: this.hasServerLayout ? node.y! : radius * Math.sin(i * GOLDEN_ANGLE),
        size: size(node.influence),
      });
    });
    for (const edge of data.edges) {
      if (edge.source === edge.target || !this.graph.hasNode(edge.source) || !this.graph.hasNode(edge.target)) continue;
      this.graph.mergeEdge(edge.source, edge.target, { weight: edge.weight });
    }
    this.allNodes = this.graph.nodes();
    this.allEdges = this.graph.edges();
    this.filteredOut = this.applyFilters(look.filters);

    this.sigma = new Sigma<NodeAttributes, { weight: number }>(this.graph, container, {
      nodeReducer: (node, attributes) => this.reduceNode(node, attributes),
      edgeReducer: (edge) => this.reduceEdge(edge),
      defaultEdgeColor: EDGE_COLOUR,
      labelRenderedSizeThreshold: 10,
      // Fewer labels than sigma's default: people's names are long. The grid picks the biggest person of each cell; a
      // name that still runs into another label is left out (drawLabel).
      labelDensity: 0.5,
      labelGridCellSize: 160,
      labelFont: 'system-ui, sans-serif',
      labelSize: 12,
      defaultDrawNodeLabel: (context, data, settings) => this.drawLabel(context, data, settings),
      defaultDrawNodeHover: (context, data, settings) => this.drawBoxedLabel(context, data, settings),
      hideEdgesOnMove: data.edges.length > 20_000,
      // One-pixel GL lines: tens of thousands of edges rasterise fast even on a software renderer.
      edgeProgramClasses: { line: EdgeLineProgram },
      zIndex: true,
      // The explorer may be loaded while its screen is hidden; the canvas sizes itself when shown.
      allowInvalidContainer: true,
    });

    this.sigma.on('beforeRender', () => {
      this.labels.reset();
      this.boxedLabels.reset();
    });
    this.sigma.once('afterRender', () => this.events.onFirstFrame());
    this.sigma.on('afterRender', () => this.measureHover());
    this.sigma.on('enterNode', ({ node, event }) => {
      this.pendingHoverEvent = event.original.timeStamp;
      this.setHovered(node);
      this.events.onHover(node);
    });
    this.sigma.on('leaveNode', () => {
      this.pendingHoverEvent = null;
      this.setHovered(null);
      this.events.onHover(null);
    });
    this.sigma.on('clickNode', ({ node }) => this.events.onClickNode(node));
    this.sigma.on('clickStage', () => this.events.onClickStage());

    if (!this.hasServerLayout && this.graph.order > 1) this.startLayout();
  }

  /**
   * Sigma's label, drawn only where it overlaps no label already drawn in this frame (a forced one always). A
   * highlighted
   * person's label is drawn boxed on the layer above (drawBoxedLabel), not twice.
   */
  private drawLabel(
    context: CanvasRenderingContext2D,
    data: LabelData & { highlighted?: boolean },
    settings: Settings<NodeAttributes, { weight: number }>,
  ): void {
    if (!data.label || data.highlighted) return;
    context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    const width = context.measureText(data.label).width;
    const box = {
      x: data.x + data.size + 3,
      y: data.y - settings.labelSize * 0.7,
      width,
      height: settings.labelSize * 1.2,
    };
    if (this.labels.place(box, data.forceLabel === true)) drawDiscNodeLabel(context, data, settings);
  }

  /**
   * The boxed label of a highlighted person (an advocate, the selected person) or of the person under the pointer,
   * who sigma draws first and always gets theirs; a highlighted person whose box would cover another keeps only the
   * halo.
   */
  private drawBoxedLabel(
    context: CanvasRenderingContext2D,
    data: LabelData & { key?: string },
    settings: Settings<NodeAttributes, { weight: number }>,
  ): void {
    let label = data.label;
    if (label) {
      context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
      const box = {
        x: data.x - data.size - 2,
        y: data.y - settings.labelSize / 2 - 4,
        width: 2 * data.size + 8 + context.measureText(label).width,
        height: settings.labelSize + 8,
      };
      if (!this.boxedLabels.place(box, data.key === this.hovered)) label = null;
    }
    drawDiscNodeHover(context, { ...data, label }, settings);
  }

  private reduceNode(node: string, data: NodeAttributes): Partial<NodeDisplayData> {
    const out: Partial<NodeDisplayData> & NodeAttributes = data;
    if (this.filteredOut?.has(node)) {
      out.hidden = true;
      return out;
    }
    out.color = nodeColour(data, this.look.colouring);
    const overlay = this.look.overlay;
    if (overlay) {
      out.color = overlay.colours.get(node) ?? FADED;
      if (overlay.emphasised.has(node)) {
        out.highlighted = true;
        out.forceLabel = true;
        out.zIndex = 2;
      }
    }
    if (data.alwaysLabelled) out.forceLabel = true;
    const advocate = this.look.highlighted?.has(node) ?? false;
    if (advocate) {
      out.highlighted = true;
      out.forceLabel = true;
      out.zIndex = 2;
      out.size = data.size * 1.4;
      out.color = this.look.colouring === 'community' ? out.color : ADVOCATE;
    } else if (this.look.highlighted) {
      // With advocates shown, everyone else steps back so the plan stands out.
      out.color = FADED;
      out.label = '';
    }
    if (this.neighbours && !this.neighbours.has(node)) {
      out.color = FADED;
      out.label = '';
      out.zIndex = 0;
    } else if (this.neighbours) {
      out.zIndex = 1;
      out.forceLabel = node === this.hovered;
    }
    if (node === this.look.selected) {
      out.color = nodeColour(data, this.look.colouring);
      out.highlighted = true;
      out.forceLabel = true;
      out.zIndex = 3;
    }
    return out;
  }

  private reduceEdge(edge: string): Partial<EdgeDisplayData> {
    // Edges carry only a weight: everything drawn is decided here.
    const out: Partial<EdgeDisplayData> = {};
    const [source, target] = this.graph.extremities(edge);
    if (this.filteredOut && (this.filteredOut.has(source) || this.filteredOut.has(target))) {
      out.hidden = true;
    } else if (this.look.overlay?.links.has(`${source}→${target}`)) {
      out.color = EDGE_HIGHLIGHT;
      out.size = 3;
      out.zIndex = 2;
    } else if (this.hovered && (source === this.hovered || target === this.hovered)) {
      out.color = EDGE_HIGHLIGHT;
      out.zIndex = 1;
    }
    return out;
  }

  private applyFilters(filters: ExplorerFilters): Set<string> | null {
    const out = new Set<string>();
    this.graph.forEachNode((node, attributes) => {
      if (!passesFilters(attributes, filters)) out.add(node);
    });
    return out.size > 0 ? out : null;
  }

  /** Applies a new look: filters re-index (the drawn set changes), the rest only re-reduces. */
  setLook(look: Look): void {
    const filtersChanged = look.filters !== this.look.filters;
    this.look = look;
    if (filtersChanged) {
      this.filteredOut = this.applyFilters(look.filters);
      this.sigma.refresh();
    } else this.reReduce(this.allEdges);
  }

  /** Re-runs the reducers over every node and the given edges and redraws, without re-indexing the graph. */
  private reReduce(edges: string[]): void {
    this.sigma.refresh({ partialGraph: { nodes: this.allNodes, edges }, skipIndexation: true });
  }

  /**
   * Highlights a person's neighbourhood: everyone else fades (every node is re-reduced) and their own links darken
   * (only the links of the people hovered before and now are re-reduced: the other links do not change).
   */
  setHovered(id: string | null): void {
    if (id === this.hovered) return;
    const touched = [this.hovered, id].filter((n): n is string => n !== null && this.graph.hasNode(n));
    this.hovered = id;
    this.neighbours = id && this.graph.hasNode(id) ? new Set([id, ...this.graph.neighbors(id)]) : null;
    this.reReduce(touched.flatMap((n) => this.graph.edges(n)));
  }

  /** Records, once the hover is drawn, how long it took from the pointer event (performance entries "sway:hover"). */
  private measureHover(): void {
    const start = this.pendingHoverEvent;
    if (start === null) return;
    this.pendingHoverEvent = null;
    performance.measure('sway:hover-drawn', { start, end: performance.now() });
    // The frame is on screen by the next animation frame at the latest.
    requestAnimationFrame(() => performance.measure('sway:hover-frame', { start, end: performance.now() }));
  }

  /**
   * New values for the people drawn (another score version: the time control): sizes, colours and what the filters
   * read change, positions and links stay. A person absent from `nodes` keeps no value: influence 0, no community.
   */
  setValues(nodes: readonly DrawNode[]): void {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const size = sizer(nodes);
    this.graph.updateEachNodeAttributes((id, attributes) => {
      const node = byId.get(id);
      const influence = node?.influence ?? 0;
      return {
        ...attributes,
        influence,
        community: node?.community ?? null,
        communityName: node?.communityName ?? null,
        reputation: node?.reputation ?? null,
        detractor: node?.detractor ?? false,
        size: size(influence),
      };
    });
    this.filteredOut = this.applyFilters(this.look.filters);
    this.sigma.refresh();
  }

  /** A person's drawn size and the influence it stands for; null when not drawn. */
  drawn(id: string): { size: number; influence: number } | null {
    if (!this.graph.hasNode(id)) return null;
    const { size, influence } = this.graph.getNodeAttributes(id);
    return { size, influence };
  }

  has(id: string): boolean {
    return this.graph.hasNode(id);
  }

  /** Moves the camera to a person; false when they are not in the drawn view. */
  focus(id: string): boolean {
    const display = this.sigma.getNodeDisplayData(id);
    if (!display) return false;
    void this.sigma.getCamera().animate({ x: display.x, y: display.y, ratio: 0.35 }, { duration: 500 });
    return true;
  }

  /** Follows the container's size (the person panel opening narrows it). */
  resize(): void {
    this.sigma.resize();
    this.sigma.scheduleRender();
  }

  resetCamera(): void {
    void this.sigma.getCamera().animatedReset({ duration: 300 });
  }

  get layoutRunning(): boolean {
    return this.layout?.isRunning() ?? false;
  }

  /** Starts ForceAtlas2 in its worker; it stops by itself once the drawing has settled, or after MAX_LAYOUT_MS. */
  startLayout(): void {
    this.layout ??= new FA2Layout(this.graph, {
      settings: { ...forceAtlas2.inferSettings(this.graph), barnesHutOptimize: this.graph.order > 500 },
      getEdgeWeight: null,
    });
    this.layout.start();
    this.events.onLayoutRunning(true);
    this.clearLayoutTimers();
    this.layoutTimer = setTimeout(() => this.stopLayout(), MAX_LAYOUT_MS);
    const settling = new LayoutSettling();
    const positions = new Float64Array(this.graph.order * 2);
    this.settleTimer = setInterval(() => {
      let i = 0;
      this.graph.forEachNode((_node, attributes) => {
        positions[i++] = attributes.x;
        positions[i++] = attributes.y;
      });
      if (settling.sample(positions)) this.stopLayout();
    }, SETTLE_SAMPLE_MS);
  }

  stopLayout(): void {
    this.clearLayoutTimers();
    if (this.layout?.isRunning()) this.layout.stop();
    this.events.onLayoutRunning(false);
  }

  private clearLayoutTimers(): void {
    if (this.layoutTimer) clearTimeout(this.layoutTimer);
    if (this.settleTimer) clearInterval(this.settleTimer);
    this.layoutTimer = null;
    this.settleTimer = null;
  }

  destroy(): void {
    this.clearLayoutTimers();
    this.layout?.kill();
    this.layout = null;
    this.sigma.kill();
  }
}
