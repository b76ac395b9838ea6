import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip, constants as zlib } from 'node:zlib';
import type { Snapshot } from '../../../graph/snapshot.ts';

/**
 * Writes a snapshot in the Spark application's input format (spark/README.md, "Input"): `people/` with
 * `index,id,clv,sentiment,customer` and `relationships/` with `source,target,weight,rating` by person index, "source
 * influences target", as gzip CSV. People keep the snapshot's numbering, so results come back by index and the
 * seeded samplings that depend on numbering (betweenness sources, HyperLogLog registers) match the local engine's.
 * Ids stay with Sway (the id field is empty): the application names people by index, and no personal identifier
 * leaves the machine.
 * Weight 1 and missing ratings are left empty (the application reads them as 1 and none), which halves the files of
 * an unweighted, unrated graph.
 *
 * Relationships go to several files written at once: gzip runs in libuv's thread pool, so both cores compress, and a
 * gzip file is read by one Spark task, so several files are read in parallel.
 */
export interface WriteGraphResult {
  people: number;
  relationships: number;
  bytes: number;
  ms: number;
}

/** Relationships per file: small enough that Spark reads a large graph with several tasks. */
const EDGES_PER_FILE = 4_000_000;

export async function writeGraphFiles(
  snapshot: Snapshot,
  folder: string,
  signal?: AbortSignal,
): Promise<WriteGraphResult> {
  const started = performance.now();
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'people'), { recursive: true });
  mkdirSync(join(folder, 'relationships'), { recursive: true });
  const n = snapshot.nodeCount;
  const { clv, sentiment, customer } = snapshot.attributes;
  let bytes = 0;
  const people = await writeGzip(
    join(folder, 'people', 'part-00000.csv.gz'),
    'index,id,clv,sentiment,customer\n',
    function* () {
      for (let i = 0; i < n; i++) {
        const c = clv && !Number.isNaN(clv[i]) ? String(clv[i]) : '';
        const s = sentiment && !Number.isNaN(sentiment[i]) ? String(sentiment[i]) : '';
        const k = customer && customer[i] !== 255 ? String(customer[i]) : '';
        yield `${i},,${c},${s},${k}\n`;
      }
    },
    signal,
  );
  bytes += people;

  const files = Math.max(1, Math.ceil(snapshot.edgeCount / EDGES_PER_FILE));
  const { outOffsets, outTargets, outWeights, outRatings } = snapshot;
  // Split by source so each file holds whole rows: about edgeCount / files edges each.
  const bounds = [0];
  for (let f = 1; f < files; f++) {
    const target = (snapshot.edgeCount * f) / files;
    let lo = bounds[f - 1];
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (outOffsets[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    bounds.push(lo);
  }
  bounds.push(n);
  const written = await Promise.all(
    Array.from({ length: files }, (_, f) =>
      writeGzip(
        join(folder, 'relationships', `part-${String(f).padStart(5, '0')}.csv.gz`),
        'source,target,weight,rating\n',
        function* () {
          for (let s = bounds[f]; s < bounds[f + 1]; s++) {
            let chunk = '';
            for (let e = outOffsets[s]; e < outOffsets[s + 1]; e++) {
              const w = outWeights[e];
              const r = outRatings ? outRatings[e] : NaN;
              chunk += `${s},${outTargets[e]},${w === 1 ? '' : w},${Number.isNaN(r) ? '' : r}\n`;
            }
            if (chunk) yield chunk;
          }
        },
        signal,
      ),
    ),
  );
  for (const b of written) bytes += b;
  return { people: n, relationships: snapshot.edgeCount, bytes, ms: Math.round(performance.now() - started) };
}

/** Writes the header and the generated text through gzip (fast level: the files are read once), in 1 MiB pieces. */
async function writeGzip(
  path: string,
  header: string,
  lines: () => Generator<string>,
  signal?: AbortSignal,
): Promise<number> {
  const gzip = createGzip({ level: zlib.Z_BEST_SPEED });
  const out = createWriteStream(path);
  gzip.pipe(out);
  let buffer = header;
  let pieces = 0;
  for (const line of lines()) {
    buffer += line;
    if (buffer.length >= 1 << 20) {
      if (++pieces % 16 === 0 && signal?.aborted) break;
      if (!gzip.write(buffer)) await once(gzip, 'drain');
      buffer = '';
    }
  }
  gzip.end(buffer);
  await once(out, 'finish');
  return out.bytesWritten;
}
