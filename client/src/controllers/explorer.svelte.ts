/**
 * The explorer's state in one place: what is drawn (filters), how it is coloured, who is selected, hovered or
 * highlighted as an advocate, and where the camera should go. Views and panels change it; the graph canvas reads it.
 */

import { COLUMN } from '../../../graph/scores/definitions.ts';

export const COLOURINGS = ['community', 'reputation', 'detractor'] as const;
export type Colouring = (typeof COLOURINGS)[number];

/** The score columns the explorer sizes and colours by (their labels and ranges come from the declarations). */
export const SIZE_COLUMN = COLUMN.influence;
export const COLOURING_COLUMNS: Record<Colouring, string> = {
  community: COLUMN.community,
  reputation: COLUMN.reputation,
  detractor: COLUMN.detractor,
};

/** A spread shown on the explorer and the communities view: per person and per community, and from whom. */
export interface SpreadShown {
  probabilities: ReadonlyMap<string, number>;
  communities: ReadonlyMap<number, { mean: number; ci95: readonly number[] }>;
  label: string;
}

export interface ExplorerFilters {
  community: number | null;
  segment: string | null;
  channel: string | null;
  /** Minimum influence (x average) a person needs to be drawn. */
  minInfluence: number;
  detractorsOnly: boolean;
}

/** The attributes filters look at, as the canvas keeps them on each node. */
export interface FilterableNode {
  community: number | null;
  segment: string | null;
  channels: readonly string[];
  influence: number;
  detractor: boolean;
}

export const NO_FILTERS: Readonly<ExplorerFilters> = Object.freeze({
  community: null,
  segment: null,
  channel: null,
  minInfluence: 0,
  detractorsOnly: false,
});

export function passesFilters(node: FilterableNode, filters: ExplorerFilters): boolean {
  if (filters.community !== null && node.community !== filters.community) return false;
  if (filters.segment !== null && node.segment !== filters.segment) return false;
  if (filters.channel !== null && !node.channels.includes(filters.channel)) return false;
  if (node.influence < filters.minInfluence) return false;
  if (filters.detractorsOnly && !node.detractor) return false;
  return true;
}

export function filtersActive(filters: ExplorerFilters): boolean {
  return (
    filters.community !== null ||
    filters.segment !== null ||
    filters.channel !== null ||
    filters.minInfluence > 0 ||
    filters.detractorsOnly
  );
}

export class ExplorerState {
  colouring = $state<Colouring>('community');
  filters = $state<ExplorerFilters>({ ...NO_FILTERS });
  /** The person whose panel is open. */
  selected = $state<string | null>(null);
  /** The person under the pointer; their neighbourhood is highlighted. */
  hovered = $state<string | null>(null);
  /** People to emphasise on the graph (the advocates of the last plan), with what they are. */
  highlighted = $state.raw<{ ids: ReadonlySet<string>; label: string } | null>(null);
  /** A spread shown on the graph (the Spread screen): each person's probability of being reached, and from whom. */
  reach = $state.raw<SpreadShown | null>(null);
  /** A request to move the camera to a person; `serial` makes asking twice for the same person move it again. */
  focus = $state.raw<{ id: string; serial: number } | null>(null);
  /** Bumped when the data changed under the screens (an erasure), so they load again. */
  revision = $state(0);
  #serial = 0;

  dataChanged(): void {
    this.revision++;
  }

  /** Opens a person's panel, or closes it (null), which also drops any pending request to bring them into view. */
  select(id: string | null): void {
    this.selected = id;
    if (id === null) this.focus = null;
  }

  /** Selects a person and asks the canvas to bring them into view. */
  show(id: string): void {
    this.selected = id;
    this.focus = { id, serial: ++this.#serial };
  }

  /** Shows one community on its own, coloured by community. */
  focusCommunity(community: number): void {
    this.filters = { ...NO_FILTERS, community };
    this.colouring = 'community';
  }

  setFilter<K extends keyof ExplorerFilters>(key: K, value: ExplorerFilters[K]): void {
    this.filters = { ...this.filters, [key]: value };
  }

  clearFilters(): void {
    this.filters = { ...NO_FILTERS };
  }

  highlight(ids: Iterable<string>, label: string): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never mutated (a $state.raw field)
    this.highlighted = { ids: new Set(ids), label };
  }

  clearHighlight(): void {
    this.highlighted = null;
  }

  /** Colours the people by their probability of being reached (probability 1: the starting people). */
  showReach(spread: SpreadShown): void {
    this.reach = spread;
  }

  clearReach(): void {
    this.reach = null;
  }
}
