import { InvalidOptionsError } from '../errors.ts';

/**
 * Agreement between two partitions of the same people (e.g. detected communities against known departments):
 * normalized mutual information with the arithmetic-mean normalisation (Danon, Díaz-Guilera, Duch and Arenas, 2005;
 * scikit-learn's default), and the adjusted Rand index (Hubert and Arabie, 1985). Labels are any integers.
 */
export function normalizedMutualInformation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { n, joint, countA, countB } = contingency(a, b);
  const entropy = (counts: Map<number, number>): number => {
    let h = 0;
    for (const c of counts.values()) h -= (c / n) * Math.log(c / n);
    return h;
  };
  let mi = 0;
  for (const [key, c] of joint) {
    const [x, y] = splitKey(key);
    mi += (c / n) * Math.log((c * n) / (countA.get(x)! * countB.get(y)!));
  }
  const ha = entropy(countA);
  const hb = entropy(countB);
  return ha + hb > 0 ? mi / ((ha + hb) / 2) : 1;
}

export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { n, joint, countA, countB } = contingency(a, b);
  const pairs = (x: number): number => (x * (x - 1)) / 2;
  let index = 0;
  for (const c of joint.values()) index += pairs(c);
  let sumA = 0;
  let sumB = 0;
  for (const c of countA.values()) sumA += pairs(c);
  for (const c of countB.values()) sumB += pairs(c);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

const SHIFT = 2 ** 26;

function splitKey(key: number): [number, number] {
  return [Math.floor(key / SHIFT), key % SHIFT];
}

function contingency(a: ArrayLike<number>, b: ArrayLike<number>) {
  if (a.length !== b.length)
    throw new InvalidOptionsError('partition agreement', `partitions differ in size (${a.length} and ${b.length})`);
  if (a.length === 0) throw new InvalidOptionsError('partition agreement', 'partitions are empty');
  const relabel = (labels: ArrayLike<number>): Int32Array => {
    const map = new Map<number, number>();
    return Int32Array.from({ length: labels.length }, (_, i) => {
      let id = map.get(labels[i]);
      if (id === undefined) map.set(labels[i], (id = map.size));
      return id;
    });
  };
  const x = relabel(a);
  const y = relabel(b);
  const joint = new Map<number, number>();
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    const key = x[i] * SHIFT + y[i];
    joint.set(key, (joint.get(key) ?? 0) + 1);
    countA.set(x[i], (countA.get(x[i]) ?? 0) + 1);
    countB.set(y[i], (countB.get(y[i]) ?? 0) + 1);
  }
  return { n: x.length, joint, countA, countB };
}
