/** A part of `npm run bench`. Each section measures Sway against a baseline run in the same process and run. */
export interface BenchSection {
  id: string;
  title: string;
  run(context: BenchContext): Promise<void>;
}

export interface BenchContext {
  /** Prints one line of the report. */
  log(line: string): void;
  /** Prints a table: a header row and rows of cells, aligned. */
  table(header: string[], rows: Array<Array<string | number>>): void;
  /** Forces a garbage collection when node runs with --expose-gc, so memory figures are honest. */
  gc(): void;
  datasetsDir: string;
}
