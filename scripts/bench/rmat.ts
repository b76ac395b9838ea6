import { Random } from '../../graph/random.ts';
import { SnapshotBuilder, type Snapshot } from '../../graph/snapshot.ts';

/**
 * A seeded R-MAT generator (Chakrabarti, Zhan and Faloutsos, SDM 2004) with the Graph500 parameters
 * a = 0.57, b = 0.19, c = 0.19, d = 0.05: skewed degrees and community structure like real social networks.
 * Edges go straight into a snapshot builder with integer ids, so a 50-million-edge graph costs no id strings.
 */
export interface RmatOptions {
  scale: number;
  edges: number;
  seed?: number;
}

export function* rmatEdges(options: RmatOptions): Generator<[number, number]> {
  const random = new Random(options.seed ?? 1);
  const { scale, edges } = options;
  for (let k = 0; k < edges; k++) {
    let u = 0;
    let v = 0;
    for (let bit = 0; bit < scale; bit++) {
      const r = random.next();
      u <<= 1;
      v <<= 1;
      if (r < 0.57) continue;
      if (r < 0.76) v |= 1;
      else if (r < 0.95) u |= 1;
      else {
        u |= 1;
        v |= 1;
      }
    }
    yield [u, v];
  }
}

export function rmatSnapshot(options: RmatOptions): Snapshot {
  const builder = new SnapshotBuilder({ expectedEdges: options.edges }).useIntegerIds(2 ** options.scale);
  for (const [u, v] of rmatEdges(options)) builder.addEdgeByIndex(u, v);
  return builder.build();
}
