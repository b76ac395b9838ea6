import type { Outputs } from '../lib/api.ts';
import { COLOURING_COLUMNS, SIZE_COLUMN, type Colouring } from './explorer.svelte.ts';
import type { DrawData, DrawNode } from './graph-canvas.ts';

export type GraphViewResult = Outputs['graph']['view'];
type TopView = Extract<GraphViewResult, { mode: 'top' }>;
type CommunityView = Extract<GraphViewResult, { mode: 'communities' }>;

/** What the filter controls may offer for the drawn view: only values that occur in it. */
export interface FilterChoices {
  communities: number[];
  /** The communities' readable names, by number (absent: "Community n"). */
  communityNames: ReadonlyMap<number, string>;
  segments: string[];
  channels: string[];
  maxInfluence: number;
  /** Colourings the data supports (reputation needs a reputation column, and so on). */
  colourings: Colouring[];
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A person drawn as a node, sized by `sizeColumn` (influence, or one channel's influence). */
function personNode(node: TopView['nodes'][number], sizeColumn: string): DrawNode {
  const scores = node.scores as Record<string, number | null>;
  const community = scores[COLOURING_COLUMNS.community];
  const reputation = scores[COLOURING_COLUMNS.reputation];
  const detractor = scores[COLOURING_COLUMNS.detractor];
  const influence = scores[sizeColumn];
  return {
    id: node.id,
    label: node.label ?? node.id,
    influence: isNumber(influence) ? influence : 0,
    community: isNumber(community) ? community : null,
    communityName: node.communityName,
    reputation: isNumber(reputation) ? reputation : null,
    detractor: isNumber(detractor) && detractor > 0,
    segment: node.segment ?? null,
    channels: node.channels ?? [],
  };
}

/** A community drawn as one node: sized by its number of members, coloured as its members are. */
function communityNode(node: CommunityView['nodes'][number], positions: CommunityView['positions']): DrawNode {
  const position = positions?.[node.id];
  return {
    id: node.id,
    label: `${node.label} (${node.size})`,
    // Few nodes, each a group: every one is labelled, whatever overlaps.
    alwaysLabelled: true,
    influence: node.size,
    community: node.community,
    communityName: node.label,
    reputation: null,
    detractor: false,
    segment: null,
    channels: [],
    x: position?.x,
    y: position?.y,
  };
}

export function toDrawData(view: GraphViewResult): DrawData {
  if (view.mode === 'communities') {
    return { nodes: view.nodes.map((node) => communityNode(node, view.positions)), edges: view.edges };
  }
  const sizeColumn = view.sizeColumn ?? SIZE_COLUMN;
  return { nodes: view.nodes.map((node) => personNode(node, sizeColumn)), edges: view.edges };
}

export function filterChoices(view: GraphViewResult, data: DrawData): FilterChoices {
  const communities = new Set<number>();
  const communityNames = new Map<number, string>();
  const segments = new Set<string>();
  const channels = new Set<string>();
  let maxInfluence = 0;
  let hasReputation = false;
  let hasDetractor = false;
  for (const node of data.nodes) {
    if (node.community !== null) communities.add(node.community);
    if (node.community !== null && node.communityName) communityNames.set(node.community, node.communityName);
    if (node.segment) segments.add(node.segment);
    for (const channel of node.channels) channels.add(channel);
    if (node.influence > maxInfluence) maxInfluence = node.influence;
    if (node.reputation !== null) hasReputation = true;
  }
  if (view.mode === 'top') {
    hasDetractor = view.nodes.some((node) =>
      isNumber((node.scores as Record<string, number | null>)[COLOURING_COLUMNS.detractor]),
    );
  }
  const colourings: Colouring[] = ['community'];
  if (hasReputation) colourings.push('reputation');
  if (hasDetractor) colourings.push('detractor');
  return {
    communities: [...communities].sort((a, b) => a - b),
    communityNames,
    segments: [...segments].sort(),
    channels: [...channels].sort(),
    maxInfluence,
    colourings,
  };
}
