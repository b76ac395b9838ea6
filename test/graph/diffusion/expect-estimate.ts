import { expect } from 'vitest';

/** |estimate - exact| within 4.5 standard errors (a 1-in-150,000 miss for a correct estimator). */
export function expectWithin(estimate: { mean: number; standardError: number }, exact: number, what?: string): void {
  expect(Math.abs(estimate.mean - exact), what).toBeLessThanOrEqual(4.5 * estimate.standardError + 1e-12);
}
