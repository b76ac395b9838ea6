import { InvalidOptionsError } from '../../graph/errors.ts';
import type { Relationship } from '../../graph/model.ts';
import { checkNumber, withDefaults } from '../../graph/options.ts';

/** A relationship reduced to what choosing an ego network needs. */
export interface Tie {
  source: string;
  target: string;
  weight: number;
}

export interface EgoOptions {
  /** Hops from the centre, either direction. Default 1. */
  depth: 1 | 2;
  /** Most people returned, the centre included. Default 100, at most 10,000. */
  limit: number;
}

export const EGO_DEFAULTS: EgoOptions = { depth: 1, limit: 100 };

export function egoOptions(given: Partial<EgoOptions> | undefined): EgoOptions {
  const o = withDefaults(EGO_DEFAULTS, given, 'ego');
  if (o.depth !== 1 && o.depth !== 2) throw new InvalidOptionsError('ego', '"depth" must be 1 or 2');
  checkNumber('ego', 'limit', o.limit, { min: 1, max: 10_000, integer: true });
  return o;
}

/**
 * Chooses the people of an ego network, shared by both stores so that they agree exactly. People are taken ring by
 * ring (distance 1, then 2); within a ring the strongest ties come first (the summed weight of the relationships, in
 * either direction, linking a person to the centre for ring 1, or to ring 1 for ring 2), ties broken by id. When
 * the limit cuts a ring short, the weakest ties are the ones left out and `truncated` says so.
 *
 * `tiesOf(ids)` returns every relationship with an endpoint among `ids`.
 */
export async function chooseEgoPeople(
  center: string,
  options: EgoOptions,
  tiesOf: (ids: string[]) => Promise<Tie[]>,
): Promise<{ ids: string[]; truncated: boolean }> {
  const chosen = [center];
  const taken = new Set(chosen);
  let ring = [center];
  let truncated = false;
  for (let distance = 1; distance <= options.depth; distance++) {
    const inRing = new Set(ring);
    const strength = new Map<string, number>();
    for (const tie of await tiesOf(ring)) {
      // A tie counts toward the endpoint outside the previous rings, reached from the previous ring.
      for (const [from, to] of [
        [tie.source, tie.target],
        [tie.target, tie.source],
      ] as const) {
        if (inRing.has(from) && !taken.has(to)) strength.set(to, (strength.get(to) ?? 0) + tie.weight);
      }
    }
    const next = [...strength.keys()].sort(
      (a, b) => strength.get(b)! - strength.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
    );
    const room = options.limit - chosen.length;
    if (next.length > room) {
      truncated = true;
      next.length = Math.max(0, room);
    }
    for (const id of next) {
      chosen.push(id);
      taken.add(id);
    }
    if (truncated || next.length === 0) break;
    ring = next;
  }
  return { ids: chosen, truncated };
}

/** Relationships in a stable order: by source, target, then kind. */
export function compareRelationships(a: Relationship, b: Relationship): number {
  return a.source < b.source
    ? -1
    : a.source > b.source
      ? 1
      : a.target < b.target
        ? -1
        : a.target > b.target
          ? 1
          : a.kind < b.kind
            ? -1
            : a.kind > b.kind
              ? 1
              : 0;
}
