import type { Snapshot } from '../snapshot.ts';

/**
 * One score column as users see it everywhere: the CLI export, the API's people.get, the client's panels and legends,
 * and the README's score table all read these declarations (ARCHITECTURE.md, "Scores are declared once").
 */
export interface ScoreDefinition {
  /** Column name in exports and the store; stable once published. */
  column: string;
  label: string;
  description: string;
  /** What a value counts or measures, e.g. "people", "probability", "0-100". */
  unit: string;
  /** The range values fall in, when bounded. */
  range?: readonly [number, number];
  kind: 'float' | 'integer' | 'category' | 'boolean';
  /** How the value is explained to a user (the "why" behind the score). */
  explanation: string;
  /** False where a higher value is worse (e.g. detractor reach is a risk). Default true. */
  higherIsBetter?: boolean;
}

/** A graph-level figure a family records with its score set (iterations, modularity, ...), as users read it. */
export interface FigureDefinition {
  label: string;
  /** How the value reads: a count, a share (percent), a convergence residual (tiny), a decimal, people, or as it is. */
  kind: 'count' | 'percent' | 'tiny' | 'decimal' | 'people' | 'text' | 'yes/no';
}

export interface FamilyContext<O> {
  snapshot: Snapshot;
  options: O;
  /** Seed for randomized algorithms: the same graph and options give the same scores. */
  seed: number;
  signal?: AbortSignal;
  /** Fraction of this family's work done, 0..1. */
  onProgress: (fraction: number) => void;
  /** Columns computed by earlier families (see `dependsOn`). */
  columns: Readonly<Record<string, Float64Array>>;
  /** Graph-level figures to keep with the score set (modularity, residuals, ...). */
  summary: Record<string, number | string | boolean | null>;
}

/** A family of scores computed together by one algorithm. */
export interface ScoreFamily<O extends object = Record<string, unknown>> {
  id: string;
  label: string;
  description: string;
  /** The paper or reference behind the algorithm. */
  reference: string;
  scores: readonly ScoreDefinition[];
  /** The graph-level figures `compute` puts in the summary, by key, in the order they are shown. */
  figures?: Readonly<Record<string, FigureDefinition>>;
  /** Families whose columns this one reads. */
  dependsOn?: readonly string[];
  defaults: O;
  compute(context: FamilyContext<O>): Promise<Record<string, Float64Array>> | Record<string, Float64Array>;
}

/** Declares a family with its option type inferred from `defaults`. */
export function defineFamily<O extends object>(family: ScoreFamily<O>): ScoreFamily<O> {
  return family;
}
