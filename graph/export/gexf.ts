import {
  ChunkBuffer,
  nodeAttributesOf,
  RELATIONSHIP_ATTRIBUTES,
  personValues,
  relationshipRecord,
  resolveExportOptions,
  rgb,
  xmlText,
  type AttributeType,
  type GraphExportInput,
  type GraphExportOptions,
} from './options.ts';

/**
 * GEXF 1.3 (the format Gephi and Gephi Lite open), streamed as text chunks: people as nodes with their fields and score
 * columns as typed attributes, relationships as directed edges (see options.ts for their direction) with kind, channel,
 * rating and time, the weight as the edge's own; positions, sizes and colours in the viz namespace when given.
 * Specification: GEXF 1.3 primer and schema, gexf.net.
 */
const GEXF_TYPES: Record<AttributeType, string> = {
  string: 'string',
  double: 'double',
  integer: 'integer',
  boolean: 'boolean',
};

export async function* gexfChunks(input: GraphExportInput, options?: GraphExportOptions): AsyncGenerator<string> {
  const o = resolveExportOptions(options, 'GEXF export');
  const nodeAttributes = nodeAttributesOf(o.columns).filter((a) => a.name !== 'label');
  const edgeAttributes = RELATIONSHIP_ATTRIBUTES.filter((a) => a.name !== 'weight');
  const declare = (type: 'node' | 'edge', attributes: ReadonlyArray<{ name: string; type: AttributeType }>) =>
    `    <attributes class="${type}">\n` +
    attributes
      .map((a) => `      <attribute id="${a.name}" title="${a.name}" type="${GEXF_TYPES[a.type]}"/>\n`)
      .join('') +
    `    </attributes>\n`;
  const buffer = new ChunkBuffer();
  buffer.add(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">\n' +
      `  <meta${o.date ? ` lastmodifieddate="${o.date}"` : ''}>\n    <creator>Sway</creator>\n    <description>${xmlText(o.description)}</description>\n  </meta>\n` +
      '  <graph defaultedgetype="directed" mode="static">\n' +
      declare('node', nodeAttributes) +
      declare('edge', edgeAttributes) +
      '    <nodes>\n',
  );
  for await (const person of input.people) {
    const values = personValues(person, o.columns);
    const label = values[0];
    let node = `      <node id="${xmlText(person.id)}"${label !== null ? ` label="${xmlText(label)}"` : ''}>\n`;
    const attvalues = nodeAttributes
      .map((a, k) => [a.name, values[k + 1]] as const)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `          <attvalue for="${name}" value="${xmlText(value!)}"/>\n`);
    if (attvalues.length > 0) node += `        <attvalues>\n${attvalues.join('')}        </attvalues>\n`;
    const color = rgb(person.color);
    if (color) node += `        <viz:color r="${color[0]}" g="${color[1]}" b="${color[2]}"/>\n`;
    if (Number.isFinite(person.x) && Number.isFinite(person.y))
      node += `        <viz:position x="${person.x}" y="${person.y}" z="0"/>\n`;
    if (Number.isFinite(person.size)) node += `        <viz:size value="${person.size}"/>\n`;
    if (buffer.add(`${node}      </node>\n`)) yield buffer.take();
  }
  buffer.add('    </nodes>\n    <edges>\n');
  let id = 0;
  for await (const relationship of input.relationships) {
    const { from, to, values } = relationshipRecord(relationship);
    const weight = values[RELATIONSHIP_ATTRIBUTES.findIndex((a) => a.name === 'weight')];
    let edge = `      <edge id="${id++}" source="${xmlText(from)}" target="${xmlText(to)}"${weight !== null ? ` weight="${weight}"` : ''}>\n`;
    const attvalues = RELATIONSHIP_ATTRIBUTES.map((a, k) => [a.name, values[k]] as const)
      .filter(([name, value]) => name !== 'weight' && value !== null)
      .map(([name, value]) => `          <attvalue for="${name}" value="${xmlText(value!)}"/>\n`);
    if (attvalues.length > 0) edge += `        <attvalues>\n${attvalues.join('')}        </attvalues>\n`;
    if (buffer.add(`${edge}      </edge>\n`)) yield buffer.take();
  }
  buffer.add('    </edges>\n  </graph>\n</gexf>\n');
  yield buffer.take();
}
