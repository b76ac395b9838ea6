import type { GraphSink, Person, Relationship } from '../../graph/model.ts';
import { SnapshotBuilder, type Snapshot } from '../../graph/snapshot.ts';
import type { GraphStore } from '../stores/contract.ts';

/**
 * The stored graph as the API needs it: the compute snapshot (for explanations, drawable subgraphs, community links)
 * and the descriptive fields of the people that have any (labels, segments...), keyed by id. People known only by id
 * cost nothing here, so a large anonymous network stays as compact as its snapshot.
 */
export interface GraphView {
  graphVersion: number;
  snapshot: Snapshot;
  people: ReadonlyMap<string, Person>;
  loadMs: number;
}

export async function loadGraphView(store: GraphStore): Promise<GraphView> {
  const started = performance.now();
  const { graphVersion, relationships } = await store.counts();
  const builder = new SnapshotBuilder({ expectedEdges: Math.max(1024, relationships) });
  const people = new Map<string, Person>();
  const sink: GraphSink = {
    addPerson(person: Person) {
      builder.addPerson(person);
      if (isDescribed(person)) people.set(person.id, person);
    },
    addRelationship(relationship: Relationship) {
      builder.addRelationship(relationship);
    },
  };
  await store.streamGraph(sink);
  return { graphVersion, snapshot: builder.build(), people, loadMs: Math.round(performance.now() - started) };
}

function isDescribed(person: Person): boolean {
  for (const [field, value] of Object.entries(person))
    if (field !== 'id' && value !== undefined && value !== null) return true;
  return false;
}
