/**
 * The graph model: people and the relationships between them.
 *
 * Direction convention (ARCHITECTURE.md): a stored relationship always means "source influences target". Source data
 * says what its edge `u v` means with a kind: `influences` keeps it, `follows` and `trusts` (u follows / trusts v)
 * mean influence flows v -> u, so the importer reverses them. PageRank ("influence") runs on the attention graph, the
 * reverse of the influence graph; diffusion (IC/LT) runs on the influence graph itself.
 */
export const RELATIONSHIP_KINDS = ['follows', 'trusts', 'influences'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

export interface Person {
  /** The id given by the source data, kept as a string ("007" and "7" are different people). */
  id: string;
  label?: string;
  /** A short handle (e.g. a social-media name) that search matches by prefix. */
  handle?: string;
  segment?: string;
  region?: string;
  channels?: string[];
  customer?: boolean;
  /** Customer lifetime value, in the business's currency. */
  clv?: number;
  /** Brand sentiment in [-1, 1]: how the person feels about the business. */
  sentiment?: number;
}

export interface Relationship {
  /** The person who influences. */
  source: string;
  /** The person who is influenced (who listens, follows or trusts the source). */
  target: string;
  /** What the source data said the edge meant (before reversal). */
  kind: RelationshipKind;
  channel?: string;
  /** Strength of influence, > 0; 1 when the data gives none. */
  weight: number;
  /** The target's rating of the source in [-1, 1] (the listener rates the speaker): signed trust data. */
  rating?: number;
  /** When the relationship was observed, Unix seconds. */
  time?: number;
}

/** Something that receives a graph one element at a time: a snapshot builder, a store's import, a counter. */
export interface GraphSink {
  addPerson(person: Person): void;
  addRelationship(relationship: Relationship): void;
}

/** A batch produced by an importer. `line` numbers let a store name the line of a row it rejects. */
export interface ImportBatch {
  people: Person[];
  relationships: Relationship[];
}

/**
 * Turns a source edge `u v` of the given kind into the influence direction (source influences target).
 */
export function influenceDirection(u: string, v: string, kind: RelationshipKind): [source: string, target: string] {
  return kind === 'influences' ? [u, v] : [v, u];
}

/** The fields of a person that a score set or an export may show, in a stable order. */
export const PERSON_FIELDS = [
  'id',
  'label',
  'handle',
  'segment',
  'region',
  'channels',
  'customer',
  'clv',
  'sentiment',
] as const;
