import { InvalidArgumentError } from 'commander';

/**
 * Parsers of option values for commander (`.option(flags, description, parser, default)`): a bad value is refused
 * while the command line is parsed, before any work starts (exit 2), with commander's message naming the option and
 * the value, followed by what is expected.
 */

interface Bounds {
  min?: number;
  max?: number;
  /** The lower bound itself is not allowed. */
  exclusiveMin?: boolean;
}

/** A number (decimal point, optional sign and exponent), within the bounds. */
export function numberArgument(bounds: Bounds = {}): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('It must be a number.');
    return checkBounds(value, bounds);
  };
}

/** A whole number written with digits only (and a minus sign where the bounds allow one), within the bounds. */
export function wholeNumberArgument(bounds: Bounds = {}): (text: string) => number {
  return (text) => {
    if (!/^-?\d+$/.test(text.trim())) throw new InvalidArgumentError('It must be a whole number.');
    return checkBounds(Number(text), bounds);
  };
}

/** A comma-separated list of non-empty items, each one of `allowed` when given. */
export function listArgument(allowed?: readonly string[]): (text: string) => string[] {
  return (text) => {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) throw new InvalidArgumentError('It must name at least one item (comma-separated).');
    const unknown = allowed ? items.filter((item) => !allowed.includes(item)) : [];
    if (unknown.length > 0)
      throw new InvalidArgumentError(`Unknown: ${unknown.join(', ')}; choose from ${allowed!.join(', ')}.`);
    return items;
  };
}

/** Two numbers "lo,hi" with lo < hi (a rating range). */
export function rangeArgument(text: string): [number, number] {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0] < parts[1])) {
    throw new InvalidArgumentError('It must be two numbers "low,high" with low below high.');
  }
  return [parts[0], parts[1]];
}

function checkBounds(value: number, { min = -Infinity, max = Infinity, exclusiveMin = false }: Bounds): number {
  if (exclusiveMin ? !(value > min) : value < min)
    throw new InvalidArgumentError(`It must be ${exclusiveMin ? 'above' : 'at least'} ${min}.`);
  if (value > max) throw new InvalidArgumentError(`It must be at most ${max}.`);
  return value;
}
