import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { InvalidOptionsError } from './errors.ts';
import type { Person, Relationship, RelationshipKind } from './model.ts';
import { influenceDirection } from './model.ts';
import { SnapshotBuilder, type Snapshot } from './snapshot.ts';

/**
 * The two conversions between graphology (the model for small graphs, subgraphs sent to the client, and graphology's
 * own algorithms such as Louvain) and the compute snapshot. Node keys are person ids; edges carry `weight` and, where
 * present, `rating`.
 */
export interface ToGraphologyOptions {
  /** Only these people (snapshot indices) and the edges among them; default everyone. */
  nodes?: ArrayLike<number>;
  /** Extra attributes per person, e.g. scores to draw. */
  nodeAttributes?: (index: number) => Attributes;
  /** `directed` keeps influence edges; `undirected` merges both directions into one edge (weights summed). */
  type?: 'directed' | 'undirected';
}

export function toGraphology(snapshot: Snapshot, options: ToGraphologyOptions = {}): AbstractGraph {
  const type = options.type ?? 'directed';
  if (type !== 'directed' && type !== 'undirected')
    throw new InvalidOptionsError('toGraphology', '"type" must be directed or undirected');
  const graph: AbstractGraph =
    type === 'directed' ? new DirectedGraph({ allowSelfLoops: false }) : new UndirectedGraph({ allowSelfLoops: false });
  const n = snapshot.nodeCount;
  const include = new Uint8Array(n);
  const nodes = options.nodes ?? Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < nodes.length; k++) {
    const i = nodes[k];
    if (!(i >= 0 && i < n)) throw new InvalidOptionsError('toGraphology', `node index ${i} is outside 0..${n - 1}`);
    include[i] = 1;
    graph.addNode(snapshot.ids.idOf(i), options.nodeAttributes?.(i) ?? {});
  }
  for (let k = 0; k < nodes.length; k++) {
    const s = nodes[k];
    const source = snapshot.ids.idOf(s);
    for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
      const t = snapshot.outTargets[e];
      if (!include[t]) continue;
      const target = snapshot.ids.idOf(t);
      const weight = snapshot.outWeights[e];
      const rating = snapshot.outRatings?.[e];
      if (type === 'undirected') {
        graph.updateEdge(source, target, (attributes: Attributes) => ({
          weight: ((attributes.weight as number | undefined) ?? 0) + weight,
        }));
      } else {
        graph.addEdge(source, target, rating !== undefined && !Number.isNaN(rating) ? { weight, rating } : { weight });
      }
    }
  }
  return graph;
}

export interface FromGraphologyOptions {
  /** What a directed edge means (see graph/model.ts); undirected edges become both directions. Default `influences`. */
  kind?: RelationshipKind;
}

/** A snapshot of a graphology graph: node attributes become person attributes, edges relationships. */
export function fromGraphology(graph: AbstractGraph, options: FromGraphologyOptions = {}): Snapshot {
  const builder = new SnapshotBuilder({ expectedEdges: graph.size * 2 });
  for (const person of peopleOfGraph(graph)) builder.addPerson(person);
  for (const relationship of relationshipsOfGraph(graph, options.kind ?? 'influences'))
    builder.addRelationship(relationship);
  return builder.build();
}

/** People of a graphology graph, with the attributes Sway knows taken from node attributes (values unchecked). */
export function* peopleOfGraph(graph: AbstractGraph): Generator<Person> {
  for (const { node, attributes } of graph.nodeEntries()) {
    yield { id: node, ...pickPersonAttributes(attributes) } as Person;
  }
}

export function* relationshipsOfGraph(graph: AbstractGraph, kind: RelationshipKind): Generator<Relationship> {
  for (const { source: u, target: v, attributes, undirected } of graph.edgeEntries()) {
    const edgeKind = (attributes.kind as RelationshipKind | undefined) ?? kind;
    const [source, target] = influenceDirection(u, v, edgeKind);
    const base = {
      kind: edgeKind,
      weight: (attributes.weight as number | undefined) ?? 1,
      ...pickRelationshipAttributes(attributes),
    };
    yield { source, target, ...base };
    if (undirected) yield { source: target, target: source, ...base };
  }
}

const PERSON_ATTRIBUTES = ['label', 'handle', 'segment', 'region', 'channels', 'customer', 'clv', 'sentiment'] as const;
const RELATIONSHIP_ATTRIBUTES = ['channel', 'rating', 'time'] as const;

function pickPersonAttributes(attributes: Attributes): Partial<Person> {
  const picked: Record<string, unknown> = {};
  for (const key of PERSON_ATTRIBUTES)
    if (attributes[key] !== undefined && attributes[key] !== null) picked[key] = attributes[key];
  return picked as Partial<Person>;
}

function pickRelationshipAttributes(attributes: Attributes): Partial<Relationship> {
  const picked: Record<string, unknown> = {};
  for (const key of RELATIONSHIP_ATTRIBUTES)
    if (attributes[key] !== undefined && attributes[key] !== null) picked[key] = attributes[key];
  return picked as Partial<Relationship>;
}
