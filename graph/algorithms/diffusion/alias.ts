import { InvalidOptionsError } from '../../errors.ts';

/**
 * Walker's alias method in Vose's numerically stable form (Vose, "A linear algorithm for generating random numbers
 * with a given distribution", IEEE TSE 1991): after O(n) set-up, drawing index i with probability w_i / sum(w) costs
 * one uniform column and one comparison. Used to draw RR-set roots in proportion to lifetime value. Only positive
 * weights get a column, so a zero-weight index can never be drawn, whatever the rounding.
 */
export class AliasTable {
  /** Person index of each column. */
  readonly index: Int32Array;
  /** Chance of keeping column c rather than taking its alias. */
  readonly keep: Float64Array;
  /** The alias of each column, as a person index. */
  readonly alias: Int32Array;
  readonly total: number;
  /** Number of columns (positive weights). */
  readonly columns: number;

  constructor(weights: ArrayLike<number>) {
    let total = 0;
    let columns = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w))
        throw new InvalidOptionsError('AliasTable', `weight ${i} must be finite and non-negative`);
      total += w;
      if (w > 0) columns++;
    }
    if (columns === 0) throw new InvalidOptionsError('AliasTable', 'weights must not all be zero');
    this.total = total;
    this.columns = columns;
    this.index = new Int32Array(columns);
    this.keep = new Float64Array(columns);
    this.alias = new Int32Array(columns);
    const scaled = new Float64Array(columns);
    const small = new Int32Array(columns);
    const large = new Int32Array(columns);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0, c = 0; i < weights.length; i++) {
      if (!(weights[i] > 0)) continue;
      this.index[c] = i;
      scaled[c] = (weights[i] * columns) / total;
      if (scaled[c] < 1) small[smallCount++] = c;
      else large[largeCount++] = c;
      c++;
    }
    while (smallCount > 0 && largeCount > 0) {
      const s = small[--smallCount];
      const l = large[largeCount - 1];
      this.keep[s] = scaled[s];
      this.alias[s] = this.index[l];
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        largeCount--;
        small[smallCount++] = l;
      }
    }
    // Whatever remains has scaled weight 1 up to rounding: it keeps its own column.
    for (const rest of [small.subarray(0, smallCount), large.subarray(0, largeCount)]) {
      for (const c of rest) {
        this.keep[c] = 1;
        this.alias[c] = this.index[c];
      }
    }
  }

  /** Draws a person index from two uniforms in [0, 1). */
  draw(u1: number, u2: number): number {
    const c = Math.floor(u1 * this.columns);
    return u2 < this.keep[c] ? this.index[c] : this.alias[c];
  }
}
