import { InvalidOptionsError } from '../errors.ts';
import type { Person, Relationship } from '../model.ts';
import { withDefaults } from '../options.ts';

/**
 * What the graph writers (gexf.ts, graphml.ts, json.ts) share: their input, their options, and the typed attributes
 * every format declares before the first person.
 *
 * Relationships are written in the direction their kind reads, as they were imported: "a follows b" and "a trusts b"
 * from a to b, "a influences b" from a to b. Sway stores "source influences target", so a follows/trusts relationship
 * is written from its target to its source, and Sway's importers turn it back; in Gephi the edges then point from
 * listener to speaker, the direction in which PageRank finds influence.
 */
export type ExportFormat = 'gexf' | 'graphml' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['gexf', 'graphml', 'json'];

/** A person as written: the person's fields, their scores, and how to draw them when a layout gave any. */
export interface ExportPerson extends Person {
  /** Score values by column; null, undefined or NaN where the person has none (nothing is written). */
  scores?: Readonly<Record<string, number | null | undefined>>;
  x?: number;
  y?: number;
  /** Drawn size. */
  size?: number;
  /** '#rrggbb'. */
  color?: string;
  /** The name of the person's community as Sway shows it (graph/scores/community-profiles.ts): community_name. */
  communityName?: string;
}

export type AttributeType = 'string' | 'double' | 'integer' | 'boolean';

/** A score column written as a typed attribute. */
export interface ExportColumn {
  name: string;
  type: Exclude<AttributeType, 'string'>;
}

export interface GraphExportInput {
  people: Iterable<ExportPerson> | AsyncIterable<ExportPerson>;
  relationships: Iterable<Relationship> | AsyncIterable<Relationship>;
}

export interface GraphExportOptions {
  /** Score columns to declare and write, in this order. Default none. */
  columns?: readonly ExportColumn[];
  /** Shown in the file's description. Default "Sway: people, relationships and scores". */
  description?: string;
  /** The date the file says it was made (YYYY-MM-DD); default none, so the same graph gives the same bytes. */
  date?: string | null;
}

export const GRAPH_EXPORT_DEFAULTS: Required<GraphExportOptions> = {
  columns: [],
  description: 'Sway: people, relationships and scores',
  date: null,
};

export interface Attribute {
  name: string;
  type: AttributeType;
}

/** Person fields written as attributes (the label is the node's own label where the format has one). */
export const PERSON_ATTRIBUTES: readonly Attribute[] = [
  { name: 'label', type: 'string' },
  { name: 'handle', type: 'string' },
  { name: 'segment', type: 'string' },
  { name: 'region', type: 'string' },
  // Several channels, "a;b" as in people.csv: every reader keeps it, and Sway's importers split it again.
  { name: 'channels', type: 'string' },
  { name: 'customer', type: 'boolean' },
  { name: 'clv', type: 'double' },
  { name: 'sentiment', type: 'double' },
];

/**
 * Written after the person's fields: the community's name beside its number (the score column `community`), so Gephi
 * can colour and filter by a name a person reads rather than by "Community 3".
 */
export const COMMUNITY_NAME_ATTRIBUTE: Attribute = { name: 'community_name', type: 'string' };

/** Every node attribute in the order personValues gives their values: person fields, community name, score columns. */
export function nodeAttributesOf(columns: readonly ExportColumn[]): Attribute[] {
  return [...PERSON_ATTRIBUTES, COMMUNITY_NAME_ATTRIBUTE, ...columns];
}

/** Relationship fields written as attributes (weight too, where the format has no weight of its own). */
export const RELATIONSHIP_ATTRIBUTES: readonly Attribute[] = [
  { name: 'kind', type: 'string' },
  { name: 'channel', type: 'string' },
  { name: 'weight', type: 'double' },
  { name: 'rating', type: 'double' },
  { name: 'time', type: 'double' },
];

const RESERVED = new Set([
  'id',
  'x',
  'y',
  'size',
  'color',
  ...PERSON_ATTRIBUTES.map((a) => a.name),
  COMMUNITY_NAME_ATTRIBUTE.name,
]);

