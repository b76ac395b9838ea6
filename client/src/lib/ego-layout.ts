/**
 * A radial layout for an ego network: the person in the middle, the people one hop away on an inner ring, two hops on
 * an outer ring. Within a ring people are grouped by community, so a person's circles show as arcs of one colour.
 */
export interface EgoPerson {
  id: string;
  community: number | null;
  influence: number | null;
}

export interface EgoLink {
  source: string;
  target: string;
}

export interface PlacedPerson<P extends EgoPerson> {
  person: P;
  depth: 0 | 1 | 2;
  x: number;
  y: number;
}

export function egoLayout<P extends EgoPerson>(
  center: string,
  people: readonly P[],
  links: readonly EgoLink[],
  radius = 1,
): PlacedPerson<P>[] {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    neighbours.get(a)!.add(b);
  };
  for (const { source, target } of links) {
    link(source, target);
    link(target, source);
  }
  // Hops from the centre in either direction (influence flows both ways around a person).
  const depth = new Map<string, number>([[center, 0]]);
  let frontier = [center];
  for (let hop = 1; hop <= 2 && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (depth.has(other)) continue;
        depth.set(other, hop);
        next.push(other);
      }
    }
    frontier = next;
  }
  const byRing: P[][] = [[], [], []];
  for (const person of people) {
    const d = depth.get(person.id);
    if (d !== undefined) byRing[d].push(person);
  }
  const order = (a: P, b: P) =>
    (a.community ?? Infinity) - (b.community ?? Infinity) ||
    (b.influence ?? 0) - (a.influence ?? 0) ||
    (a.id < b.id ? -1 : 1);
  const placed: PlacedPerson<P>[] = byRing[0].map((person) => ({ person, depth: 0, x: 0, y: 0 }));
  const rings = byRing[2].length > 0 ? [0.5, 1] : [0.8];
  for (const ring of [1, 2] as const) {
    const members = byRing[ring].sort(order);
    const r = radius * (rings[ring - 1] ?? 1);
    members.forEach((person, i) => {
      // Start at the top and go clockwise; half a step offset keeps two-person rings from lining up with the centre.
      const angle = -Math.PI / 2 + (2 * Math.PI * (i + 0.5)) / members.length;
      placed.push({ person, depth: ring, x: r * Math.cos(angle), y: r * Math.sin(angle) });
    });
  }
  return placed;
}
