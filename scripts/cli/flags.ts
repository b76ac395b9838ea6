import type { z, ZodType } from 'zod';
import { InvalidOptionsError } from '../../graph/errors.ts';

/**
 * Commander gives every flag as text; the use cases' schemas (server/usecases) want values. These turn the text into
 * what the schema checks, so the CLI and the API validate the same options with the same defaults and limits, before
 * any work starts.
 */

/**
 * A numeric flag's value: a number, NaN when the text is not one (the schema then refuses it), undefined when absent.
 */
export function numberFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return text.trim() === '' ? NaN : Number(text);
}

/** A comma-separated list (`a,b,c`), without empty entries; undefined when absent. */
export function listFlag(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Validates the values of a command's flags with a use case's schema. `flags` names the flag behind each option
 * (e.g. `{ evaluationRuns: '--runs' }`; default `--<option>`) and `given` the text the user typed, so that a problem
 * reads "sway advocates: --runs must be ... (got "x")".
 */
export function parseFlags<S extends ZodType>(
  schema: S,
  values: Record<string, unknown>,
  command: string,
  flags: Record<string, string> = {},
  given: Record<string, string | undefined> = {},
): z.output<S> {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)),
  );
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const option = String(issue.path[0] ?? '');
    const flag = flags[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const text = given[option];
    return `${flag} ${issue.message}${text === undefined ? '' : ` (got "${text}")`}`;
  });
  throw new InvalidOptionsError(command, problems.join('; '));
}
