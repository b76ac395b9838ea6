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
