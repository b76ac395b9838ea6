import { throwIfAborted } from '../../graph/errors.ts';
import { PERSON_FIELDS, type GraphSink, type Person, type Relationship } from '../../graph/model.ts';
import { SnapshotBuilder, type Snapshot } from '../../graph/snapshot.ts';
import type { GraphStore } from '../stores/contract.ts';

/**
 * The stored graph in memory: the compute snapshot and, when asked for, the descriptive fields of the people that
 * have any (labels, segments...), keyed by id. People known only by id cost nothing there, so a large anonymous
 * network stays as compact as its snapshot.
 */
export interface LoadedGraph {
  graphVersion: number;
  /** The store's counts when the graph was read (relationships are rows, as `sway import` reports them). */
  counts: { people: number; relationships: number };
  snapshot: Snapshot;
  /** Empty unless `people` was asked for. */
  people: ReadonlyMap<string, Person>;
  loadMs: number;
}

/** The one path from a store to the algorithms: streams the store's graph into a snapshot. */
export async function loadGraph(
  store: GraphStore,
  options: { people?: boolean; signal?: AbortSignal } = {},
): Promise<LoadedGraph> {
  const started = performance.now();
  const { graphVersion, people: peopleCount, relationships } = await store.counts();
  const builder = new SnapshotBuilder({ expectedEdges: Math.max(1024, relationships) });
  const people = new Map<string, Person>();
  const keepPeople = options.people ?? false;
  const sink: GraphSink = {
    addPerson(person: Person) {
      builder.addPerson(person);
      if (keepPeople && isDescribed(person)) people.set(person.id, person);
    },
    addRelationship(relationship: Relationship) {
      builder.addRelationship(relationship);
    },
  };
  await store.streamGraph(sink);
  throwIfAborted(options.signal);
  return {
    graphVersion,
    counts: { people: peopleCount, relationships },
    snapshot: builder.build(),
    people,
    loadMs: Math.round(performance.now() - started),
  };
}

function isDescribed(person: Person): boolean {
  return PERSON_FIELDS.some((field) => person[field] !== undefined && person[field] !== null);
}