export function resolveExportOptions(
  options: GraphExportOptions | undefined,
  where: string,
): Required<GraphExportOptions> {
  const o = withDefaults(GRAPH_EXPORT_DEFAULTS, options, where);
  const seen = new Set<string>();
  for (const column of o.columns) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column.name))
      throw new InvalidOptionsError(where, `score column "${column.name}" is not a plain name`);
    if (RESERVED.has(column.name))
      throw new InvalidOptionsError(
        where,
        `score column "${column.name}" would hide the person's own "${column.name}"`,
      );
    if (seen.has(column.name)) throw new InvalidOptionsError(where, `score column "${column.name}" is given twice`);
    if (!['double', 'integer', 'boolean'].includes(column.type))
      throw new InvalidOptionsError(where, `score column "${column.name}" has an unknown type "${column.type}"`);
    seen.add(column.name);
  }
  if (o.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(o.date))
    throw new InvalidOptionsError(where, `"date" must read YYYY-MM-DD, got ${JSON.stringify(o.date)}`);
  return o;
}

/** A value as the formats write it (numbers in their shortest exact form, −0 as 0), or null when there is none. */
export function formatValue(value: unknown, type: AttributeType): string | null {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'string':
      return Array.isArray(value)
        ? value.length > 0
          ? value.join(';')
          : null
        : String(value) === ''
          ? null
          : String(value);
    case 'boolean':
      return typeof value === 'number' ? (Number.isNaN(value) ? null : String(value !== 0)) : String(Boolean(value));
    case 'integer':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value)
        ? String(type === 'integer' ? Math.round(value) : value)
        : null;
  }
}

/** The person's attribute values in the order of nodeAttributesOf (null: nothing to write). */
export function personValues(person: ExportPerson, columns: readonly ExportColumn[]): Array<string | null> {
  const fields = person as unknown as Record<string, unknown>;
  return [
    ...PERSON_ATTRIBUTES.map((attribute) => formatValue(fields[attribute.name], attribute.type)),
    formatValue(person.communityName, COMMUNITY_NAME_ATTRIBUTE.type),
    ...columns.map((column) => formatValue(person.scores?.[column.name], column.type)),
  ];
}

/** The relationship's endpoints as its kind reads (see the top of this file) and its attribute values. */
export function relationshipRecord(relationship: Relationship): {
  from: string;
  to: string;
  values: Array<string | null>;
} {
  const recorded = relationship.kind === 'influences';
  const fields = relationship as unknown as Record<string, unknown>;
  return {
    from: recorded ? relationship.source : relationship.target,
    to: recorded ? relationship.target : relationship.source,
    values: RELATIONSHIP_ATTRIBUTES.map((attribute) => formatValue(fields[attribute.name], attribute.type)),
  };
}

/** '#rrggbb' as red, green and blue, or null when it is not that. */
export function rgb(color: string | undefined): [number, number, number] | null {
  const match = color === undefined ? null : /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return match ? [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)] : null;
}

/** Text safe inside an XML attribute or element: escaped, without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters: they are removed on purpose
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Groups small strings into chunks of about 64 KiB, so a writer yields a few large chunks, not many tiny ones. */
export class ChunkBuffer {
  private parts: string[] = [];
  private size = 0;

  add(text: string): boolean {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= 65536;
  }

  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return text;
  }
}

/**
 * Score declarations as typed export columns: floats as doubles, integer counts and community ids as integers. A score
 * named as a person field (the value family's `clv`, the lifetime value as imported) is left to the person's own.
 */
export function exportColumnsOf(
  definitions: ReadonlyArray<{ column: string; kind: 'float' | 'integer' | 'category' | 'boolean' }>,
): ExportColumn[] {
  const types = { float: 'double', integer: 'integer', category: 'integer', boolean: 'boolean' } as const;
  return definitions
    .filter((definition) => !RESERVED.has(definition.column))
    .map((definition) => ({ name: definition.column, type: types[definition.kind] }));
}
