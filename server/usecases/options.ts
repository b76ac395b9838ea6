import { z, type ZodError, type ZodType } from 'zod';
import { InvalidOptionsError } from '../../graph/errors.ts';
import { RETENTION_DEFAULTS, type Retention } from '../stores/retention.ts';

/**
 * What the use cases' option schemas share. Each use case declares ONE zod schema for its options, with the defaults
 * read from the library's exported DEFAULTS; the API's routers take it as their input and the CLI parses its flags
 * into it, so both reach the same options with the same defaults and limits.
 */

/** A seed of the randomized algorithms: the same graph, options and seed give the same results. */
export const seedField = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/**
 * A date as users write it: `2016-01-31` (the end of that day, UTC: the whole day counts) or an ISO date-time, to
 * Unix seconds.
 */
export function parseDate(text: string): number {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dayOnly ? `${text}T23:59:59Z` : text);
  return ms / 1000;
}

/** A date field (see parseDate). */
export const dateField = z
  .string()
  .refine((text) => Number.isFinite(parseDate(text)), { message: 'must be a date such as 2016-01-31' });

/** A person id as the API and the use cases accept it. */
export const personId = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters');

/**
 * Which score versions the store keeps after a scoring (server/stores/retention.ts): the options `sway
 * score|rescore --keep-versions --keep-days` and the server's job configuration (`sway serve`) share. The API's inputs
 * leave them out (RETENTION_OPTION_KEYS): how much history is kept is the operator's choice, made once for the server.
 */
export const retentionFields = {
  /** Score versions kept at most; the current one and the one before it always stay. */
  keepVersions: z.number().int().min(2).max(1000).default(RETENTION_DEFAULTS.versions),
  /** Score versions computed longer ago than this many days go (except the current one and the one before it). */
  keepDays: z.number().positive().max(36_500).default(RETENTION_DEFAULTS.days),
};

/** The retention options as given (CLI, the server's configuration). */
export type RetentionChoice = z.input<z.ZodObject<typeof retentionFields>>;

/** The keys of the retention options, to leave them out of the API's inputs (`schema.omit(...)`). */
export const RETENTION_OPTION_KEYS = { keepVersions: true, keepDays: true } as const;

/** The store's retention from parsed options. */
export function retentionOf(o: { keepVersions: number; keepDays: number }): Retention {
  return { versions: o.keepVersions, days: o.keepDays };
}

/** One readable line per problem, e.g. `limit: must be at most 100`. */
export function describeZodError(
  error: ZodError,
  name: (path: PropertyKey[]) => string = (path) => path.join('.'),
): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${name(issue.path)}: ` : ''}${issue.message}`)
    .join('; ');
}

/**
 * Zod's messages in the words users read ("must be at most 500" rather than "Too big: expected number to be <=500"),
 * for every schema in the process; a message a schema gives itself ("must not be empty") is kept.
 */
z.config({
  customError(issue) {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.expected === 'int') return 'must be a whole number';
        return issue.expected === 'number' ? 'must be a number' : `must be ${article(issue.expected)}`;
      case 'too_small':
        return `must ${bound(issue.origin, issue.inclusive ? 'at least' : 'more than', issue.minimum)}`;
      case 'too_big':
        return `must ${bound(issue.origin, issue.inclusive ? 'at most' : 'less than', issue.maximum)}`;
      case 'invalid_value':
        return `must be one of ${issue.values.map(String).join(', ')}`;
      default:
        return undefined;
    }
  },
});

function bound(origin: string, relation: string, limit: number | bigint): string {
  const unit = origin === 'array' ? 'item' : origin === 'string' ? 'character' : null;
  return unit ? `have ${relation} ${limit} ${unit}${limit === 1 ? '' : 's'}` : `be ${relation} ${limit}`;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/**
 * Validates options with a use case's schema and applies its defaults; a problem is an InvalidOptionsError from
 * `where`, naming each option through `name` (the CLI names its flags).
 */
export function parseOptions<S extends ZodType>(
  schema: S,
  input: unknown,
  where: string,
  name?: (path: PropertyKey[]) => string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidOptionsError(where, describeZodError(parsed.error, name));
  return parsed.data;
}
