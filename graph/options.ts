import { InvalidOptionsError } from './errors.ts';

/**
 * Option validation shared by every public library function, in the style of graphology's packages: defaults are
 * merged first, then each value is checked with a message that names the function and the option.
 */
export function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined, where: string): T {
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    throw new InvalidOptionsError(where, 'options must be an object');
  }
  const merged = { ...defaults } as T;
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!(key in defaults)) throw new InvalidOptionsError(where, `unknown option "${key}"`);
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  { min = -Infinity, max = Infinity, integer = false, exclusiveMin = false } = {},
): number {
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new InvalidOptionsError(where, `"${name}" must be a number`);
  if (integer && !Number.isInteger(value)) throw new InvalidOptionsError(where, `"${name}" must be an integer`);
  if (exclusiveMin ? value <= min : value < min) {
    throw new InvalidOptionsError(
      where,
      `"${name}" must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}, got ${value}`,
    );
  }
  if (value > max) throw new InvalidOptionsError(where, `"${name}" must be at most ${max}, got ${value}`);
  return value;
}

export function checkOneOf<T extends string>(where: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionsError(
      where,
      `"${name}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}
