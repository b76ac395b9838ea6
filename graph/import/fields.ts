import { InputError } from '../errors.ts';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../model.ts';

/**
 * Field parsers shared by every importer. Each names the file, line and field of a bad value, so a user can fix the
 * source data; importers pass the position of the row they are reading.
 */
export interface Position {
  file: string;
  line: number;
}

export function requiredId(value: string | undefined, at: Position, field: string): string {
  const id = value?.trim() ?? '';
  if (id === '') throw new InputError(at.file, at.line, field, 'is missing (a person id is required)');
  if (id.length > 256) throw new InputError(at.file, at.line, field, 'is longer than 256 characters');
  return id;
}

export function optionalText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

export function optionalNumber(
  value: string | number | undefined | null,
  at: Position,
  field: string,
  { min = -Infinity, max = Infinity, exclusiveMin = false } = {},
): number | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const number = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isFinite(number))
    throw new InputError(at.file, at.line, field, `${JSON.stringify(value)} is not a number`);
  if (exclusiveMin ? number <= min : number < min) {
    throw new InputError(
      at.file,
      at.line,
      field,
      `${number} must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`,
    );
  }
  if (number > max) throw new InputError(at.file, at.line, field, `${number} must be at most ${max}`);
  return number;
}

export function optionalWeight(value: string | number | undefined | null, at: Position, field = 'weight'): number {
  return optionalNumber(value, at, field, { min: 0, exclusiveMin: true }) ?? 1;
}

export function optionalUnitInterval(
  value: string | number | undefined | null,
  at: Position,
  field: string,
): number | undefined {
  return optionalNumber(value, at, field, { min: -1, max: 1 });
}

const TRUE = new Set(['1', 'true', 'yes', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'n']);

export function optionalBoolean(
  value: string | boolean | undefined | null,
  at: Position,
  field: string,
): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new InputError(
    at.file,
    at.line,
    field,
    `${JSON.stringify(value)} is not a boolean (use true/false, yes/no or 1/0)`,
  );
}

/** Unix seconds, or an ISO 8601 date turned into Unix seconds. */
export function optionalTime(
  value: string | number | undefined | null,
  at: Position,
  field = 'time',
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return optionalNumber(value, at, field);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new InputError(at.file, at.line, field, `${JSON.stringify(value)} is neither Unix seconds nor an ISO date`);
  return Math.round(ms / 1000);
}

export function optionalKind(
  value: string | undefined,
  fallback: RelationshipKind,
  at: Position,
  field = 'kind',
): RelationshipKind {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (!(RELATIONSHIP_KINDS as readonly string[]).includes(text)) {
    throw new InputError(
      at.file,
      at.line,
      field,
      `${JSON.stringify(value)} is not one of ${RELATIONSHIP_KINDS.join(', ')}`,
    );
  }
  return text as RelationshipKind;
}

/** "email;sms" or "email|sms" into a list. */
export function optionalList(value: string | string[] | undefined | null): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = (Array.isArray(value) ? value : value.split(/[;|]/)).map((item) => String(item).trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** Scales a rating from a declared range [lo, hi] linearly onto [-1, 1]. */
export function scaleRating(value: number, range: readonly [number, number], at: Position, field = 'rating'): number {
  const [lo, hi] = range;
  if (value < lo || value > hi)
    throw new InputError(at.file, at.line, field, `${value} is outside the declared range [${lo}, ${hi}]`);
  return lo === hi ? 0 : (2 * (value - lo)) / (hi - lo) - 1;
}
