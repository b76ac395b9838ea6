import {
  ChunkBuffer,
  nodeAttributesOf,
  RELATIONSHIP_ATTRIBUTES,
  personValues,
  relationshipRecord,
  resolveExportOptions,
  rgb,
  xmlText,
  type Attribute,
  type AttributeType,
  type GraphExportInput,
  type GraphExportOptions,
} from './options.ts';

/**
 * GraphML (Brandes et al., graphml.graphdrawing.org), streamed as text chunks: people as nodes with their fields and
 * score columns as typed data, relationships as directed edges (see options.ts for their direction). GraphML has no
 * drawing vocabulary; positions, sizes and colours go in the keys Gephi reads and writes: x, y, size, and r, g, b.
 */
const GRAPHML_TYPES: Record<AttributeType, string> = {
  string: 'string',
  double: 'double',
  integer: 'int',
  boolean: 'boolean',
};
const DRAWING: readonly Attribute[] = [
  { name: 'x', type: 'double' },
  { name: 'y', type: 'double' },
  { name: 'size', type: 'double' },
  { name: 'r', type: 'integer' },
  { name: 'g', type: 'integer' },
  { name: 'b', type: 'integer' },
];

export async function* graphmlChunks(input: GraphExportInput, options?: GraphExportOptions): AsyncGenerator<string> {
  const o = resolveExportOptions(options, 'GraphML export');
  const nodeAttributes = nodeAttributesOf(o.columns);
  const key = (scope: 'node' | 'edge', a: { name: string; type: AttributeType }) =>
    `  <key id="${scope === 'node' ? 'v' : 'e'}_${a.name}" for="${scope}" attr.name="${a.name}" attr.type="${GRAPHML_TYPES[a.type]}"/>\n`;
  const buffer = new ChunkBuffer();
  buffer.add(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
      `  <desc>${xmlText(o.description)}${o.date ? ` (${o.date})` : ''}</desc>\n` +
      [...nodeAttributes, ...DRAWING].map((a) => key('node', a)).join('') +
      RELATIONSHIP_ATTRIBUTES.map((a) => key('edge', a)).join('') +
      '  <graph id="sway" edgedefault="directed">\n',
  );
  for await (const person of input.people) {
    const values = personValues(person, o.columns);
    const color = rgb(person.color);
    const drawing = [
      Number.isFinite(person.x) && Number.isFinite(person.y) ? String(person.x) : null,
      Number.isFinite(person.x) && Number.isFinite(person.y) ? String(person.y) : null,
      Number.isFinite(person.size) ? String(person.size) : null,
      ...(color ? color.map(String) : [null, null, null]),
    ];
    const data = [...nodeAttributes, ...DRAWING]
      .map((a, k) => [a.name, k < values.length ? values[k] : drawing[k - values.length]] as const)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `      <data key="v_${name}">${xmlText(value!)}</data>\n`);
    if (buffer.add(`    <node id="${xmlText(person.id)}">\n${data.join('')}    </node>\n`)) yield buffer.take();
  }
  let id = 0;
  for await (const relationship of input.relationships) {
    const { from, to, values } = relationshipRecord(relationship);
    const data = RELATIONSHIP_ATTRIBUTES.map((a, k) => [a.name, values[k]] as const)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `      <data key="e_${name}">${xmlText(value!)}</data>\n`);
    if (
      buffer.add(
        `    <edge id="e${id++}" source="${xmlText(from)}" target="${xmlText(to)}">\n${data.join('')}    </edge>\n`,
      )
    )
      yield buffer.take();
  }
  buffer.add('  </graph>\n</graphml>\n');
  yield buffer.take();
}
