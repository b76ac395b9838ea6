import {
  ChunkBuffer,
  nodeAttributesOf,
  RELATIONSHIP_ATTRIBUTES,
  personValues,
  relationshipRecord,
  resolveExportOptions,
  type AttributeType,
  type GraphExportInput,
  type GraphExportOptions,
} from './options.ts';

/**
 * graphology's serialisation format (graphology.github.io, "Serialization"), streamed as text chunks: what
 * `graph.import()` reads and sigma and Gephi Lite load. Attributes carry JSON types; positions, sizes and colours are
 * sigma's node attributes x, y, size and color. Relationships as in options.ts.
 */
export async function* jsonChunks(input: GraphExportInput, options?: GraphExportOptions): AsyncGenerator<string> {
  const o = resolveExportOptions(options, 'JSON export');
  const nodeAttributes = nodeAttributesOf(o.columns);
  const buffer = new ChunkBuffer();
  const header = {
    attributes: { description: o.description, ...(o.date ? { date: o.date } : {}) },
    options: { type: 'directed', multi: false, allowSelfLoops: false },
  };
  buffer.add(`${JSON.stringify(header).slice(0, -1)},"nodes":[`);
  let first = true;
  for await (const person of input.people) {
    const values = personValues(person, o.columns);
    const attributes: Record<string, unknown> = {};
    nodeAttributes.forEach((a, k) => {
      if (values[k] !== null) attributes[a.name] = typed(a.name === 'channels' ? person.channels : values[k]!, a.type);
    });
    if (Number.isFinite(person.x) && Number.isFinite(person.y)) Object.assign(attributes, { x: person.x, y: person.y });
    if (Number.isFinite(person.size)) attributes.size = person.size;
    if (person.color) attributes.color = person.color;
    if (buffer.add(`${first ? '' : ','}\n${JSON.stringify({ key: person.id, attributes })}`)) yield buffer.take();
    first = false;
  }
  buffer.add('],"edges":[');
  first = true;
  for await (const relationship of input.relationships) {
    const { from, to, values } = relationshipRecord(relationship);
    const attributes: Record<string, unknown> = {};
    RELATIONSHIP_ATTRIBUTES.forEach((a, k) => {
      if (values[k] !== null) attributes[a.name] = typed(values[k]!, a.type);
    });
    if (buffer.add(`${first ? '' : ','}\n${JSON.stringify({ source: from, target: to, attributes })}`))
      yield buffer.take();
    first = false;
  }
  buffer.add(']}\n');
  yield buffer.take();
}

/** Back from the written text to a JSON value of the attribute's type (channels stay a list). */
function typed(value: string | string[] | undefined, type: AttributeType): unknown {
  if (Array.isArray(value)) return value;
  if (type === 'string') return value;
  if (type === 'boolean') return value === 'true';
  return Number(value);
}
