import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A part of `npm run bench`. Each section measures Sway against a baseline run in the same process and run. */
export interface BenchSection {
  id: string;
  title: string;
  run(context: BenchContext): Promise<void>;
}

/** A dataset the section cannot run without: its path, or an error naming it. */
export function requireDataset(context: BenchContext, name: string): string {
  const path = context.dataset(name);
  if (!path) throw new Error(`dataset ${name} not found in the datasets folder (pass --datasets DIR)`);
  return path;
}

/**
 * A dataset as a plain file, for peers outside Sway (networkit, igraph, the C++ floor) that read no gzip: the gzip form
 * is decompressed once into a temporary folder.
 */
export function requirePlainDataset(context: BenchContext, name: string): string {
  const path = requireDataset(context, name);
  if (!path.endsWith('.gz')) return path;
  const plain = join(mkdtempSync(join(tmpdir(), 'sway-bench-plain-')), basename(path, '.gz'));
  writeFileSync(plain, gunzipSync(readFileSync(path)));
  return plain;
}

export interface BenchContext {
  /** Prints one line of the report. */
  log(line: string): void;
  /** Prints a table: a header row and rows of cells, aligned. */
  table(header: string[], rows: Array<Array<string | number>>): void;
  /** Forces a garbage collection when node runs with --expose-gc, so memory figures are honest. */
  gc(): void;
  /**
   * A public dataset by its plain name ('epinions.edgelist'): the file of that name in the datasets folder, or its gzip
   * form (name.gz, as datasets/ ships them); null when neither is there.
   */
  dataset(name: string): string | null;
}

/** The median of some timings (the upper one of an even count); the values are not reordered. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
