import { z, type ZodError, type ZodType } from 'zod';
import { InvalidOptionsError } from '../../graph/errors.ts';

/**
 * What the use cases' option schemas share. Each use case declares ONE zod schema for its options, with the defaults
 * read from the library's exported DEFAULTS; the API's routers take it as their input and the CLI parses its flags
 * into it, so both reach the same options with the same defaults and limits.
 */

/** A seed of the randomized algorithms: the same graph, options and seed give the same results. */
export const seedField = z.number().int().min(0).max(2 ** 32 - 1);

/** A person id as the API and the use cases accept it. */
export const personId = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters');

/** One readable line per problem, e.g. `limit: Too big: expected number to be <=100`. */
export function describeZodError(error: ZodError, name: (path: PropertyKey[]) => string = (path) => path.join('.')): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${name(issue.path)}: ` : ''}${issue.message}`).join('; ');
}

/**
 * Validates options with a use case's schema and applies its defaults; a problem is an InvalidOptionsError from
 * `where`, naming each option through `name` (the CLI names its flags).
 */
export function parseOptions<S extends ZodType>(schema: S, input: unknown, where: string, name?: (path: PropertyKey[]) => string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidOptionsError(where, describeZodError(parsed.error, name));
  return parsed.data;
}
