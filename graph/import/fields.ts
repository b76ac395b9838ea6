import { InputError } from '../errors.ts';
import {
  influenceDirection,
  RELATIONSHIP_KINDS,
  type Person,
  type Relationship,
  type RelationshipKind,
} from '../model.ts';

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
  if (id.includes('\0')) throw new InputError(at.file, at.line, field, 'contains a NUL character');
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

/** A person's descriptive fields as a source gives them: text (CSV cells) or typed values (graph attributes). */
export interface PersonValues {
  label?: unknown;
  handle?: unknown;
  segment?: unknown;
  region?: unknown;
  channels?: string | string[] | null;
  customer?: string | boolean | null;
  clv?: string | number | null;
  sentiment?: string | number | null;
}

/**
 * A person from their id and descriptive fields, each checked as every importer checks it: text trimmed (empty means
 * absent), channels as a list, customer as yes/no, a lifetime value of at least 0, a sentiment in [-1, 1]. `at` gives
 * the position to name in an error, asked for only when a checked field is present (finding it may cost a search).
 */
export function personFrom(id: string, values: PersonValues, at: () => Position): Person {
  const text = (value: unknown) => optionalText(textOf(value));
  const fields: Partial<Person> = {
    label: text(values.label),
    handle: text(values.handle),
    segment: text(values.segment),
    region: text(values.region),
    channels: optionalList(values.channels),
    customer: values.customer === undefined ? undefined : optionalBoolean(values.customer, at(), 'customer'),
    clv: values.clv === undefined ? undefined : optionalNumber(values.clv, at(), 'clv', { min: 0 }),
    sentiment: values.sentiment === undefined ? undefined : optionalUnitInterval(values.sentiment, at(), 'sentiment'),
  };
  const person: Person = { id };
  for (const [field, value] of Object.entries(fields))
    if (value !== undefined) (person as unknown as Record<string, unknown>)[field] = value;
  return person;
}

// Module-level rather than per call: these run for every node and edge of a file.
function textOf(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function scalar(value: unknown): string | number | undefined {
  return value === undefined || value === null ? undefined : (value as string | number);
}

/** A relationship's fields as a graph file gives them: typed attributes (graphology JSON) or text (GEXF, GraphML). */
export interface RelationshipValues {
  kind?: unknown;
  weight?: unknown;
  rating?: unknown;
  time?: unknown;
  channel?: unknown;
}

/**
 * The relationships an edge u-v of a graph file stands for, each field checked as every importer checks it: one in the
 * influence direction of its kind, two (one each way) for an undirected edge. A list of channels is kept as the text
 * "forum;email".
 */
export function relationshipsFrom(
  u: string,
  v: string,
  values: RelationshipValues,
  undirected: boolean,
  fallback: RelationshipKind,
  at: Position,
): Relationship[] {
  const kind = optionalKind(textOf(values.kind), fallback, at);
  const [source, target] = influenceDirection(u, v, kind);
  const weight = optionalWeight(scalar(values.weight), at);
  const rating = optionalUnitInterval(scalar(values.rating), at, 'rating');
  const time = optionalTime(scalar(values.time), at);
  const channel = Array.isArray(values.channel)
    ? optionalList(values.channel as string[])?.join(';')
    : optionalText(textOf(values.channel));
  const extra = Object.assign(
    {},
    channel !== undefined && { channel },
    rating !== undefined && { rating },
    time !== undefined && { time },
  );
  const relationship: Relationship = { source, target, kind, weight, ...extra };
  return undirected ? [relationship, { source: target, target: source, kind, weight, ...extra }] : [relationship];
}
